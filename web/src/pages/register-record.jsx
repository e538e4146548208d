// One record of a register (GET /api/v1/{name}/{id}): every field the reader may see with
// its label, the term, and its history (GET …/history: the earlier states, newest first),
// shown as what changed, when, by whom and why. For those who may write: Edit, End the term,
// Appoint a successor. A closed term is kept as it was: no buttons.
// A register with a workflow (schema.workflow: best practices, award nominations) shows the
// record's status and the reviewer's comment, and the steps the reader may take now (submit,
// accept, return with a comment …) as buttons; its fields can be edited only in the statuses
// the workflow leaves open. Its files (attachments) are listed, and the State attaches more
// while the record is open.

import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, useSession } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { Page, ErrorBox, Notice, Loading, DateTime, Field, describedBy, fieldError } from '../lib/ui.jsx';
import {
  Day, DayTime, FieldValue, Term, capitalize, editableIn, mayWrite, readsHistory, recordTitle, recordsPath, registerHref,
  stepsFor, today, useRegister, validRecordId, visibleFields, workflowStatus,
} from '../lib/registers.jsx';
import { AttachForm, Attachments, readsFiles } from '../lib/attachments.jsx';
import { registerModule } from '../modules.js';
import { NotFound } from './misc.jsx';

export function RegisterRecord({ name, id }) {
  const [schema, schemaErr] = useRegister(name);
  if (schemaErr && schemaErr.status === 404) return <NotFound />;
  if (!schema) {
    return (
      <Page title="Record">
        <ErrorBox error={schemaErr} />
        {!schemaErr && <Loading what="the register" />}
      </Page>
    );
  }
  return <RecordPage schema={schema} id={id} />;
}

function RecordPage({ schema, id }) {
  const s = useSession();
  const user = s.user;
  const name = schema.name;
  const valid = validRecordId(id);
  const [rec, setRec] = useState(null);
  const [history, setHistory] = useState(null);
  const [historyErr, setHistoryErr] = useState(null);
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(!valid);
  const [tick, setTick] = useState(0);
  const withHistory = readsHistory(user);

  useEffect(() => {
    if (!valid) { setMissing(true); return undefined; }
    let live = true;
    setMissing(false); setError(null);
    api('GET', recordsPath(name, id)).then(
      (r) => live && setRec(r),
      (e) => { if (!live) return; if (e.status === 404) setMissing(true); else setError(e); },
    );
    if (withHistory) {
      setHistoryErr(null);
      api('GET', recordsPath(name, id, '/history')).then(
        (r) => live && setHistory(r.items || []),
        (e) => live && (setHistoryErr(e), setHistory(null)),
      );
    }
    return () => { live = false; };
  }, [name, id, tick]);

  const back = <Link href={registerHref(name)}>All {schema.label.toLowerCase()}</Link>;
  if (missing) {
    return (
      <Page title="Record not found" heading={`This ${schema.label_one} is not in the register`} back={back}>
        <div class="empty-state">
          <p>There is no {schema.label_one} at this address that you can see. Its number may be
            mistyped, or it may belong to another State/UT.</p>
          <p><Link href={registerHref(name)}>See the {schema.label.toLowerCase()}</Link></p>
        </div>
      </Page>
    );
  }
  if (!rec) {
    return (
      <Page title={capitalize(schema.label_one)} back={back}>
        <ErrorBox error={error} />
        {!error && <Loading what={`the ${schema.label_one}`} />}
      </Page>
    );
  }

  const title = recordTitle(schema, rec);
  const closed = schema.terms && !!rec.to;
  const writer = mayWrite(name, user) && !closed && editableIn(schema, rec);
  const steps = stepsFor(schema, rec, user);
  const status = workflowStatus(schema, rec);
  const fields = visibleFields(schema, user).filter((f) => f.name in rec);
  // In the details: every field but the workflow's own (its status is the tag, its comment the note).
  const details = status ? fields.filter((f) => !f.by_review) : fields;
  // The reviewer's words (a workflow's comment field), shown above the details.
  const review = status ? fields.filter((f) => f.by_review && f.type === 'longtext' && rec[f.name]) : [];
  // Whether the reader has a part in the workflow (to be told when there is nothing to do).
  const inWorkflow = !!schema.workflow && !!user && (schema.workflow.steps || []).some((st) => st.roles.includes(user.role))
    && (user.jurisdiction === 'national' || user.state_lgd === rec.state_lgd);
  const filesHere = !!schema.workflow && schema.level === 'state' && readsFiles(user);
  const tools = ((registerModule(name) || {}).record || []).filter((t) => !t.roles || (user && t.roles.includes(user.role)));
  const where = [rec.district, rec.state].filter(Boolean).join(', ');

  return (
    <Page title={title} wide back={back}>
      <p class="record-kind">
        {capitalize(schema.label_one)}{where && <>, {where}</>}{' '}
        {schema.terms && (closed ? <span class="tag">Term ended</span> : <span class="tag tag-ok">Current</span>)}
        {status && <span class={'tag status-' + (status.value || 'none')}>{status.label}</span>}
      </p>
      {review.map((f) => (
        <div key={f.name} class={`msg ${['returned', 'rejected', 'not_selected'].includes(status.value) ? 'msg-warn' : 'msg-info'} review-note`} role="note">
          <p class="review-note-label"><strong>{f.label}</strong></p>
          <p class="value-lines">{String(rec[f.name])}</p>
        </div>
      ))}
      {closed && (
        <div class="msg msg-warn doc-banner" role="note">
          <p><strong>This term ended on <Day value={rec.to} />.</strong> The record is kept as it was and
            can no longer be changed.{rec.state_lgd && <> <Link href={withState(registerHref(name), rec.state_lgd)}>See
              the present {schema.label_one} of {rec.state || 'this State/UT'}</Link>.</>}</p>
        </div>
      )}
      <div class="doc-layout">
        <div class="doc-main">
          <section aria-labelledby="facts-h">
            <h2 id="facts-h">Details</h2>
            <dl class="facts">
              {rec.state !== undefined && schema.level !== 'national' && <><dt>State/UT</dt><dd>{rec.state || '—'}</dd></>}
              {schema.level === 'district' && <><dt>District</dt><dd>{rec.district || '—'}</dd></>}
              {details.map((f) => (
                <Fragment key={f.name}><dt>{f.label}</dt><dd><FieldValue field={f} value={rec[f.name]} /></dd></Fragment>
              ))}
              {schema.terms && <><dt>Term</dt><dd><Term rec={rec} /></dd></>}
              {rec.updated_at && <><dt>Last changed</dt><dd><DateTime value={rec.updated_at} /></dd></>}
              {rec.version && <><dt>Version</dt><dd>{String(rec.version)}</dd></>}
            </dl>
          </section>
          {filesHere && <Files schema={schema} rec={rec} user={user} />}
          {withHistory && (
            <History schema={schema} rec={rec} items={history} error={historyErr} fields={fields} />
          )}
        </div>
        {(writer || steps.length > 0 || tools.length > 0 || inWorkflow) && (
          <Actions schema={schema} rec={rec} writer={writer} steps={steps} status={status} tools={tools}
            onChange={(r) => { setRec(r); setTick((n) => n + 1); }} />
        )}
      </div>
    </Page>
  );
}

/* A tool's address with {field} replaced by the record's values ("/registers/nominations/new?year={year}"). */
function fillIn(href, rec) {
  return href.replace(/\{([a-z_]+)\}/g, (_, k) => encodeURIComponent(rec[k] === undefined || rec[k] === null ? '' : String(rec[k])));
}

function withState(href, lgd) {
  return `${href}?state=${encodeURIComponent(lgd)}`;
}

/* Edit, end the term, appoint a successor; the workflow's steps; the module's own links. */
function Actions({ schema, rec, writer, steps, status, tools, onChange }) {
  const name = schema.name;
  const [asking, setAsking] = useState(false);
  const [to, setTo] = useState(today());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);

  useEffect(() => { setAsking(false); setReason(''); setError(null); setNotice(null); }, [rec.id]);
  const [stepNotice, setStepNotice] = useState(null);

  async function endTerm(e) {
    e.preventDefault();
    if (busy) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(to)) { setError({ message: 'Enter the day the term ends.', field: 'to' }); return; }
    setBusy(true); setError(null); setNotice(null);
    try {
      const body = { to };
      if (reason.trim()) body.reason = reason.trim();
      const r = await api('POST', recordsPath(name, rec.id, '/end'), { body });
      setAsking(false); setReason('');
      onChange(r);
      setNotice(`The term has ended. The post is vacant until a new ${schema.label_one} is appointed.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const ferr = (k) => fieldError(error, k);
  return (
    <aside class="panel doc-actions" aria-labelledby="actions-h">
      <h2 id="actions-h">{steps.length && !writer ? 'Review' : 'Manage'}</h2>
      <ErrorBox error={error && !['to', 'reason'].includes(error.field) ? error : null} />
      <Notice message={notice || stepNotice} />
      {steps.length > 0 && (
        <Steps schema={schema} rec={rec} steps={steps} status={status}
          onDone={(r, msg) => { setStepNotice(msg); onChange(r); }} />
      )}
      {!writer && status && schema.workflow && steps.length === 0 && (
        <p class="muted">Nothing for you to do on this {schema.label_one} while it is {status.label.toLowerCase()}.</p>
      )}
      <ul class="action-list">
        {writer && <li><Link class="btn btn-secondary" href={registerHref(name, rec.id, '/edit')}>Edit</Link></li>}
        {tools.map((t) => (
          <li key={t.label}><Link class="btn btn-secondary" href={fillIn(t.href, rec)}>{t.label}</Link></li>
        ))}
        {writer && schema.terms && rec.state_lgd && (
          <li><Link class="btn btn-secondary" href={withState(registerHref(name, 'new'), rec.state_lgd)}>Appoint a successor</Link></li>
        )}
        {writer && schema.terms && !asking && (
          <li><button type="button" class="btn btn-danger" onClick={() => setAsking(true)}>End the term…</button></li>
        )}
      </ul>
      {asking && (
        <form class="withdraw-form" onSubmit={endTerm} noValidate>
          <Field id="end-to" label="The term ends on" error={ferr('to')}
            hint={`The post stays vacant until a new ${schema.label_one} is appointed.`}>
            <input id="end-to" type="date" required value={to} min={rec.from || undefined}
              aria-invalid={ferr('to') ? 'true' : undefined} aria-describedby={describedBy('end-to', true, ferr('to'))}
              onInput={(e) => setTo(e.currentTarget.value)} />
          </Field>
          <Field id="end-reason" label="Reason (optional)" hint="Kept in the record's history." error={ferr('reason')}>
            <textarea id="end-reason" rows={3} maxLength={500} value={reason}
              aria-invalid={ferr('reason') ? 'true' : undefined} aria-describedby={describedBy('end-reason', true, ferr('reason'))}
              onInput={(e) => setReason(e.currentTarget.value)} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="btn btn-danger" disabled={busy}>{busy ? 'Ending…' : 'End the term'}</button>
            <button type="button" class="btn btn-secondary" onClick={() => { setAsking(false); setError(null); }}>Cancel</button>
          </div>
        </form>
      )}
      {writer && schema.terms && <p class="muted doc-actions-note">Appointing a successor ends this term on the day the new one begins.</p>}
    </aside>
  );
}

/* ---- the workflow's steps ------------------------------------------------------------- */

/* What a step's button says; the action's own name for a step not listed. */
const STEP_LABELS = {
  submit: 'Submit for review', accept: 'Accept', return: 'Return with comments', reject: 'Reject',
  publish: 'Publish', shortlist: 'Shortlist', award: 'Award', decline: 'Decline',
};
const STEP_DANGER = new Set(['reject', 'decline']);

function stepLabel(st) {
  return STEP_LABELS[st.action] || capitalize(st.action.replace(/_/g, ' '));
}

/*
 * The steps the reader may take now. A step without a required comment goes at once (with
 * an optional comment when another step of the same moment asks for one); a step that needs
 * a comment opens a box for it first.
 */
function Steps({ schema, rec, steps, status, onDone }) {
  const [open, setOpen] = useState(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const field = (schema.fields || []).find((f) => f.name === schema.workflow.status_field);
  const toLabel = (v) => (field ? ((field.choices || []).find((c) => c.value === v) || { label: v }).label : v);

  useEffect(() => { setOpen(null); setComment(''); setError(null); }, [rec.id, rec.version]);

  async function take(st) {
    if (busy) return;
    const text = comment.trim();
    if (st.comment_required && !text) {
      setError({ message: `Write the comment: it goes back to ${rec.state || 'the State/UT'}.`, field: 'comment' });
      return;
    }
    setBusy(true); setError(null);
    try {
      const r = await api('POST', recordsPath(schema.name, rec.id, '/' + encodeURIComponent(st.action)),
        { body: text ? { comment: text } : {} });
      setOpen(null); setComment('');
      onDone(r, `Done: the ${schema.label_one} is now ${toLabel(st.to).toLowerCase()}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const ferr = fieldError(error, 'comment');
  const asking = open && steps.find((x) => x.action === open);
  return (
    <div class="workflow-steps">
      <p class="muted">This {schema.label_one} is <strong>{status.label.toLowerCase()}</strong>.</p>
      <ErrorBox error={error && !ferr ? error : null} />
      {!asking && (
        <ul class="action-list">
          {steps.map((st) => (
            <li key={st.action}>
              <button type="button" class={'btn ' + (STEP_DANGER.has(st.action) ? 'btn-danger' : st === steps[0] ? 'btn-primary' : 'btn-secondary')}
                disabled={busy} onClick={() => (st.comment_required ? (setOpen(st.action), setError(null)) : take(st))}>
                {stepLabel(st)}{st.comment_required ? '…' : ''}
              </button>
            </li>
          ))}
        </ul>
      )}
      {asking && (
        <form class="withdraw-form" noValidate onSubmit={(e) => { e.preventDefault(); take(asking); }}>
          <Field id="step-comment" label={`${stepLabel(asking)}: your comment`} error={ferr}
            hint={`Required. ${rec.state || 'The State/UT'} sees it with the ${schema.label_one}; it is kept in the history.`}>
            <textarea id="step-comment" rows={4} maxLength={4000} value={comment} disabled={busy}
              aria-invalid={ferr ? 'true' : undefined} aria-describedby={describedBy('step-comment', true, ferr)}
              onInput={(e) => setComment(e.currentTarget.value)} />
          </Field>
          <div class="form-actions">
            <button type="submit" class={'btn ' + (STEP_DANGER.has(asking.action) ? 'btn-danger' : 'btn-primary')} disabled={busy}>
              {busy ? 'Saving…' : stepLabel(asking)}</button>
            <button type="button" class="btn btn-secondary" disabled={busy} onClick={() => { setOpen(null); setError(null); }}>Cancel</button>
          </div>
        </form>
      )}
    </div>
  );
}

/* ---- files -------------------------------------------------------------------------- */

/* The files of the record; the State attaches more while the record is open to change. */
function Files({ schema, rec, user }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const load = () => api('GET', '/attachments', { query: { owner_type: schema.name, owner_id: rec.id } })
    .then((r) => { setItems(r.items || []); setError(null); }, (e) => setError(e));
  useEffect(() => { setItems(null); load(); }, [rec.id]);
  const mine = user.role === 'state' && user.state_lgd === rec.state_lgd && editableIn(schema, rec);
  return (
    <section aria-labelledby="files-h">
      <h2 id="files-h">Files</h2>
      <ErrorBox error={error} />
      {!items && !error && <Loading what="the files" />}
      {items && items.length === 0 && <p class="muted">No file is attached.</p>}
      {items && <Attachments items={items} links label={`Files of this ${schema.label_one}`} />}
      {mine && (
        <AttachForm ownerType={schema.name} ownerId={rec.id} label={`Attach a file to this ${schema.label_one}`}
          hint="Orders, reports, judgments, press cuttings. Files can be added until it is submitted."
          onDone={load} />
      )}
    </section>
  );
}

/* ---- history ----------------------------------------------------------------------- */

function same(a, b) {
  const x = a === undefined || a === '' ? null : a;
  const y = b === undefined || b === '' ? null : b;
  return x === y || JSON.stringify(x) === JSON.stringify(y);
}

/* A value in a sentence of the history. */
function Was({ field, value }) {
  if (value === undefined || value === null || value === '') return <span class="muted">(empty)</span>;
  if (field && field.type === 'date') return <q><Day value={value} /></q>;
  if (field && field.type === 'datetime') return <q><DayTime value={value} /></q>;
  if (field && field.type === 'enum') return <q>{((field.choices || []).find((c) => c.value === value) || { label: value }).label}</q>;
  return <q class="value-lines">{String(value)}</q>;
}

/*
 * The changes of the record, newest first. Each revision is the record as it was before a
 * change (version N); what it became is the next revision (N+1), or the record itself.
 */
function History({ schema, rec, items, error, fields }) {
  if (error) {
    return (
      <section aria-labelledby="history-h">
        <h2 id="history-h">History</h2>
        <ErrorBox error={error} />
      </section>
    );
  }
  if (!items) return <Loading what="the history" />;
  const stateOf = (v) => {
    if (v === rec.version) return { from: rec.from, to: rec.to, fields: rec };
    const r = items.find((x) => x.version === v);
    return r ? { from: r.from, to: r.to, fields: r.fields || {} } : null;
  };
  const entries = items.map((r) => {
    const after = stateOf(r.version + 1);
    const changes = [];
    if (after) {
      if (schema.terms) {
        if (!same(r.from, after.from)) changes.push({ key: 'from', label: 'Start of the term', field: { type: 'date' }, from: r.from, to: after.from });
        if (!same(r.to, after.to)) {
          changes.push(after.to && !r.to
            ? { key: 'to', ended: after.to }
            : { key: 'to', label: 'End of the term', field: { type: 'date' }, from: r.to, to: after.to });
        }
      }
      for (const f of fields) {
        const before = (r.fields || {})[f.name];
        const now = after.fields[f.name];
        if (!same(before, now)) changes.push({ key: f.name, label: f.label, field: f, from: before, to: now });
      }
    }
    return { r, after, changes };
  });
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">History</h2>
      {entries.length === 0 && <p class="muted">No change since this {schema.label_one} was entered.</p>}
      {entries.length > 0 && (
        <ol class="history" reversed>
          {entries.map(({ r, after, changes }) => (
            <li key={r.version} class="history-entry">
              <p class="history-head">
                <span class="version-no">Version {r.version + 1}</span>{' '}
                <span class="muted">changed </span><DateTime value={r.replaced_at} />
                <span class="muted"> by </span><span class="history-who">{r.replaced_by}</span>
              </p>
              {r.reason && <p class="history-reason"><span class="muted">Reason: </span>{r.reason}</p>}
              {!after && <p class="muted">The change of version {r.version} is not shown.</p>}
              {after && changes.length === 0 && <p class="muted">No field you can see changed.</p>}
              {changes.length > 0 && (
                <ul class="history-changes">
                  {changes.map((c) => (
                    <li key={c.key}>
                      {c.ended
                        ? <>Term ended on <Day value={c.ended} /></>
                        : <><span class="change-label">{c.label}</span>: <Was field={c.field} value={c.from} />
                            <span aria-hidden="true"> → </span><span class="visually-hidden"> changed to </span>
                            <Was field={c.field} value={c.to} /></>}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      {entries.length > 0 && <p class="muted history-note">Version 1 is the {schema.label_one} as first entered{schema.terms && rec.from ? <>, from <Day value={(items[items.length - 1] || rec).from} /></> : ''}.</p>}
    </section>
  );
}
