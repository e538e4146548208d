// One coordination meeting (GET /api/v1/meetings/{id}): its details and agenda, the
// States/UTs invited with whom each sends and who attended, the minutes in the library
// (with their corrigenda), and its action points with each State's status.
// A State user confirms its attendee (POST …/confirm); the Cell records attendance
// (POST …/attendance), adds action points (POST …/action-points) and edits the meeting.
// A State user sees only its own invitee row and its own assignments (the server's scope).

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, idempotencyFor, useSession } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { Page, ErrorBox, Notice, Loading, DateTime, Field, describedBy, fieldError } from '../lib/ui.jsx';
import { Day } from '../lib/registers.jsx';
import { docHref } from '../lib/docs.jsx';
import {
  ApStatus, MeetingStatus, MeetingWhen, actionHref, isCell, isStateUser, kindLabel, meetingHref, todayIST,
  validId,
} from '../lib/meetings.jsx';

export function MeetingPage({ id }) {
  const s = useSession();
  const user = s.user;
  const valid = validId(id);
  const [m, setM] = useState(null);
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(!valid);

  useEffect(() => {
    if (!valid) { setMissing(true); return undefined; }
    let live = true;
    setM(null); setMissing(false); setError(null);
    api('GET', `/meetings/${encodeURIComponent(id)}`).then(
      (r) => live && setM(r),
      (e) => { if (!live) return; if (e.status === 404) setMissing(true); else setError(e); },
    );
    return () => { live = false; };
  }, [id]);

  // After a change: the meeting as it is now, keeping the lists the answer may leave out.
  async function reload() {
    try {
      setM(await api('GET', `/meetings/${encodeURIComponent(id)}`));
    } catch (e) {
      setError(e);
    }
  }

  const back = <Link href="/meetings">All meetings</Link>;
  if (missing) {
    return (
      <Page title="Meeting not found" heading="This meeting does not exist or is not yours to see" back={back}>
        <div class="empty-state">
          <p>There is no meeting at this address that you can see. Its number may be mistyped, or your
            State/UT may not be invited to it.</p>
          <p><Link href="/meetings">See the meetings</Link></p>
        </div>
      </Page>
    );
  }
  if (!m) {
    return (
      <Page title="Meeting" back={back}>
        <ErrorBox error={error} />
        {!error && <Loading what="the meeting" />}
      </Page>
    );
  }

  const cell = isCell(user);
  const stateUser = isStateUser(user);
  const invitees = m.invitees || [];
  const own = stateUser ? invitees.find((x) => x.state_lgd === user.state_lgd) : null;

  return (
    <Page title={m.title} wide back={back}>
      <p class="record-kind">{kindLabel(m)} <MeetingStatus status={m.status} /></p>
      {m.status === 'cancelled' && (
        <div class="msg msg-warn doc-banner" role="note"><p><strong>This meeting has been cancelled.</strong></p></div>
      )}
      <ErrorBox error={error} />
      <div class="doc-layout">
        <div class="doc-main">
          <section aria-labelledby="facts-h">
            <h2 id="facts-h">Details</h2>
            <dl class="facts">
              <dt>Date and time</dt><dd><MeetingWhen m={m} /></dd>
              <dt>Kind</dt><dd>{kindLabel(m)}</dd>
              <dt>Venue</dt><dd>{m.venue || <span class="muted">—</span>}</dd>
              <dt>Video link</dt>
              <dd>{m.video_link && /^https?:\/\//i.test(m.video_link)
                ? <a href={m.video_link} rel="noopener noreferrer" class="value-url">{m.video_link}</a>
                : m.video_link || <span class="muted">—</span>}</dd>
              <dt>Chair</dt><dd>{m.chair || <span class="muted">—</span>}</dd>
              <dt>Status</dt><dd><MeetingStatus status={m.status} /></dd>
              {cell && <><dt>States/UTs invited</dt><dd>{String(m.invited ?? invitees.length)}</dd></>}
            </dl>
          </section>
          <section aria-labelledby="agenda-h">
            <h2 id="agenda-h">Agenda</h2>
            {(m.agenda || []).length === 0
              ? <p class="muted">No agenda has been set.</p>
              : <ol class="agenda">{m.agenda.map((a, i) => <li key={i}>{a}</li>)}</ol>}
          </section>

          <Invitees m={m} invitees={invitees} stateUser={stateUser} />
          {own && m.status === 'scheduled' && !own.attendance && <ConfirmForm m={m} own={own} onDone={setM} />}
          {cell && invitees.length > 0 && <AttendanceForm m={m} invitees={invitees} onDone={setM} />}

          <Minutes m={m} cell={cell} />
          <ActionPoints m={m} stateUser={stateUser} />
          {cell && <AddActionPoint m={m} invitees={invitees} onDone={reload} />}
        </div>
        {cell && (
          <aside class="panel doc-actions meeting-actions" aria-labelledby="actions-h">
            <h2 id="actions-h">Manage</h2>
            <ul class="action-list">
              <li><Link class="btn btn-secondary" href={meetingHref(m.id, '/edit')}>Edit the meeting</Link></li>
              <li><Link class="btn btn-secondary" href={`/library/upload?meeting=${encodeURIComponent(m.id)}`}>Upload the minutes</Link></li>
              <li><Link class="btn btn-secondary" href={`/follow-up?view=all&meeting=${encodeURIComponent(m.id)}`}>Follow-up of its action points</Link></li>
            </ul>
            <p class="muted doc-actions-note">Invite more States/UTs, or mark the meeting held or cancelled, from “Edit the meeting”.</p>
          </aside>
        )}
      </div>
    </Page>
  );
}

/* ---- invitees ---------------------------------------------------------------------- */

export function attendanceText(x) {
  if (x.attendance === 'present') return 'Present';
  if (x.attendance === 'absent') return 'Absent';
  if (x.attendance === 'represented') return x.represented_by ? `Represented by ${x.represented_by}` : 'Represented';
  return null;
}

function Invitees({ m, invitees, stateUser }) {
  return (
    <section aria-labelledby="invitees-h">
      <h2 id="invitees-h">{stateUser ? 'Your State/UT' : 'States/UTs invited'}</h2>
      {invitees.length === 0 && <p class="muted">No State/UT has been invited yet.</p>}
      {invitees.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="invitees-h">
          <table class="reflow data-table invitees-table">
            <thead>
              <tr>
                <th scope="col">State/UT</th>
                <th scope="col">Attendee</th>
                <th scope="col">Confirmed</th>
                <th scope="col">Attendance</th>
              </tr>
            </thead>
            <tbody>
              {invitees.map((x) => (
                <tr key={x.state_lgd}>
                  <td data-label="State/UT" class="col-state">{x.state}</td>
                  <td data-label="Attendee">
                    {x.attendee
                      ? <span class="person">{x.attendee}{x.attendee_designation && <span class="doc-meta">{x.attendee_designation}</span>}</span>
                      : <span class="muted">Not yet named</span>}
                  </td>
                  <td data-label="Confirmed">
                    {x.confirmed_at ? <DateTime value={x.confirmed_at} /> : <span class="tag tag-warn">Not confirmed</span>}
                  </td>
                  <td data-label="Attendance">
                    {attendanceText(x)
                      ? <span class={(x.attendance === 'absent' ? 'tag tag-bad' : 'tag tag-ok') + ' tag-wrap'}>{attendanceText(x)}</span>
                      : <span class="muted">{m.status === 'held' ? 'Not recorded' : '—'}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/* A State user names whom it sends. */
function ConfirmForm({ m, own, onDone }) {
  const [f, setF] = useState({ attendee: own.attendee || '', attendee_designation: own.attendee_designation || '' });
  const [local, setLocal] = useState({});
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!f.attendee.trim()) errs.attendee = 'Enter the name of the officer who will attend.';
    setLocal(errs);
    setNotice(null);
    if (Object.keys(errs).length) { setError(null); return; }
    setBusy(true); setError(null);
    try {
      const r = await api('POST', `/meetings/${encodeURIComponent(m.id)}/confirm`,
        { body: { attendee: f.attendee.trim(), attendee_designation: f.attendee_designation.trim() || null } });
      onDone({ ...m, ...r, action_point_list: r.action_point_list || m.action_point_list, minutes: r.minutes || m.minutes });
      setNotice(`Confirmed: ${f.attendee.trim()} will attend for ${own.state}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const ferr = (k) => local[k] || fieldError(error, k);
  const topErr = error && !['attendee', 'attendee_designation'].includes(error.field) ? error : null;
  return (
    <section class="panel" aria-labelledby="confirm-h">
      <h2 id="confirm-h">{own.confirmed_at ? 'Change your attendee' : 'Confirm your attendee'}</h2>
      <p class="hint">The officer {own.state} sends to this meeting. You can change it until the Cell records the attendance.</p>
      <ErrorBox error={topErr} />
      <Notice message={notice} />
      <form class="form form-wide" onSubmit={submit} noValidate>
        <div class="field-row">
          <Field id="cf-attendee" label="Name of the attendee" error={ferr('attendee')}>
            <input id="cf-attendee" type="text" maxLength={200} value={f.attendee} disabled={busy} autoComplete="off"
              aria-invalid={ferr('attendee') ? 'true' : undefined} aria-describedby={describedBy('cf-attendee', false, ferr('attendee'))}
              onInput={(e) => setF({ ...f, attendee: e.currentTarget.value })} />
          </Field>
          <Field id="cf-designation" label="Designation (optional)" error={ferr('attendee_designation')}>
            <input id="cf-designation" type="text" maxLength={200} value={f.attendee_designation} disabled={busy} autoComplete="off"
              aria-invalid={ferr('attendee_designation') ? 'true' : undefined}
              aria-describedby={describedBy('cf-designation', false, ferr('attendee_designation'))}
              onInput={(e) => setF({ ...f, attendee_designation: e.currentTarget.value })} />
          </Field>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : 'Confirm the attendee'}</button>
        </div>
      </form>
    </section>
  );
}

/* The Cell records who attended: present, absent or represented (by whom), per State. */
function AttendanceForm({ m, invitees, onDone }) {
  const initial = () => Object.fromEntries(invitees.map((x) => [x.state_lgd, { attendance: x.attendance || '', represented_by: x.represented_by || '' }]));
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState(initial);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => { if (!open) setRows(initial()); }, [m.version, invitees.length, open]);

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const attendance = [];
    for (const x of invitees) {
      const r = rows[x.state_lgd];
      if (!r || !r.attendance) continue;
      const item = { state_lgd: x.state_lgd, attendance: r.attendance };
      if (r.attendance === 'represented' && r.represented_by.trim()) item.represented_by = r.represented_by.trim();
      attendance.push(item);
    }
    setNotice(null);
    if (!attendance.length) { setError({ message: 'Choose the attendance of at least one State/UT.', field: 'attendance' }); return; }
    setBusy(true); setError(null);
    try {
      const r = await api('POST', `/meetings/${encodeURIComponent(m.id)}/attendance`, { body: { attendance } });
      onDone({ ...m, ...r, action_point_list: r.action_point_list || m.action_point_list, minutes: r.minutes || m.minutes });
      setOpen(false);
      setNotice(`Attendance recorded for ${attendance.length} ${attendance.length === 1 ? 'State/UT' : 'States/UTs'}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const set = (lgd, k, v) => setRows((cur) => ({ ...cur, [lgd]: { ...cur[lgd], [k]: v } }));
  const fieldErr = error && error.field === 'attendance' ? error.message : null;

  return (
    <section aria-labelledby="attendance-h">
      <h2 id="attendance-h">Attendance</h2>
      <Notice message={notice} />
      {!open && (
        <p><button type="button" class="btn btn-secondary" onClick={() => { setOpen(true); setNotice(null); setError(null); }}>
          Record attendance…</button></p>
      )}
      {open && (
        <form class="attendance-form" onSubmit={submit} noValidate>
          <ErrorBox error={error && !fieldErr ? error : null} />
          <fieldset class={'choice-group' + (fieldErr ? ' field-error' : '')} aria-describedby={fieldErr ? 'att-error' : 'att-hint'}>
            <legend>Who attended</legend>
            <p class="hint" id="att-hint">For each State/UT invited: present, absent, or represented by another officer
              (name them). States/UTs left at “—” are not changed.</p>
            {fieldErr && <p class="field-msg" id="att-error">{fieldErr}</p>}
            <div class="table-wrap">
              <table class="reflow data-table attendance-table">
                <thead>
                  <tr><th scope="col">State/UT</th><th scope="col">Attendance</th><th scope="col">Represented by</th></tr>
                </thead>
                <tbody>
                  {invitees.map((x) => {
                    const r = rows[x.state_lgd] || { attendance: '', represented_by: '' };
                    const sid = `att-${x.state_lgd}`;
                    return (
                      <tr key={x.state_lgd}>
                        <td data-label="State/UT" class="col-state" id={sid + '-name'}>{x.state}</td>
                        <td data-label="Attendance">
                          <label for={sid} class="visually-hidden">Attendance of {x.state}</label>
                          <select id={sid} value={r.attendance} disabled={busy}
                            onChange={(e) => set(x.state_lgd, 'attendance', e.currentTarget.value)}>
                            <option value="">—</option>
                            <option value="present">Present</option>
                            <option value="absent">Absent</option>
                            <option value="represented">Represented</option>
                          </select>
                        </td>
                        <td data-label="Represented by">
                          {r.attendance === 'represented'
                            ? <>
                                <label for={sid + '-by'} class="visually-hidden">{x.state} represented by</label>
                                <input id={sid + '-by'} type="text" maxLength={200} value={r.represented_by} disabled={busy}
                                  autoComplete="off" placeholder="Name and designation"
                                  onInput={(e) => set(x.state_lgd, 'represented_by', e.currentTarget.value)} />
                              </>
                            : <span class="muted">—</span>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : 'Save the attendance'}</button>
            <button type="button" class="btn btn-secondary" onClick={() => { setOpen(false); setError(null); }}>Cancel</button>
          </div>
        </form>
      )}
    </section>
  );
}

/* ---- minutes ----------------------------------------------------------------------- */

function Minutes({ m, cell }) {
  const list = m.minutes || [];
  const upload = `/library/upload?meeting=${encodeURIComponent(m.id)}`;
  return (
    <section aria-labelledby="minutes-h">
      <h2 id="minutes-h">Minutes</h2>
      {list.length === 0 && (
        <p class="muted">No minutes in the library yet.
          {cell && <> <Link href={upload}>Upload the minutes of this meeting</Link>.</>}</p>
      )}
      {list.length > 0 && (
        <ul class="minutes-list">
          {list.map((d) => (
            <li key={d.id}>
              <Link href={docHref(d.id)} class="minutes-title">{d.title}</Link>
              {d.issued_on && <span class="muted"> · issued <Day value={d.issued_on} /></span>}
              {(d.corrigenda || []).length > 0 && (
                <ul class="corrigenda">
                  {d.corrigenda.map((c) => (
                    <li key={c.id}>
                      <span class="muted">Corrigendum: </span><Link href={docHref(c.id)}>{c.title}</Link>
                      {c.issued_on && <span class="muted"> · <Day value={c.issued_on} /></span>}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {list.length > 0 && cell && <p class="hint"><Link href={upload}>Upload more minutes of this meeting</Link></p>}
    </section>
  );
}

/* ---- action points ----------------------------------------------------------------- */

function ActionPoints({ m, stateUser }) {
  const list = m.action_point_list || [];
  const today = todayIST();
  return (
    <section aria-labelledby="ap-h">
      <h2 id="ap-h">Action points</h2>
      {list.length === 0 && <p class="muted">{stateUser ? 'No action point of this meeting is assigned to your State/UT.' : 'No action point has been set yet.'}</p>}
      {list.length > 0 && (
        <>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="ap-h">
            <table class="reflow data-table ap-table">
              <thead>
                <tr>
                  <th scope="col" class="col-num">No.</th>
                  <th scope="col">Action point</th>
                  <th scope="col">Due</th>
                  <th scope="col">{stateUser ? 'Status' : 'Status by State/UT'}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((a) => (
                  <tr key={a.id}>
                    <td data-label="No." class="col-num">{a.number}</td>
                    <td data-label="Action point" class="col-text"><Link href={actionHref(a.id)} class="ap-text">{a.text}</Link></td>
                    <td data-label="Due" class="nowrap"><Day value={a.due_on} /></td>
                    <td data-label={stateUser ? 'Status' : 'Status by State/UT'}>
                      <span class="tag-list">
                        {(a.states || []).map((x) => (
                          <ApStatus key={x.state_lgd} status={x.status} state={stateUser ? null : x.state}
                            overdue={(x.due_on || a.due_on) < today} />
                        ))}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="hint"><Link href={`/follow-up?view=all&meeting=${encodeURIComponent(m.id)}`}>See these action points in the follow-up list</Link></p>
        </>
      )}
    </section>
  );
}

/* The Cell adds an action point: its text, due date, and the States it is for. */
function AddActionPoint({ m, invitees, onDone }) {
  const [open, setOpen] = useState(false);
  const [f, setF] = useState({ text: '', due_on: '', who: invitees.length ? 'invited' : 'all', chosen: [] });
  const [local, setLocal] = useState({});
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);
  const keyRef = useRef(null);

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!f.text.trim()) errs.text = 'Write the action point.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.due_on)) errs.due_on = 'Enter the date it is due.';
    if (f.who === 'chosen' && !f.chosen.length) errs.states = 'Choose at least one State/UT.';
    setLocal(errs);
    setNotice(null);
    if (Object.keys(errs).length) { setError(null); return; }
    const body = {
      text: f.text.trim(),
      due_on: f.due_on,
      states: f.who === 'chosen' ? invitees.filter((x) => f.chosen.includes(x.state_lgd)).map((x) => x.state_lgd) : f.who,
    };
    setBusy(true); setError(null);
    try {
      const r = await api('POST', `/meetings/${encodeURIComponent(m.id)}/action-points`,
        { body, idempotencyKey: idempotencyFor(keyRef, body) });
      setF({ text: '', due_on: '', who: f.who, chosen: [] });
      keyRef.current = null;
      setOpen(false);
      setNotice(`Action point ${r.number} added, for ${(r.states || []).length} ${(r.states || []).length === 1 ? 'State/UT' : 'States/UTs'}.`);
      await onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const ferr = (k) => local[k] || fieldError(error, k);
  const known = ['text', 'due_on', 'states'];
  const topErr = Object.keys(local).length ? { message: 'Please correct the marked fields.' }
    : error && error.field && known.includes(error.field) ? { message: 'Please correct the marked field.' } : error;
  const toggle = (lgd) => setF((cur) => ({
    ...cur, chosen: cur.chosen.includes(lgd) ? cur.chosen.filter((x) => x !== lgd) : [...cur.chosen, lgd],
  }));

  return (
    <section aria-labelledby="add-ap-h">
      <h2 id="add-ap-h" class={open ? undefined : 'visually-hidden'}>Add an action point</h2>
      <Notice message={notice} />
      {!open && (
        <p><button type="button" class="btn btn-primary" onClick={() => { setOpen(true); setNotice(null); }}>Add an action point…</button></p>
      )}
      {open && (
        <form class="form form-wide panel" onSubmit={submit} noValidate>
          <ErrorBox error={topErr} />
          <Field id="ap-text" label="Action point" error={ferr('text')} hint="What the States/UTs are to do, as the minutes put it.">
            <textarea id="ap-text" rows={3} maxLength={2000} value={f.text} disabled={busy}
              aria-invalid={ferr('text') ? 'true' : undefined} aria-describedby={describedBy('ap-text', true, ferr('text'))}
              onInput={(e) => setF({ ...f, text: e.currentTarget.value })} />
          </Field>
          <div class="field-row">
            <Field id="ap-due" label="Due on" error={ferr('due_on')}>
              <input id="ap-due" type="date" value={f.due_on} disabled={busy} min="2000-01-01" max="2100-12-31"
                aria-invalid={ferr('due_on') ? 'true' : undefined} aria-describedby={describedBy('ap-due', false, ferr('due_on'))}
                onInput={(e) => setF({ ...f, due_on: e.currentTarget.value })} />
            </Field>
          </div>
          <fieldset class={'choice-group' + (ferr('states') ? ' field-error' : '')}
            aria-describedby={ferr('states') ? 'ap-states-error' : undefined}>
            <legend>For which States/UTs</legend>
            {ferr('states') && <p class="field-msg" id="ap-states-error">{ferr('states')}</p>}
            {invitees.length > 0 && (
              <label class="choice">
                <input type="radio" name="ap-who" value="invited" checked={f.who === 'invited'} disabled={busy}
                  onChange={() => setF({ ...f, who: 'invited' })} />
                <span>Every State/UT invited ({invitees.length})</span>
              </label>
            )}
            <label class="choice">
              <input type="radio" name="ap-who" value="all" checked={f.who === 'all'} disabled={busy}
                onChange={() => setF({ ...f, who: 'all' })} />
              <span>All 36 States/UTs</span>
            </label>
            {invitees.length > 0 && (
              <label class="choice">
                <input type="radio" name="ap-who" value="chosen" checked={f.who === 'chosen'} disabled={busy}
                  onChange={() => setF({ ...f, who: 'chosen' })} />
                <span>Some of the States/UTs invited</span>
              </label>
            )}
            {f.who === 'chosen' && (
              <div class="state-checks state-checks-inset" role="group" aria-label="States/UTs for this action point">
                {invitees.map((x) => (
                  <label class="check" key={x.state_lgd}>
                    <input type="checkbox" checked={f.chosen.includes(x.state_lgd)} disabled={busy} onChange={() => toggle(x.state_lgd)} />
                    <span>{x.state}</span>
                  </label>
                ))}
              </div>
            )}
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Adding…' : 'Add the action point'}</button>
            <button type="button" class="btn btn-secondary" onClick={() => { setOpen(false); setError(null); setLocal({}); }}>Cancel</button>
          </div>
        </form>
      )}
    </section>
  );
}
