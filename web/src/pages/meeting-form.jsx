// Schedule a meeting (POST /api/v1/meetings, the Cell) and edit one (PATCH
// /api/v1/meetings/{id} with the changed fields and the version the form was loaded with;
// `invited` adds States/UTs, none is removed). The agenda is a list of lines that grows;
// the States/UTs invited are 36 checkboxes, with "all" and "none".

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, flash, idempotencyFor, useSession } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import { Page, ErrorBox, Loading, Field, describedBy, fieldError } from '../lib/ui.jsx';
import { useStates } from '../lib/geo.js';
import { KINDS, MEETING_STATUSES, isCell, meetingHref, validId } from '../lib/meetings.jsx';
import { Forbidden } from './misc.jsx';

const AGENDA_MAX = 50;
const DT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const FIELDS = ['title', 'kind', 'starts_at', 'ends_at', 'venue', 'video_link', 'chair', 'status'];
const KNOWN = [...FIELDS, 'agenda', 'invited', 'version'];

function valuesOf(m) {
  const o = {};
  for (const k of FIELDS) o[k] = m && m[k] !== null && m[k] !== undefined ? String(m[k]) : '';
  if (!m) o.status = 'scheduled';
  o.agenda = m && Array.isArray(m.agenda) && m.agenda.length ? [...m.agenda] : [''];
  return o;
}

/* Checks of the browser, before anything is sent; {field: message}. */
function localErrors(f) {
  const e = {};
  if (!f.title.trim()) e.title = 'Enter the title of the meeting.';
  if (!f.kind) e.kind = 'Choose the kind of meeting.';
  if (!DT.test(f.starts_at)) e.starts_at = 'Enter the day and time the meeting starts.';
  if (f.ends_at && !DT.test(f.ends_at)) e.ends_at = 'Enter the day and time the meeting ends, or leave it empty.';
  else if (f.ends_at && DT.test(f.starts_at) && f.ends_at < f.starts_at) e.ends_at = 'The meeting cannot end before it starts.';
  return e;
}

/* The message above the form: the error itself, unless it is shown at its field. */
function topError(error, local) {
  if (Object.values(local).some(Boolean)) return { message: 'Please correct the marked fields.' };
  if (error && error.field && KNOWN.includes(error.field) && error.field !== 'version') return { message: 'Please correct the marked field.' };
  return error;
}

export function MeetingNew() {
  const s = useSession();
  if (!isCell(s.user)) return <Forbidden />;
  return <MeetingForm />;
}

export function MeetingEdit({ id }) {
  const s = useSession();
  const valid = validId(id);
  const [m, setM] = useState(null);
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(!valid);
  useEffect(() => {
    if (!valid) return undefined;
    let live = true;
    api('GET', `/meetings/${encodeURIComponent(id)}`).then(
      (r) => live && setM(r),
      (e) => { if (!live) return; if (e.status === 404) setMissing(true); else setError(e); },
    );
    return () => { live = false; };
  }, [id]);
  if (!isCell(s.user)) return <Forbidden />;
  if (missing) {
    return (
      <Page title="Meeting not found" heading="This meeting does not exist">
        <div class="empty-state">
          <p>There is no meeting at this address.</p>
          <p><Link href="/meetings">See the meetings</Link></p>
        </div>
      </Page>
    );
  }
  if (!m) {
    return (
      <Page title="Edit the meeting">
        <ErrorBox error={error} />
        {!error && <Loading what="the meeting" />}
      </Page>
    );
  }
  return <MeetingForm meeting={m} />;
}

function MeetingForm({ meeting }) {
  const editing = !!meeting;
  const [rec, setRec] = useState(meeting || null);
  const [f, setF] = useState(() => valuesOf(meeting));
  const [invited, setInvited] = useState([]);
  const [local, setLocal] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const keyRef = useRef(null);
  const agendaRefs = useRef([]);
  const focusItem = useRef(null);
  const [states, statesErr] = useStates();

  const already = new Set(((rec && rec.invitees) || []).map((x) => x.state_lgd));

  useEffect(() => {
    if (focusItem.current !== null) {
      const el = agendaRefs.current[focusItem.current];
      if (el) el.focus();
      focusItem.current = null;
    }
  });

  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  function setItem(i, v) { setF((cur) => ({ ...cur, agenda: cur.agenda.map((x, j) => (j === i ? v : x)) })); }
  function addItem() {
    if (f.agenda.length >= AGENDA_MAX) return;
    focusItem.current = f.agenda.length;
    setF({ ...f, agenda: [...f.agenda, ''] });
  }
  function removeItem(i) {
    const next = f.agenda.filter((_, j) => j !== i);
    focusItem.current = Math.max(0, Math.min(i, next.length - 1));
    setF({ ...f, agenda: next.length ? next : [''] });
  }
  function agendaKey(i, e) {
    // Enter in the last line adds a line rather than sending the form.
    if (e.key === 'Enter') {
      e.preventDefault();
      if (i === f.agenda.length - 1 && f.agenda[i].trim()) addItem();
      else if (agendaRefs.current[i + 1]) agendaRefs.current[i + 1].focus();
    }
  }
  const toggleState = (lgd) => setInvited((cur) => (cur.includes(lgd) ? cur.filter((x) => x !== lgd) : [...cur, lgd]));
  const selectAll = () => setInvited((states || []).map((x) => x.lgd).filter((l) => !already.has(l)));
  const selectNone = () => setInvited([]);

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const errs = localErrors(f);
    setLocal(errs);
    if (Object.keys(errs).length) { setError(null); return; }
    const agenda = f.agenda.map((x) => x.trim()).filter(Boolean);
    const chosen = (states || []).map((x) => x.lgd).filter((l) => invited.includes(l) && !already.has(l));
    setBusy(true);
    setError(null);
    try {
      if (!editing) {
        const body = { title: f.title.trim(), kind: f.kind, starts_at: f.starts_at, agenda, invited: chosen };
        for (const k of ['ends_at', 'venue', 'video_link', 'chair']) if (f[k].trim()) body[k] = f[k].trim();
        const r = await api('POST', '/meetings', { body, idempotencyKey: idempotencyFor(keyRef, body) });
        flash(`Meeting scheduled${chosen.length ? `, ${chosen.length} ${chosen.length === 1 ? 'State/UT' : 'States/UTs'} invited` : ''}.`);
        navigate(meetingHref(r.id));
        return;
      }
      const was = valuesOf(rec);
      const body = {};
      for (const k of FIELDS) {
        if (f[k].trim() === was[k].trim()) continue;
        body[k] = f[k].trim() === '' ? null : f[k].trim();
      }
      const wasAgenda = was.agenda.map((x) => x.trim()).filter(Boolean);
      if (JSON.stringify(agenda) !== JSON.stringify(wasAgenda)) body.agenda = agenda;
      if (chosen.length) body.invited = chosen;
      if (!Object.keys(body).length) { setBusy(false); setError({ message: 'Nothing has changed.' }); return; }
      body.version = rec.version;
      const r = await api('PATCH', `/meetings/${encodeURIComponent(rec.id)}`, { body });
      flash(chosen.length ? `The meeting has been saved; ${chosen.length} ${chosen.length === 1 ? 'State/UT' : 'States/UTs'} invited.` : 'The meeting has been saved.');
      navigate(meetingHref(r.id));
    } catch (err) {
      setBusy(false);
      setError(err);
    }
  }

  // After "someone changed it": the latest version, with this form's own changes kept.
  async function reload() {
    setError(null);
    try {
      const r = await api('GET', `/meetings/${encodeURIComponent(rec.id)}`);
      const was = valuesOf(rec);
      const now = valuesOf(r);
      const merged = {};
      for (const k of FIELDS) merged[k] = f[k] !== was[k] ? f[k] : now[k];
      merged.agenda = JSON.stringify(f.agenda) !== JSON.stringify(was.agenda) ? f.agenda : now.agenda;
      setRec(r);
      setF(merged);
    } catch (err) {
      setError(err);
    }
  }

  const ferr = (k) => local[k] || fieldError(error, k);
  const aria = (id, k, hint) => ({
    'aria-invalid': ferr(k) ? 'true' : undefined,
    'aria-describedby': describedBy(id, hint, ferr(k)),
  });
  const heading = editing ? 'Edit the meeting' : 'Schedule a meeting';
  const back = editing
    ? <Link href={meetingHref(rec.id)}>Back to the meeting</Link>
    : <Link href="/meetings">All meetings</Link>;
  const newCount = invited.filter((l) => !already.has(l)).length;

  return (
    <Page title={editing ? `Edit: ${rec.title}` : heading} heading={heading} back={back}>
      {editing && <p class="lead">{rec.title}</p>}
      <ErrorBox error={topError(error, local)} />
      {error && error.code === 'record.changed' && (
        <p><button type="button" class="btn btn-secondary" onClick={reload}>Load the latest version, keeping my changes</button></p>
      )}
      <form class="form form-wide doc-form meeting-form" onSubmit={submit} noValidate>
        <p class="hint">Fields marked <span class="req">*</span> must be filled in. Times are India Standard Time.</p>
        <Field id="mf-title" label={<Req>Title</Req>} error={ferr('title')}>
          <input id="mf-title" type="text" required maxLength={300} value={f.title} disabled={busy} autoComplete="off"
            {...aria('mf-title', 'title')} onInput={set('title')} />
        </Field>
        <div class="field-row">
          <Field id="mf-kind" label={<Req>Kind</Req>} error={ferr('kind')}>
            <select id="mf-kind" required value={f.kind} disabled={busy} {...aria('mf-kind', 'kind')} onChange={set('kind')}>
              <option value="">Choose…</option>
              {KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
            </select>
          </Field>
          {editing && (
            <Field id="mf-status" label="Status" error={ferr('status')}>
              <select id="mf-status" value={f.status} disabled={busy} {...aria('mf-status', 'status')} onChange={set('status')}>
                {MEETING_STATUSES.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
              </select>
            </Field>
          )}
        </div>
        <div class="field-row">
          <Field id="mf-starts_at" label={<Req>Starts</Req>} error={ferr('starts_at')}>
            <input id="mf-starts_at" type="datetime-local" required value={f.starts_at} disabled={busy}
              min="2000-01-01T00:00" max="2100-12-31T23:59" {...aria('mf-starts_at', 'starts_at')}
              onInput={(e) => setF({ ...f, starts_at: e.currentTarget.value.slice(0, 16) })} />
          </Field>
          <Field id="mf-ends_at" label="Ends (optional)" error={ferr('ends_at')}>
            <input id="mf-ends_at" type="datetime-local" value={f.ends_at} disabled={busy}
              min={f.starts_at || '2000-01-01T00:00'} max="2100-12-31T23:59" {...aria('mf-ends_at', 'ends_at')}
              onInput={(e) => setF({ ...f, ends_at: e.currentTarget.value.slice(0, 16) })} />
          </Field>
        </div>
        <div class="field-row">
          <Field id="mf-venue" label="Venue (optional)" error={ferr('venue')}>
            <input id="mf-venue" type="text" maxLength={300} value={f.venue} disabled={busy} autoComplete="off"
              {...aria('mf-venue', 'venue')} onInput={set('venue')} />
          </Field>
          <Field id="mf-chair" label="Chair (optional)" error={ferr('chair')}>
            <input id="mf-chair" type="text" maxLength={300} value={f.chair} disabled={busy} autoComplete="off"
              {...aria('mf-chair', 'chair')} onInput={set('chair')} />
          </Field>
        </div>
        <Field id="mf-video_link" label="Video link (optional)" error={ferr('video_link')}
          hint="The address of the video conference, for those who join from their State.">
          <input id="mf-video_link" type="url" maxLength={500} value={f.video_link} disabled={busy} autoComplete="off" spellcheck={false}
            {...aria('mf-video_link', 'video_link', true)} onInput={set('video_link')} />
        </Field>

        <fieldset class={'choice-group agenda-group' + (ferr('agenda') ? ' field-error' : '')}
          aria-describedby={describedBy('mf-agenda', true, ferr('agenda'))}>
          <legend>Agenda</legend>
          <p class="hint" id="mf-agenda-hint">One item a line, at most {AGENDA_MAX}. Empty lines are left out.</p>
          {ferr('agenda') && <p class="field-msg" id="mf-agenda-error">{ferr('agenda')}</p>}
          <ol class="agenda-items">
            {f.agenda.map((item, i) => (
              <li key={i} class="agenda-item">
                <label for={`mf-agenda-${i}`} class="visually-hidden">Agenda item {i + 1}</label>
                <span class="agenda-no" aria-hidden="true">{i + 1}.</span>
                <input id={`mf-agenda-${i}`} type="text" maxLength={500} value={item} disabled={busy} autoComplete="off"
                  ref={(el) => { agendaRefs.current[i] = el; }}
                  onInput={(e) => setItem(i, e.currentTarget.value)} onKeyDown={(e) => agendaKey(i, e)} />
                {(f.agenda.length > 1 || item) && (
                  <button type="button" class="btn btn-secondary btn-small" disabled={busy} onClick={() => removeItem(i)}>
                    Remove<span class="visually-hidden"> agenda item {i + 1}</span></button>
                )}
              </li>
            ))}
          </ol>
          <p><button type="button" class="btn btn-secondary btn-small" disabled={busy || f.agenda.length >= AGENDA_MAX}
            onClick={addItem}>Add an agenda item</button></p>
        </fieldset>

        <fieldset class={'choice-group states-group' + (ferr('invited') ? ' field-error' : '')}
          aria-describedby={describedBy('mf-invited', true, ferr('invited'))}>
          <legend>{editing ? 'States/UTs invited' : 'Invite States/UTs'}</legend>
          <p class="hint" id="mf-invited-hint">
            {editing
              ? 'The States/UTs already invited stay invited; tick others to invite them too.'
              : 'Each State/UT invited confirms the officer it sends, and may be given action points.'}
          </p>
          {ferr('invited') && <p class="field-msg" id="mf-invited-error">{ferr('invited')}</p>}
          {statesErr && <p class="field-msg">States could not be loaded: {statesErr.message}</p>}
          {!states && !statesErr && <Loading what="the States/UTs" />}
          {states && (
            <>
              <p class="state-buttons">
                <button type="button" class="btn btn-secondary btn-small" disabled={busy} onClick={selectAll}>Select all</button>
                <button type="button" class="btn btn-secondary btn-small" disabled={busy} onClick={selectNone}>Select none</button>
                <span class="muted" aria-live="polite">
                  {editing ? `${already.size} invited, ${newCount} to add` : `${newCount} of ${states.length} chosen`}
                </span>
              </p>
              <div class="state-checks">
                {states.map((x) => {
                  const was = already.has(x.lgd);
                  return (
                    <label class="check" key={x.lgd}>
                      <input type="checkbox" checked={was || invited.includes(x.lgd)} disabled={busy || was}
                        onChange={() => toggleState(x.lgd)} />
                      <span>{x.name}{was && <span class="visually-hidden"> (already invited)</span>}</span>
                    </label>
                  );
                })}
              </div>
            </>
          )}
        </fieldset>

        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : editing ? 'Save changes' : 'Schedule the meeting'}</button>
          <Link href={editing ? meetingHref(rec.id) : '/meetings'} class="btn btn-secondary">Cancel</Link>
        </div>
      </form>
    </Page>
  );
}

/* A label with the mark of a required field. */
function Req({ children }) {
  return <>{children}<span class="req" aria-hidden="true"> *</span></>;
}
