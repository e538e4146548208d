// One action point (GET /api/v1/action-points/{id}): its text, meeting and due date, the
// status of each State/UT it is assigned to, and the action-taken reports as a thread per
// State. A State user whose status is open or returned files a report (POST …/reports);
// the Cell accepts the report that waits for a decision, or returns it with a comment
// (POST /api/v1/action-reports/{id}/accept|return). Only an accepted report closes it.
// While its report waits for the decision, the State may attach files to it (POST
// /api/v1/attachments, multipart); each report lists its attachments.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, idempotencyFor, useSession } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { Page, ErrorBox, Notice, Loading, DateTime, Field, describedBy, fieldError } from '../lib/ui.jsx';
import { Day, DayTime } from '../lib/registers.jsx';
import { AttachForm, Attachments, readsFiles } from '../lib/attachments.jsx';
import {
  ApStatus, Decision, Overdue, daysSince, isCell, isStateUser, meetingHref, todayIST, validId,
} from '../lib/meetings.jsx';

export function ActionPointPage({ id }) {
  const s = useSession();
  const user = s.user;
  const valid = validId(id);
  const [ap, setAp] = useState(null);
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(!valid);

  useEffect(() => {
    if (!valid) { setMissing(true); return undefined; }
    let live = true;
    setAp(null); setMissing(false); setError(null);
    api('GET', `/action-points/${encodeURIComponent(id)}`).then(
      (r) => live && setAp(r),
      (e) => { if (!live) return; if (e.status === 404) setMissing(true); else setError(e); },
    );
    return () => { live = false; };
  }, [id]);

  const backToList = <Link href="/follow-up">Follow-up of action points</Link>;
  if (missing) {
    return (
      <Page title="Action point not found" heading="This action point does not exist or is not yours to see" back={backToList}>
        <div class="empty-state">
          <p>There is no action point at this address that you can see. Its number may be mistyped, or it
            may be assigned to other States/UTs only.</p>
          <p><Link href="/follow-up">See the follow-up list</Link></p>
        </div>
      </Page>
    );
  }
  if (!ap) {
    return (
      <Page title="Action point" back={backToList}>
        <ErrorBox error={error} />
        {!error && <Loading what="the action point" />}
      </Page>
    );
  }

  const cell = isCell(user);
  const stateUser = isStateUser(user);
  const states = ap.states || [];
  const reports = ap.reports || [];
  const mStart = /^(\d{4}-\d{2}-\d{2})/.exec(ap.meeting_starts_at || '');

  return (
    <Page title={`Action point ${ap.number}: ${ap.meeting_title}`} heading={`Action point ${ap.number}`} wide
      back={<Link href={meetingHref(ap.meeting_id)}>Back to the meeting</Link>}>
      <p class="record-kind">
        <span>Of the meeting <Link href={meetingHref(ap.meeting_id)}>{ap.meeting_title}</Link>
          {mStart && <>, <DayTime value={ap.meeting_starts_at} /></>}</span>
      </p>
      <blockquote class="ap-quote value-lines">{ap.text}</blockquote>
      <dl class="facts ap-facts">
        <dt>Due on</dt><dd><Day value={ap.due_on} /></dd>
        <dt>{stateUser ? 'Your State/UT' : 'States/UTs'}</dt>
        <dd>{stateUser
          ? (states[0] ? <ApStatus status={states[0].status} overdue={isLate(states[0], ap)} /> : '—')
          : `${states.length} assigned, ${states.filter((x) => x.status === 'closed').length} closed`}</dd>
      </dl>

      <section aria-labelledby="ap-states-h">
        <h2 id="ap-states-h">{stateUser ? 'Status' : 'Status by State/UT'}</h2>
        {states.length === 0 && <p class="muted">This action point is not assigned to any State/UT you can see.</p>}
        {states.length > 0 && (
          <div class="table-wrap narrow-wrap" tabIndex={0} role="region" aria-labelledby="ap-states-h">
            <table class="reflow data-table ap-states-table">
              <thead>
                <tr>
                  <th scope="col">State/UT</th>
                  <th scope="col">Status</th>
                  <th scope="col">Due</th>
                  <th scope="col">Closed on</th>
                </tr>
              </thead>
              <tbody>
                {states.map((x) => (
                  <tr key={x.state_lgd}>
                    <td data-label="State/UT" class="col-state"><a href={`#reports-${x.state_lgd}`}>{x.state}</a></td>
                    <td data-label="Status"><ApStatus status={x.status} /></td>
                    <td data-label="Due">
                      <span class="due-cell"><Day value={x.due_on || ap.due_on} />
                        {isLate(x, ap) && <Overdue days={daysSince(x.due_on || ap.due_on)} />}</span>
                    </td>
                    <td data-label="Closed on">{x.closed_on ? <Day value={x.closed_on} /> : <span class="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="ap-reports-h">
        <h2 id="ap-reports-h">Action-taken reports</h2>
        {states.map((x) => (
          <Thread key={x.state_lgd} ap={ap} st={x} reports={reports.filter((r) => r.state_lgd === x.state_lgd)}
            cell={cell} mine={stateUser && x.state_lgd === user.state_lgd} onChange={setAp} single={states.length === 1}
            readsFiles={readsFiles(user)} />
        ))}
      </section>
    </Page>
  );
}

function isLate(st, ap) {
  return st.status !== 'closed' && (st.due_on || ap.due_on) < todayIST();
}

/* The reports of one State, oldest first; the forms that act on them. */
function Thread({ ap, st, reports, cell, mine, onChange, single, readsFiles: files }) {
  const list = [...reports].sort((a, b) => String(a.submitted_at).localeCompare(String(b.submitted_at)) || a.id - b.id);
  const last = list[list.length - 1];
  const hid = `reports-${st.state_lgd}`;
  const [notice, setNotice] = useState(null);
  function decided(r, kind) {
    onChange(r);
    setNotice(kind === 'accept'
      ? `Report accepted: the action point is closed for ${st.state}.`
      : `Report returned to ${st.state} with your comment.`);
  }
  return (
    <div class="thread" id={hid}>
      <h3 class={single ? 'visually-hidden' : undefined}>{st.state} <ApStatus status={st.status} /></h3>
      <Notice message={notice} />
      {list.length === 0 && <p class="muted">No report from {st.state} yet.</p>}
      {list.length > 0 && (
        <ol class="reports">
          {list.map((r) => (
            <li key={r.id} class={'report report-' + (r.decision || 'pending')}>
              <p class="report-head">
                <span class="report-who">Report of {st.state}</span>
                {r.reported_on && <span class="muted"> · action taken on <Day value={r.reported_on} /></span>}
                <span class="muted"> · filed </span><DateTime value={r.submitted_at} />
                {r.submitted_by && <><span class="muted"> by </span><span class="report-by">{r.submitted_by}</span></>}
              </p>
              <p class="report-text value-lines">{r.text}</p>
              <Attachments items={r.attachments || []} links={files} />
              <p class="report-decision">
                <Decision decision={r.decision} />
                {r.decided_at && <><span class="muted"> · </span><DateTime value={r.decided_at} /></>}
                {r.decided_by && <><span class="muted"> by </span><span class="report-by">{r.decided_by}</span></>}
              </p>
              {r.comment && (
                <div class="report-comment">
                  <p class="report-comment-label">Comment of the Cell</p>
                  <p class="value-lines">{r.comment}</p>
                </div>
              )}
              {mine && !r.decision && r === last && (
                <AttachForm ownerType="action_report" ownerId={r.id} label="Attach a file to this report (optional)"
                  hint="Orders, letters, lists; files can be added until the Cell decides."
                  onDone={async () => onChange(await api('GET', `/action-points/${encodeURIComponent(ap.id)}`))} />
              )}
              {cell && !r.decision && r === last && <DecideForm report={r} st={st} onDone={decided} />}
            </li>
          ))}
        </ol>
      )}
      {mine && <OwnState ap={ap} st={st} last={last} onDone={onChange} />}
    </div>
  );
}

/* What the State user may do now: file a report, or wait. */
function OwnState({ ap, st, last, onDone }) {
  const [notice, setNotice] = useState(null);
  if (st.status === 'closed') {
    return <div class="msg msg-ok" role="status"><p>Closed{st.closed_on && <> on <Day value={st.closed_on} /></>}: the Cell accepted the report of {st.state}.</p></div>;
  }
  if (st.status === 'reported') {
    return (
      <>
        <Notice message={notice} />
        {!notice && <p class="msg msg-warn" role="note">The report of {st.state} waits for the Cell’s decision.
          Another can be filed if the Cell returns it.</p>}
      </>
    );
  }
  return (
    <>
      {st.status === 'returned' && last && last.comment && (
        <div class="msg msg-warn" role="note">
          <p><strong>The Cell returned the last report:</strong> <span class="value-lines">{last.comment}</span></p>
        </div>
      )}
      <FileReport ap={ap} st={st} onDone={(r) => { onDone(r); setNotice('Your report has been filed. The Cell will accept it, or return it with a comment.'); }} />
    </>
  );
}

function FileReport({ ap, st, onDone }) {
  const today = todayIST();
  const [f, setF] = useState({ text: '', reported_on: today });
  const [local, setLocal] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const keyRef = useRef(null);

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!f.text.trim()) errs.text = 'Write what has been done on this action point.';
    if (f.reported_on && !/^\d{4}-\d{2}-\d{2}$/.test(f.reported_on)) errs.reported_on = 'Enter the date as a date, or leave it empty.';
    setLocal(errs);
    if (Object.keys(errs).length) { setError(null); return; }
    const body = { text: f.text.trim() };
    if (f.reported_on) body.reported_on = f.reported_on;
    setBusy(true); setError(null);
    try {
      const r = await api('POST', `/action-points/${encodeURIComponent(ap.id)}/reports`,
        { body, idempotencyKey: idempotencyFor(keyRef, body) });
      onDone(r);
    } catch (err) {
      setBusy(false);
      setError(err);
    }
  }
  const ferr = (k) => local[k] || fieldError(error, k);
  const topErr = error && !['text', 'reported_on'].includes(error.field) ? error : null;
  return (
    <form class="form form-wide panel report-form" onSubmit={submit} noValidate aria-labelledby="file-h">
      <h3 id="file-h">File an action-taken report</h3>
      <ErrorBox error={topErr} />
      <Field id="rep-text" label="Action taken" error={ferr('text')}
        hint={`What ${st.state} has done on this action point: orders issued, with their numbers and dates; units set up; figures.`}>
        <textarea id="rep-text" rows={5} maxLength={8000} value={f.text} disabled={busy}
          aria-invalid={ferr('text') ? 'true' : undefined} aria-describedby={describedBy('rep-text', true, ferr('text'))}
          onInput={(e) => setF({ ...f, text: e.currentTarget.value })} />
      </Field>
      <div class="field-row">
        <Field id="rep-on" label="Action taken on (optional)" error={ferr('reported_on')}>
          <input id="rep-on" type="date" value={f.reported_on} disabled={busy} min="2000-01-01" max={today}
            aria-invalid={ferr('reported_on') ? 'true' : undefined} aria-describedby={describedBy('rep-on', false, ferr('reported_on'))}
            onInput={(e) => setF({ ...f, reported_on: e.currentTarget.value })} />
        </Field>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Filing…' : 'File the report'}</button>
      </div>
    </form>
  );
}

/* The Cell's decision on the report that waits: accept, or return with a comment. */
function DecideForm({ report, st, onDone }) {
  const [comment, setComment] = useState('');
  const [local, setLocal] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function decide(kind) {
    if (busy) return;
    if (kind === 'return' && !comment.trim()) {
      setLocal('Write a comment: it tells the State/UT what is missing.');
      setError(null);
      return;
    }
    setLocal(null);
    setBusy(true); setError(null);
    try {
      const body = comment.trim() ? { comment: comment.trim() } : {};
      const r = await api('POST', `/action-reports/${encodeURIComponent(report.id)}/${kind}`, { body });
      onDone(r, kind);
    } catch (err) {
      setBusy(false);
      setError(err);
    }
  }
  const id = `dec-${report.id}`;
  const ferr = local || fieldError(error, 'comment');
  return (
    <form class="decide-form" onSubmit={(e) => { e.preventDefault(); decide('accept'); }} noValidate>
      <ErrorBox error={error && error.field !== 'comment' ? error : null} />
      <Field id={id} label="Comment of the Cell" error={ferr}
        hint={`Optional when accepting. To return the report, say what ${st.state} still has to do.`}>
        <textarea id={id} rows={3} maxLength={2000} value={comment} disabled={busy}
          aria-invalid={ferr ? 'true' : undefined} aria-describedby={describedBy(id, true, ferr)}
          onInput={(e) => setComment(e.currentTarget.value)} />
      </Field>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>Accept<span class="visually-hidden"> the report of {st.state}</span></button>
        <button type="button" class="btn btn-secondary" disabled={busy} onClick={() => decide('return')}>
          Return with a comment<span class="visually-hidden"> to {st.state}</span></button>
      </div>
    </form>
  );
}
