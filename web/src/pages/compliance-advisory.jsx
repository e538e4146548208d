// One advisory's compliance (GET /api/v1/advisories/{id}/compliance): the actions it asks
// of the States/UTs — the Cell edits that list (PUT …/actions) —, the latest status of each
// State/UT and every report, newest first. A State user files its report here (POST
// …/compliance: a status, the report, the day; "not applicable" needs the reason). With
// ?state=LGD (a cell of the matrix) the page is focused on that State/UT: its status on
// top, its row marked, its reports only.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, idempotencyFor, useSession } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { Page, ErrorBox, Notice, Loading, DateTime, Field, describedBy, fieldError } from '../lib/ui.jsx';
import { IssuedOn, docHref } from '../lib/docs.jsx';
import { useStates } from '../lib/geo.js';
import { isCell, isStateUser, national, todayIST, validId } from '../lib/meetings.jsx';
import { STATUSES, StatusChip, complianceHref, stateRecordHref } from './compliance.jsx';

const ACTIONS_MAX = 30;
const ACTION_MAX = 500;
const REPORT_MAX = 8000;

export function ComplianceAdvisory({ id, query }) {
  const s = useSession();
  const user = s.user;
  const valid = validId(id);
  const focus = /^[1-9]\d{0,5}$/.test(query.get('state') || '') ? Number(query.get('state')) : null;
  const [adv, setAdv] = useState(null);
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(!valid);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState(null);     // {where: 'actions'|'report', message}
  const [states] = useStates();

  useEffect(() => {
    if (!valid) { setMissing(true); return undefined; }
    let live = true;
    setAdv(null); setMissing(false); setError(null); setEditing(false); setNotice(null);
    api('GET', `/advisories/${encodeURIComponent(id)}/compliance`).then(
      (r) => live && setAdv(r),
      (e) => { if (!live) return; if (e.status === 404) setMissing(true); else setError(e); },
    );
    return () => { live = false; };
  }, [id]);

  const back = <Link href="/compliance">Compliance matrix</Link>;
  if (missing) {
    return (
      <Page title="Advisory not found" heading="This advisory does not exist or is no longer in force" back={back}>
        <div class="empty-state">
          <p>There is no advisory in force at this address. Its number may be mistyped, or it may have been
            withdrawn or replaced by a newer version.</p>
          <p><Link href="/compliance">See the compliance matrix</Link></p>
        </div>
      </Page>
    );
  }
  if (!adv) {
    return (
      <Page title="Advisory compliance" back={back}>
        <ErrorBox error={error} />
        {!error && <Loading what="the advisory" />}
      </Page>
    );
  }

  const stateUser = isStateUser(user);
  const latest = adv.states || [];
  const reports = adv.reports || [];
  const nameOf = (lgd) => {
    const r = latest.find((x) => x.state_lgd === lgd);
    if (r) return r.state;
    const m = (states || []).find((x) => x.lgd === lgd);
    return m ? m.name : `State/UT ${lgd}`;
  };
  const own = stateUser && user.state_lgd ? user.state_lgd : null;
  // A user of one State/UT reaches that State only: a focus on another would say nothing true.
  const reach = national(user) ? null : user.state_lgd;
  const focused = focus && (!reach || focus === reach) ? focus : null;
  const focusLatest = focused ? latest.find((x) => x.state_lgd === focused) : null;
  const shown = focused ? reports.filter((r) => r.state_lgd === focused) : reports;
  const silent = national(user) && states ? states.filter((x) => !latest.some((y) => y.state_lgd === x.lgd)) : [];
  function changed(r, where, message) {
    setAdv(r);
    setNotice({ where, message });
  }
  const noticeAt = (where) => <Notice message={notice && notice.where === where ? notice.message : null} />;

  return (
    <Page title={`Compliance: ${adv.title}`} heading={adv.title} wide back={back}>
      <p class="record-kind">
        <span class="tag">Advisory</span>
        <span>Issued on <IssuedOn value={adv.issued_on} /></span>
        <Link href={docHref(adv.id)}>Read the advisory in the library</Link>
      </p>

      {focused && (
        <section class="panel cm-focus" aria-labelledby="cm-focus-h">
          <h2 id="cm-focus-h">{nameOf(focused)}</h2>
          {focusLatest
            ? <p><StatusChip status={focusLatest.status} /> reported on <IssuedOn value={focusLatest.reported_on} /></p>
            : <p><StatusChip status="not_reported" /> {nameOf(focused)} has not reported on this advisory yet.</p>}
          <p class="cm-focus-links">
            <Link href={stateRecordHref(focused)}>Compliance record of {nameOf(focused)}</Link>
            {!own && <Link href={complianceHref(adv.id)}>Every State/UT on this advisory</Link>}
          </p>
        </section>
      )}

      <section aria-labelledby="cm-actions-h">
        <h2 id="cm-actions-h">What the advisory asks of the States/UTs</h2>
        {noticeAt('actions')}
        {!editing && (adv.actions || []).length === 0 && (
          <p class="muted">The Cell has not listed the actions this advisory asks{isCell(user) ? ' yet.' : '. Read the advisory itself.'}</p>
        )}
        {!editing && (adv.actions || []).length > 0 && (
          <ol class="cm-actions">{adv.actions.map((a, i) => <li key={i}>{a}</li>)}</ol>
        )}
        {isCell(user) && !editing && (
          <p><button type="button" class="btn btn-secondary btn-small" onClick={() => { setEditing(true); setNotice(null); }}>
            {(adv.actions || []).length ? 'Edit the actions' : 'List the actions'}</button></p>
        )}
        {isCell(user) && editing && (
          <ActionsForm adv={adv} onCancel={() => setEditing(false)}
            onDone={(r) => { setEditing(false); changed(r, 'actions', 'The actions have been saved.'); }} />
        )}
      </section>

      {stateUser && own && (
        <>
          {noticeAt('report')}
          <FileReport adv={adv} stateName={nameOf(own)} current={latest.find((x) => x.state_lgd === own)}
            onDone={(r) => changed(r, 'report', `Your report has been filed: it is now the status of ${nameOf(own)}.`)} />
        </>
      )}

      <section aria-labelledby="cm-states-h">
        <h2 id="cm-states-h">{own ? 'Status' : 'Status by State/UT'}</h2>
        {latest.length === 0 && <p class="muted">{own ? `${nameOf(own)} has not reported on this advisory yet.` : 'No State/UT has reported on this advisory yet.'}</p>}
        {latest.length > 0 && (
          <div class="table-wrap narrow-wrap" tabIndex={0} role="region" aria-labelledby="cm-states-h">
            <table class="reflow data-table cm-states-table">
              <thead>
                <tr>
                  <th scope="col">State/UT</th>
                  <th scope="col">Status</th>
                  <th scope="col">Reported on</th>
                  <th scope="col">Filed</th>
                </tr>
              </thead>
              <tbody>
                {latest.map((x) => (
                  <tr key={x.state_lgd} class={x.state_lgd === focused ? 'row-current' : undefined}
                    aria-current={x.state_lgd === focused ? 'true' : undefined}>
                    <td data-label="State/UT" class="col-state"><Link href={stateRecordHref(x.state_lgd)}>{x.state}</Link></td>
                    <td data-label="Status"><StatusChip status={x.status} /></td>
                    <td data-label="Reported on"><IssuedOn value={x.reported_on} /></td>
                    <td data-label="Filed"><span><DateTime value={x.submitted_at} />{x.submitted_by && <span class="muted"> by {x.submitted_by}</span>}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {silent.length > 0 && (
          <details class="cm-silent">
            <summary>Not reported yet: {silent.length} {silent.length === 1 ? 'State/UT' : 'States/UTs'}</summary>
            <p>{silent.map((x) => x.name).join(', ')}.</p>
          </details>
        )}
      </section>

      <section aria-labelledby="cm-reports-h">
        <h2 id="cm-reports-h">{focused ? `Reports of ${nameOf(focused)}, newest first` : 'Reports, newest first'}</h2>
        {shown.length === 0 && <p class="muted">No report yet.</p>}
        {shown.length > 0 && <ReportList reports={shown} />}
      </section>
    </Page>
  );
}

/* Reports, newest first: who, the status, the day, the text. */
export function ReportList({ reports, advisoryLinks }) {
  return (
    <ol class="reports cm-reports">
      {reports.map((r) => (
        <li key={r.id} class={'report cm-report-' + r.status}>
          <p class="report-head">
            {advisoryLinks
              ? <Link href={complianceHref(r.document_id, r.state_lgd)} class="report-who">{r.title}</Link>
              : <span class="report-who">{r.state}</span>}
            {' '}<StatusChip status={r.status} />
            <span class="muted"> · reported on </span><IssuedOn value={r.reported_on} />
            <span class="muted"> · filed </span><DateTime value={r.submitted_at} />
            {r.submitted_by && <><span class="muted"> by </span><span class="report-by">{r.submitted_by}</span></>}
          </p>
          {r.report ? <p class="report-text value-lines">{r.report}</p> : <p class="report-text muted">No text with this report.</p>}
        </li>
      ))}
    </ol>
  );
}

/* The Cell's list of the actions an advisory asks: a line each, added, changed, removed. */
function ActionsForm({ adv, onDone, onCancel }) {
  const [items, setItems] = useState(() => ((adv.actions || []).length ? [...adv.actions] : ['']));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const refs = useRef([]);
  const focusItem = useRef(0);

  useEffect(() => {
    if (focusItem.current !== null) {
      const el = refs.current[focusItem.current];
      if (el) el.focus();
      focusItem.current = null;
    }
  });

  function setItem(i, v) { setItems((cur) => cur.map((x, j) => (j === i ? v : x))); }
  function addItem() {
    if (items.length >= ACTIONS_MAX) return;
    focusItem.current = items.length;
    setItems([...items, '']);
  }
  function removeItem(i) {
    const next = items.filter((_, j) => j !== i);
    focusItem.current = Math.max(0, Math.min(i, next.length - 1));
    setItems(next.length ? next : ['']);
  }
  function key(i, e) {
    // Enter in the last line adds a line rather than sending the form.
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (i === items.length - 1 && items[i].trim()) addItem();
    else if (refs.current[i + 1]) refs.current[i + 1].focus();
  }
  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const actions = items.map((x) => x.trim()).filter(Boolean);
    setBusy(true); setError(null);
    try {
      onDone(await api('PUT', `/advisories/${encodeURIComponent(adv.id)}/actions`, { body: { actions } }));
    } catch (err) {
      setBusy(false);
      setError(err);
    }
  }
  const ferr = fieldError(error, 'actions');
  return (
    <form class="form form-wide cm-actions-form" onSubmit={submit} noValidate>
      <ErrorBox error={error && !ferr ? error : null} />
      <fieldset class={'choice-group' + (ferr ? ' field-error' : '')} aria-describedby={describedBy('cm-act', true, ferr)}>
        <legend>Actions asked of the States/UTs</legend>
        <p class="hint" id="cm-act-hint">One action a line, at most {ACTIONS_MAX}. Empty lines are left out.</p>
        {ferr && <p class="field-msg" id="cm-act-error">{ferr}</p>}
        <ol class="agenda-items">
          {items.map((item, i) => (
            <li key={i} class="agenda-item">
              <label for={`cm-act-${i}`} class="visually-hidden">Action {i + 1}</label>
              <span class="agenda-no" aria-hidden="true">{i + 1}.</span>
              <input id={`cm-act-${i}`} type="text" maxLength={ACTION_MAX} value={item} disabled={busy} autoComplete="off"
                ref={(el) => { refs.current[i] = el; }}
                onInput={(e) => setItem(i, e.currentTarget.value)} onKeyDown={(e) => key(i, e)} />
              {(items.length > 1 || item) && (
                <button type="button" class="btn btn-secondary btn-small" disabled={busy} onClick={() => removeItem(i)}>
                  Remove<span class="visually-hidden"> action {i + 1}</span></button>
              )}
            </li>
          ))}
        </ol>
        <p><button type="button" class="btn btn-secondary btn-small" disabled={busy || items.length >= ACTIONS_MAX}
          onClick={addItem}>Add an action</button></p>
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : 'Save the actions'}</button>
        <button type="button" class="btn btn-secondary" disabled={busy} onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

/* A State's report: its status, the text (needed for "not applicable"), the day. */
function FileReport({ adv, stateName, current, onDone }) {
  const today = todayIST();
  const empty = { status: '', report: '', reported_on: today };
  const [f, setF] = useState(empty);
  const [local, setLocal] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const keyRef = useRef(null);

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!f.status) errs.status = 'Choose the status of the compliance.';
    if (f.status === 'not_applicable' && !f.report.trim()) errs.report = `Say why the advisory does not apply to ${stateName}.`;
    if (f.reported_on && !/^\d{4}-\d{2}-\d{2}$/.test(f.reported_on)) errs.reported_on = 'Enter the date as a date, or leave it empty for today.';
    else if (f.reported_on > today) errs.reported_on = 'A report cannot be dated after today.';
    setLocal(errs);
    const first = ['status', 'report', 'reported_on'].find((k) => errs[k]);
    if (first) {
      setError(null);
      const el = document.getElementById(first === 'status' ? 'cf-status-0' : `cf-${first}`);
      if (el) el.focus();
      return;
    }
    const body = { status: f.status };
    if (f.report.trim()) body.report = f.report.trim();
    if (f.reported_on) body.reported_on = f.reported_on;
    setBusy(true); setError(null);
    try {
      const r = await api('POST', `/advisories/${encodeURIComponent(adv.id)}/compliance`,
        { body, idempotencyKey: idempotencyFor(keyRef, body) });
      setBusy(false);
      setF(empty);
      keyRef.current = null;
      onDone(r);
    } catch (err) {
      setBusy(false);
      setError(err);
    }
  }
  const ferr = (k) => local[k] || fieldError(error, k);
  const topErr = error && !['status', 'report', 'reported_on'].includes(error.field) ? error : null;
  return (
    <form class="form form-wide panel report-form cm-file" onSubmit={submit} noValidate aria-labelledby="cf-h">
      <h2 id="cf-h">Report the compliance of {stateName}</h2>
      <p class="hint">Each report is kept; the latest is the status of {stateName}.
        {current ? <> Now: <StatusChip status={current.status} />.</> : ' Nothing reported yet.'}</p>
      <ErrorBox error={topErr} />
      <fieldset class={'choice-group' + (ferr('status') ? ' field-error' : '')}
        aria-describedby={ferr('status') ? 'cf-status-error' : undefined}>
        <legend>Status</legend>
        {ferr('status') && <p class="field-msg" id="cf-status-error">{ferr('status')}</p>}
        {STATUSES.map((x, i) => (
          <label class="choice" key={x.value}>
            <input type="radio" name="cf-status" id={`cf-status-${i}`} value={x.value} checked={f.status === x.value}
              disabled={busy} onChange={() => setF({ ...f, status: x.value })} />
            <span><span class="cm-sym" aria-hidden="true">{x.sym}</span> {x.label}</span>
          </label>
        ))}
      </fieldset>
      <Field id="cf-report" label={f.status === 'not_applicable' ? 'Report: why the advisory does not apply' : 'Report (optional)'}
        error={ferr('report')}
        hint={`What ${stateName} has done on the advisory's actions: orders issued, with their numbers and dates; units set up; figures. Needed when it does not apply.`}>
        <textarea id="cf-report" rows={5} maxLength={REPORT_MAX} value={f.report} disabled={busy}
          aria-invalid={ferr('report') ? 'true' : undefined} aria-describedby={describedBy('cf-report', true, ferr('report'))}
          onInput={(e) => setF({ ...f, report: e.currentTarget.value })} />
      </Field>
      <div class="field-row">
        <Field id="cf-reported_on" label="Reported on" error={ferr('reported_on')} hint="Today, or an earlier day.">
          <input id="cf-reported_on" type="date" value={f.reported_on} disabled={busy} min="2000-01-01" max={today}
            aria-invalid={ferr('reported_on') ? 'true' : undefined}
            aria-describedby={describedBy('cf-reported_on', true, ferr('reported_on'))}
            onInput={(e) => setF({ ...f, reported_on: e.currentTarget.value })} />
        </Field>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Filing…' : 'File the report'}</button>
      </div>
    </form>
  );
}
