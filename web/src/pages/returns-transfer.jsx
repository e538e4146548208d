// Import and export of returns (docs/api.md, "Import and export"), at /returns/import.
// Download: the template of a period for one's State (or district) to fill offline, as XLSX or
// CSV, and the values entered over a range of periods. Upload (State and district users): the
// filled file goes up with a progress bar, is queued as an import, and the page follows the
// import (reading, checking, saving, each with its share done) until it ends: imported, with
// what it changed, or refused, with every rejected cell by row, column and reason — nothing is
// half-imported. The recent imports of the user's jurisdiction are listed below; ?import=ID
// shows one (a link can be shared, and a reload keeps it).

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, idempotencyFor, upload, useSession } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, DateTime, Field, describedBy, fieldError } from '../lib/ui.jsx';
import { useStates } from '../lib/geo.js';
import { apiExportHref } from '../lib/meetings.jsx';
import { sizeText } from '../lib/docs.jsx';
import { recentPeriods, useDatasets } from '../lib/returns.jsx';

const FILE_MAX = 50 * 1024 * 1024;
const POLL_MS = 500;
const PHASES = { reading: 'Reading the rows', checking: 'Checking the returns', saving: 'Saving the values' };
const OUTCOME = {
  queued: ['Waiting its turn', ''], running: ['Importing', 'tag-info'], done: ['Imported', 'tag-ok'],
  rejected: ['Refused: nothing imported', 'tag-bad'], failed: ['Failed: nothing imported', 'tag-bad'],
};

function ImportStatus({ status }) {
  const [label, tag] = OUTCOME[status] || [status, ''];
  return <span class={`tag import-status ${tag}`}>{label}</span>;
}

/* ---- what to download ------------------------------------------------------------------ */

function Downloads({ datasets, user }) {
  const nat = user.jurisdiction === 'national';
  const [states] = useStates();
  const [code, setCode] = useState('');
  const ds = datasets.find((d) => d.code === code) || datasets[0];
  const periods = recentPeriods(ds.period_type, ds.period_type === 'monthly' ? 24 : 8);
  const [period, setPeriod] = useState('');
  const [from, setFrom] = useState('');
  const [state, setState] = useState('');
  const p = periods.some((x) => x.value === period) ? period : periods[0].value;
  const f = periods.some((x) => x.value === from) ? from : periods[Math.min(periods.length - 1, 11)].value;
  const scope = { dataset: ds.code, state: nat ? state : '' };
  const tq = { ...scope, period: p, template: 1 };
  const eq = { ...scope, from: f, to: p };
  return (
    <section class="card transfer-card" aria-labelledby="tr-down-h">
      <h2 id="tr-down-h">Download</h2>
      <div class="field-row">
        <Field id="tr-dataset" label="Data set">
          <select id="tr-dataset" value={ds.code} onChange={(e) => setCode(e.currentTarget.value)}>
            {datasets.map((d) => <option key={d.code} value={d.code}>{d.name}</option>)}
          </select>
        </Field>
        {nat && (
          <Field id="tr-state" label="State/UT" hint="Empty: the whole country.">
            <select id="tr-state" value={state} aria-describedby={describedBy('tr-state', true)} onChange={(e) => setState(e.currentTarget.value)}>
              <option value="">All States/UTs</option>
              {(states || []).map((x) => <option key={x.lgd} value={String(x.lgd)}>{x.name}</option>)}
            </select>
          </Field>
        )}
      </div>
      <div class="field-row">
        <Field id="tr-period" label="Period">
          <select id="tr-period" value={p} onChange={(e) => setPeriod(e.currentTarget.value)}>
            {periods.map((x) => <option key={x.value} value={x.value}>{x.label}</option>)}
          </select>
        </Field>
        <Field id="tr-from" label="Values from" hint="The values export runs from this period to the one above.">
          <select id="tr-from" value={f} aria-describedby={describedBy('tr-from', true)} onChange={(e) => setFrom(e.currentTarget.value)}>
            {periods.map((x) => <option key={x.value} value={x.value}>{x.label}</option>)}
          </select>
        </Field>
      </div>
      <p class="downloads">
        <span class="downloads-label">Template to fill in:</span>
        <a href={apiExportHref('/values', tq, 'xlsx')} download>XLSX<span class="visually-hidden"> (template)</span></a>
        <a href={apiExportHref('/values', tq, 'csv')} download>CSV<span class="visually-hidden"> (template)</span></a>
      </p>
      <p class="downloads">
        <span class="downloads-label">Values entered:</span>
        <a href={apiExportHref('/values', eq, 'xlsx')} download>XLSX<span class="visually-hidden"> (values)</span></a>
        <a href={apiExportHref('/values', eq, 'csv')} download>CSV<span class="visually-hidden"> (values)</span></a>
      </p>
      <p class="muted">The template has a row for every cell of every district{nat ? '' : ' of yours'} for the period, with what
        is already entered. Fill in the value column; an empty value changes nothing. Leave the code columns as they are.</p>
    </section>
  );
}

/* ---- the upload -------------------------------------------------------------------------- */

function UploadForm({ onQueued }) {
  const [file, setFile] = useState(null);
  const [error, setError] = useState(null);
  const [sent, setSent] = useState(null);
  const keyRef = useRef(null);
  const abortRef = useRef(null);
  const formRef = useRef(null);

  async function submit(e) {
    e.preventDefault();
    if (sent) return;
    if (!file) { setError({ message: 'Choose the filled template (XLSX or CSV).', field: 'file' }); return; }
    if (file.size === 0) { setError({ message: 'This file is empty.', field: 'file' }); return; }
    if (file.size > FILE_MAX) { setError({ message: `This file is ${sizeText(file.size)}; the largest that can be imported is 50 MB. Split it by district or period.`, field: 'file' }); return; }
    const body = new FormData();
    body.append('file', file, file.name);
    const ctl = new AbortController();
    abortRef.current = ctl;
    setError(null);
    setSent({ sent: 0, total: file.size });
    try {
      const job = await upload('/imports/returns', body, {
        idempotencyKey: idempotencyFor(keyRef, [file.name, file.size, file.lastModified]),
        signal: ctl.signal, onProgress: (n, t) => setSent({ sent: n, total: t || file.size }),
      });
      setFile(null);
      if (formRef.current) formRef.current.reset();
      onQueued(job);
    } catch (err) {
      setError(ctl.signal.aborted ? { message: 'The upload was cancelled. Nothing has been imported.' } : { ...err, field: err.field || 'file' });
    } finally {
      setSent(null);
      abortRef.current = null;
    }
  }

  const ferr = fieldError(error, 'file');
  const pct = sent && sent.total ? Math.min(100, Math.floor((sent.sent / sent.total) * 100)) : 0;
  return (
    <section class="card transfer-card" aria-labelledby="tr-up-h">
      <h2 id="tr-up-h">Upload a filled template</h2>
      <form class="form" ref={formRef} onSubmit={submit} noValidate>
        <ErrorBox error={error && !ferr ? error : null} />
        <Field id="tr-file" label="File (XLSX or CSV, at most 50 MB)" error={ferr}
          hint="Every row is checked first. If any is wrong, nothing is imported and each wrong cell is listed.">
          <input id="tr-file" type="file" accept=".xlsx,.csv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={!!sent} aria-invalid={ferr ? 'true' : undefined} aria-describedby={describedBy('tr-file', true, ferr)}
            onChange={(e) => { setFile((e.currentTarget.files || [])[0] || null); setError(null); }} />
        </Field>
        {sent && (
          <div class="upload-progress">
            <label for="tr-upload-progress">{pct >= 100 ? 'Sent. The server is queueing the import…' : `Uploading: ${pct}% of ${sizeText(sent.total)}`}</label>
            <div class="input-with-buttons">
              <progress id="tr-upload-progress" max={100} value={pct}>{pct}%</progress>
              {pct < 100 && <button type="button" class="btn btn-secondary btn-small" onClick={() => abortRef.current && abortRef.current.abort()}>Cancel upload</button>}
            </div>
          </div>
        )}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={!!sent}>{sent ? 'Uploading…' : 'Upload and import'}</button>
        </div>
      </form>
    </section>
  );
}

/* ---- one import, followed until it ends ----------------------------------------------------- */

function ImportReport({ id, onFinished }) {
  const [job, setJob] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    let timer = null;
    const poll = () => api('GET', `/imports/${encodeURIComponent(id)}`).then((j) => {
      if (!live) return;
      setJob(j);
      if (j.status === 'queued' || j.status === 'running') timer = setTimeout(poll, POLL_MS);
      else onFinished && onFinished(j);
    }, (e) => live && setError(e));
    setJob(null); setError(null);
    poll();
    return () => { live = false; clearTimeout(timer); };
  }, [id]);

  if (error) return <ErrorBox error={error} />;
  if (!job) return <Loading what="the import" />;
  const rep = job.report;
  const busy = job.status === 'queued' || job.status === 'running';
  const pg = job.progress;
  return (
    <section class="card import-report" aria-labelledby="tr-job-h" aria-live="polite">
      <h2 id="tr-job-h">{job.file_name} <ImportStatus status={job.status} /></h2>
      <p class="muted">Uploaded by {job.by} <DateTime value={job.created_at} />{job.finished_at && <>; finished <DateTime value={job.finished_at} /></>}.</p>
      {job.status === 'queued' && <p>Waiting for {job.queued_before ? `${job.queued_before} import${job.queued_before === 1 ? '' : 's'} before it` : 'the importer'}…</p>}
      {busy && (
        <div class="upload-progress">
          <label for="tr-job-progress">{pg ? `${PHASES[pg.phase] || 'Working'}: ${pg.percent}%` : 'Starting…'}</label>
          <progress id="tr-job-progress" max={100} value={pg ? pg.percent : undefined}>{pg ? `${pg.percent}%` : ''}</progress>
        </div>
      )}
      {job.status === 'done' && rep && (
        <div class="msg msg-ok" role="status">
          <p><strong>{rep.values.toLocaleString('en-IN')} value{rep.values === 1 ? '' : 's'} imported</strong> into {rep.returns} return{rep.returns === 1 ? '' : 's'} of {rep.districts} district{rep.districts === 1 ? '' : 's'} ({rep.periods} period{rep.periods === 1 ? '' : 's'}).
            {rep.blanks ? ` ${rep.blanks.toLocaleString('en-IN')} row${rep.blanks === 1 ? ' was' : 's were'} left empty and changed nothing.` : ''}
            {rep.unchanged ? ` ${rep.unchanged.toLocaleString('en-IN')} row${rep.unchanged === 1 ? '' : 's'} of returns already submitted or closed gave what they hold, and ${rep.unchanged === 1 ? 'was' : 'were'} left out.` : ''}</p>
          <p>The returns stay drafts: open each to see its checks and submit it. <Link href="/returns">Returns</Link> · <Link href="/completeness">Completeness</Link></p>
        </div>
      )}
      {rep && rep.ignored_columns && rep.ignored_columns.length > 0 && (
        <p class="muted">Columns not read: {rep.ignored_columns.join(', ')}.</p>
      )}
      {(job.status === 'rejected' || job.status === 'failed') && rep && (
        <>
          <div class="msg msg-error" role="alert"><p>{rep.message}</p></div>
          {rep.error_count > 0 && <ErrorTable job={job} rep={rep} />}
        </>
      )}
    </section>
  );
}

function ErrorTable({ job, rep }) {
  const shown = rep.errors.length;
  return (
    <>
      <p>
        {rep.error_count.toLocaleString('en-IN')} cell{rep.error_count === 1 ? '' : 's'} to correct
        {shown < rep.error_count ? ` (the first ${shown} are listed)` : ''}.{' '}
        <a href={`/api/v1/imports/${encodeURIComponent(job.id)}?format=csv`} download>Download the list (CSV)</a>
      </p>
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Cells to correct">
        <table class="reflow data-table import-errors">
          <thead><tr><th scope="col">Row</th><th scope="col">Cell</th><th scope="col">Column</th><th scope="col">Value</th><th scope="col">What is wrong</th></tr></thead>
          <tbody>
            {rep.errors.map((e, i) => (
              <tr key={i}>
                <td data-label="Row">{e.row}</td>
                <td data-label="Cell">{e.cell || '—'}</td>
                <td data-label="Column">{e.column || '—'}</td>
                <td data-label="Value"><code>{e.value}</code></td>
                <td data-label="What is wrong">{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/* ---- recent imports ------------------------------------------------------------------------ */

function Recent({ refresh, current }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    api('GET', '/imports').then((r) => live && setItems(r.items), (e) => live && setError(e));
    return () => { live = false; };
  }, [refresh]);
  return (
    <section aria-labelledby="tr-recent-h">
      <h2 id="tr-recent-h">Recent imports</h2>
      <ErrorBox error={error} />
      {!items && !error && <Loading what="the recent imports" />}
      {items && items.length === 0 && <div class="empty-state"><p>No file has been imported yet.</p></div>}
      {items && items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Recent imports">
          <table class="reflow data-table">
            <thead><tr><th scope="col">File</th><th scope="col">Uploaded</th><th scope="col">By</th><th scope="col">Outcome</th><th scope="col">Values</th></tr></thead>
            <tbody>
              {items.map((j) => (
                <tr key={j.id} aria-current={String(j.id) === String(current) ? 'true' : undefined}>
                  <td data-label="File"><Link href={withQuery('/returns/import', { import: j.id })}>{j.file_name}</Link></td>
                  <td data-label="Uploaded"><DateTime value={j.created_at} /></td>
                  <td data-label="By">{j.by}</td>
                  <td data-label="Outcome"><ImportStatus status={j.status} /></td>
                  <td data-label="Values">{j.report ? (j.status === 'done' ? j.report.values.toLocaleString('en-IN') : `${j.report.error_count.toLocaleString('en-IN')} error${j.report.error_count === 1 ? '' : 's'}`) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ReturnsTransfer({ query }) {
  const s = useSession();
  const user = s.user;
  const [datasets, dsErr] = useDatasets();
  const current = /^\d+$/.test(query.get('import') || '') ? query.get('import') : null;
  const [refresh, setRefresh] = useState(0);
  const writer = user.role === 'state' || user.role === 'district';
  return (
    <Page title="Import and export returns" wide back={<Link href="/returns">Returns</Link>}
      lead={writer ? 'Fill the template offline and upload it: the values go into your districts\u2019 returns as drafts.'
        : 'Download any period\u2019s values. States and districts upload filled templates here.'}>
      <ErrorBox error={dsErr} />
      {!datasets && !dsErr && <Loading what="the data sets" />}
      {datasets && datasets.length > 0 && (
        <div class="transfer-grid">
          <Downloads datasets={datasets} user={user} />
          {writer && <UploadForm onQueued={(job) => { navigate(withQuery('/returns/import', { import: job.id })); setRefresh((n) => n + 1); }} />}
        </div>
      )}
      {current && <ImportReport id={current} onFinished={() => setRefresh((n) => n + 1)} />}
      <Recent refresh={refresh} current={current} />
    </Page>
  );
}
