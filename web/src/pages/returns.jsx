// Periodic returns in the browser.
// /returns: choose a data set, a period and a district (a district user has one; a State
// user chooses among its districts; the Cell a State, then a district) and open its return.
// /returns/DATASET/PERIOD/DISTRICT: the return as a grid per indicator — rows and columns of
// its disaggregation, totals computed as one types — saved as one goes (each changed cell,
// a moment after typing stops or when leaving the cell), blank kept apart from 0; the rules
// it breaks, naming cells and numbers, with the cells marked; and the steps of its workflow
// for the reader's role: submit, approve, send back with a comment, accept, reopen.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, idempotencyFor, useSession } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Notice, Loading, DateTime, Field, describedBy, fieldError } from '../lib/ui.jsx';
import { useStates, useDistricts } from '../lib/geo.js';
import { Day } from '../lib/registers.jsx';
import {
  ReturnStatus, gridOf, recentPeriods, returnApi, returnHref, statusLabel, useDatasets,
} from '../lib/returns.jsx';
import { NotFound } from './misc.jsx';

const SAVE_DELAY = 700;

/* ---- /returns: which return ---------------------------------------------------------- */

export function ReturnsHome({ query }) {
  const s = useSession();
  const user = s.user;
  const [datasets, dsErr] = useDatasets();
  const [states] = useStates();
  const nat = user.jurisdiction === 'national';
  const [form, setForm] = useState({
    dataset: query.get('dataset') || '',
    period: query.get('period') || '',
    state: nat ? (query.get('state') || '') : String(user.state_lgd || ''),
    district: user.district_lgd ? String(user.district_lgd) : (query.get('district') || ''),
  });
  const [districts] = useDistricts(form.state ? Number(form.state) : null);
  const ds = (datasets || []).find((d) => d.code === form.dataset) || (datasets || [])[0] || null;
  const periods = ds ? recentPeriods(ds.period_type, ds.period_type === 'monthly' ? 24 : 8) : [];
  const period = periods.some((p) => p.value === form.period) ? form.period : (periods[0] || {}).value || '';
  const [error, setError] = useState(null);

  function open(e) {
    e.preventDefault();
    if (!ds || !period) return;
    if (!form.district) { setError({ message: 'Choose the district.', field: 'district' }); return; }
    navigate(returnHref(ds.code, period, form.district));
  }
  const ferr = (k) => fieldError(error, k);
  return (
    <Page title="Returns" lead="The periodic returns of trafficking data: every district reports each period; its State approves; the Cell accepts.">
      <ErrorBox error={dsErr} />
      {!datasets && !dsErr && <Loading what="the data sets" />}
      {datasets && datasets.length === 0 && <div class="empty-state"><p>No data set has been defined yet.</p></div>}
      {datasets && datasets.length > 0 && (
        <>
          <form class="form returns-open" onSubmit={open} noValidate>
            <div class="field-row">
              <Field id="rt-dataset" label="Data set">
                <select id="rt-dataset" value={ds ? ds.code : ''} onChange={(e) => setForm({ ...form, dataset: e.currentTarget.value, period: '' })}>
                  {datasets.map((d) => <option key={d.code} value={d.code}>{d.name}</option>)}
                </select>
              </Field>
              <Field id="rt-period" label="Period">
                <select id="rt-period" value={period} onChange={(e) => setForm({ ...form, period: e.currentTarget.value })}>
                  {periods.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
                </select>
              </Field>
            </div>
            {user.role !== 'district' && (
              <div class="field-row">
                {nat && (
                  <Field id="rt-state" label="State/UT">
                    <select id="rt-state" value={form.state} onChange={(e) => setForm({ ...form, state: e.currentTarget.value, district: '' })}>
                      <option value="">Choose a State/UT</option>
                      {(states || []).map((x) => <option key={x.lgd} value={String(x.lgd)}>{x.name}</option>)}
                    </select>
                  </Field>
                )}
                <Field id="rt-district" label="District" error={ferr('district')}>
                  <select id="rt-district" value={form.district} disabled={!form.state}
                    aria-invalid={ferr('district') ? 'true' : undefined} aria-describedby={describedBy('rt-district', false, ferr('district'))}
                    onChange={(e) => { setForm({ ...form, district: e.currentTarget.value }); setError(null); }}>
                    <option value="">Choose a district</option>
                    {(districts || []).map((d) => <option key={d.lgd} value={String(d.lgd)}>{d.name}</option>)}
                  </select>
                </Field>
              </div>
            )}
            <div class="form-actions">
              <button type="submit" class="btn btn-primary">Open the return</button>
              {ds && period && (
                <Link class="btn btn-secondary" href={withQuery('/completeness', { dataset: ds.code, period })}>Completeness of this period</Link>
              )}
              {user.role !== 'viewer' && <Link class="btn btn-secondary" href={withQuery('/returns/analysis', { dataset: ds ? ds.code : '' })}>Analysis of returns</Link>}
              <Link class="btn btn-secondary" href="/returns/datasets">Data sets</Link>
              <Link class="btn btn-secondary" href="/returns/import">{user.role === 'state' || user.role === 'district' ? 'Import from a file, or export' : 'Export values'}</Link>
            </div>
          </form>
          {ds && <p class="muted">{ds.description}</p>}
        </>
      )}
    </Page>
  );
}

/* ---- /returns/DATASET/PERIOD/DISTRICT: the return ------------------------------------ */

/* A cell's text as the API takes it: null for blank, a number, or undefined when not a count. */
function parseCell(text) {
  const t = String(text).trim();
  if (t === '') return null;
  if (!/^\d{1,10}$/.test(t) || Number(t) > 1e9) return undefined;
  return Number(t);
}

/* The sum of the cells' texts: '' when every one is blank. */
function total(vals, keys) {
  let any = false;
  let sum = 0;
  for (const k of keys) {
    const v = parseCell(vals[k] ?? '');
    if (typeof v === 'number') { any = true; sum += v; }
  }
  return any ? String(sum) : '';
}

export function ReturnPage({ dataset, period, district }) {
  const s = useSession();
  const user = s.user;
  const [ds, setDs] = useState(null);
  const [ret, setRet] = useState(null);
  const [vals, setVals] = useState({});
  const [bad, setBad] = useState({});
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(false);
  const [saving, setSaving] = useState(null);   // null | 'saving' | 'saved' | 'error'
  const [savedAt, setSavedAt] = useState(null);
  const [focused, setFocused] = useState(null);
  const dirty = useRef(new Set());
  const timer = useRef(null);
  const inflight = useRef(null);
  const valsRef = useRef(vals);
  valsRef.current = vals;

  useEffect(() => {
    let live = true;
    setDs(null); setRet(null); setMissing(false); setError(null);
    Promise.all([api('GET', `/datasets/${encodeURIComponent(dataset)}`), api('GET', returnApi(dataset, period, district))])
      .then(([d, r]) => {
        if (!live) return;
        setDs(d); setRet(r);
        setVals(Object.fromEntries(Object.entries(r.values || {}).map(([k, v]) => [k, String(v)])));
        dirty.current.clear();
      }, (e) => { if (!live) return; if (e.status === 404) setMissing(true); else setError(e); });
    return () => { live = false; clearTimeout(timer.current); };
  }, [dataset, period, district]);

  // Saves the changed cells that read as counts; the others wait, marked, until corrected.
  async function save() {
    clearTimeout(timer.current);
    if (inflight.current) { await inflight.current; }
    const keys = [...dirty.current].filter((k) => parseCell(valsRef.current[k] ?? '') !== undefined);
    if (!keys.length) return true;
    const body = { values: Object.fromEntries(keys.map((k) => [k, parseCell(valsRef.current[k] ?? '')])) };
    keys.forEach((k) => dirty.current.delete(k));
    setSaving('saving');
    const p = api('PUT', returnApi(dataset, period, district), { body }).then((r) => {
      setRet(r); setSaving('saved'); setSavedAt(new Date()); setError(null);
      return true;
    }, (e) => {
      keys.forEach((k) => dirty.current.add(k));
      setSaving('error');
      if (e.field && body.values[e.field] !== undefined) setBad((b) => ({ ...b, [e.field]: e.message }));
      setError(e);
      return false;
    });
    inflight.current = p;
    const ok = await p;
    inflight.current = null;
    return ok;
  }

  function change(key, text) {
    setVals((v) => ({ ...v, [key]: text }));
    setBad((b) => {
      const n = { ...b };
      if (parseCell(text) === undefined) n[key] = 'A whole number, 0 or more; leave it empty for blank.';
      else delete n[key];
      return n;
    });
    dirty.current.add(key);
    clearTimeout(timer.current);
    timer.current = setTimeout(save, SAVE_DELAY);
  }

  const back = <Link href={withQuery('/returns', { dataset, period })}>Returns</Link>;
  if (missing) {
    return (
      <Page title="Return not found" heading="This return is not yours to see" back={back}>
        <div class="empty-state"><p>There is no such data set, or the district is not in your jurisdiction.</p>
          <p><Link href="/returns">Choose a return</Link></p></div>
      </Page>
    );
  }
  if (!ds || !ret) {
    return <Page title="Return" back={back}><ErrorBox error={error} />{!error && <Loading what="the return" />}</Page>;
  }

  const editable = !!ret.editable;
  const marks = {};
  for (const v of ret.validation || []) for (const c of v.cells || []) {
    if (marks[c] !== 'high') marks[c] = v.importance === 'high' ? 'high' : 'warn';
  }
  for (const u of ret.unusual || []) if (!marks[u.cell]) marks[u.cell] = 'warn';
  const focusCell = (key) => {
    const el = document.getElementById('cell-' + key);
    if (el) el.focus();
  };
  const onKey = (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const all = [...document.querySelectorAll('.rt-cell input')];
    const i = all.indexOf(e.currentTarget);
    const next = all[i + (e.shiftKey ? -1 : 1)];
    if (next) next.focus();
  };
  const cell = (c) => (
    <Cell key={c.key} c={c} value={vals[c.key] ?? ''} readOnly={!editable} mark={marks[c.key]} bad={bad[c.key]}
      comment={(ret.comments || {})[c.key]} onValue={(t) => change(c.key, t)} onBlur={save} onKey={onKey}
      onFocus={() => setFocused(c)} />
  );

  return (
    <Page title={`${ds.name}: ${ret.district}, ${ret.period_label}`} heading={ds.name} wide back={back}>
      <p class="record-kind">{ret.district}, {ret.state} · {ret.period_label} <ReturnStatus status={ret.status} /></p>
      <p class="muted rt-dates">Due by <Day value={ret.dates.due} />; entry closes after <Day value={ret.dates.locks} />.
        {ret.submitted_at && <> First submitted <DateTime value={ret.submitted_at} />.</>}</p>
      {ret.comment && ['returned', 'draft'].includes(ret.status) && (
        <div class="msg msg-warn" role="note"><p><strong>Sent back: </strong>{ret.comment}</p></div>
      )}
      {ret.dates.locked && <div class="msg msg-warn" role="note"><p>Entry for this period closed after <Day value={ret.dates.locks} />. The Cell can reopen it for this district.</p></div>}
      {ret.dates.locked && user.role === 'cell' && (
        <OpenEntry ret={ret} dataset={dataset} period={period} district={district} onDone={(r) => setRet(r)} />
      )}
      {!ret.dates.started && <div class="msg msg-warn" role="note"><p>This period has not begun: its return can be entered from <Day value={ret.dates.first_day} />.</p></div>}
      <ErrorBox error={error} />
      <div class="rt-layout">
        <div class="rt-main">
          <p class="rt-legend muted">
            {editable ? 'Type the counts; each cell is saved as you go. ' : 'This return cannot be changed now. '}
            An empty cell is <em>blank</em> — not reported; <strong>0</strong> means none. Enter moves to the next cell.
          </p>
          <p class="rt-saving" role="status" aria-live="polite">
            {saving === 'saving' && 'Saving…'}
            {saving === 'saved' && savedAt && `All changes saved at ${savedAt.toLocaleTimeString('en-IN', { hour: '2-digit', minute: '2-digit' })}.`}
            {saving === 'error' && 'Not saved: see the message above.'}
          </p>
          {ds.sections.map((sec) => (
            <section key={sec.name} class="rt-section" aria-labelledby={`sec-${sec.name}`}>
              <h2 id={`sec-${sec.name}`}>{sec.name}</h2>
              {groups(sec.indicators).map((g) => (g.singles
                ? <Singles key={g.singles[0].code} inds={g.singles} cell={cell} />
                : <Indicator key={g.ind.code} ind={g.ind} vals={vals} cell={cell} />))}
            </section>
          ))}
        </div>
        <aside class="rt-side">
          <Checks items={ret.validation || []} onCell={focusCell} />
          <Unusual items={ret.unusual || []} editable={editable} onCell={focusCell}
            onComment={(key, text) => api('PUT', returnApi(dataset, period, district), { body: { comments: { [key]: text || null } } }).then(setRet)} />
          {focused && <CellPanel c={focused} comment={(ret.comments || {})[focused.key]} dataset={dataset} period={period} district={district} />}
          <Steps user={user} ret={ret} dataset={dataset} period={period} district={district}
            beforeSubmit={save} onDone={(r) => { setRet(r); setError(null); }} />
          <Events items={ret.events || []} />
        </aside>
      </div>
    </Page>
  );
}

/* A section's indicators, with the consecutive ones of one cell each gathered into one table. */
function groups(inds) {
  const out = [];
  for (const ind of inds) {
    const single = !ind.disaggregation;
    const last = out[out.length - 1];
    if (single && last && last.singles) last.singles.push(ind);
    else out.push(single ? { singles: [ind] } : { ind });
  }
  return out;
}

/* Indicators of one cell each: a row per indicator. */
function Singles({ inds, cell }) {
  return (
    <div class="rt-indicator">
      <div class="table-wrap"><table class="rt-grid">
        <thead><tr><th scope="col">Indicator</th><th scope="col">Count</th></tr></thead>
        <tbody>
          {inds.map((ind) => (
            <tr key={ind.code}>
              <th scope="row">{ind.name}{ind.description && <span class="doc-meta">{ind.description}</span>}</th>
              {cell({ key: ind.code, label: ind.name })}
            </tr>
          ))}
        </tbody>
      </table></div>
    </div>
  );
}

function Indicator({ ind, vals, cell }) {
  const g = gridOf(ind);
  const id = `ind-${ind.code}`;
  if (g.kind === 'single') {
    return (
      <div class="rt-indicator rt-single">
        <h3 id={id}>{ind.name}</h3>
        {ind.description && <p class="hint">{ind.description}</p>}
        <table class="rt-grid" aria-labelledby={id}><tbody><tr>{cell({ ...g.cells[0], label: ind.name })}</tr></tbody></table>
      </div>
    );
  }
  if (g.kind === 'list') {
    return (
      <div class="rt-indicator">
        <h3 id={id}>{ind.name}</h3>
        {ind.description && <p class="hint">{ind.description}</p>}
        <div class="table-wrap"><table class="rt-grid" aria-labelledby={id}>
          <thead><tr><th scope="col">{g.rowsTitle}</th><th scope="col">Count</th></tr></thead>
          <tbody>
            {g.cells.map((c) => <tr key={c.key}><th scope="row">{c.label}</th>{cell({ ...c, label: `${ind.name}: ${c.label}` })}</tr>)}
          </tbody>
          <tfoot><tr><th scope="row">Total</th><td class="rt-total">{total(vals, g.cells.map((c) => c.key)) || '—'}</td></tr></tfoot>
        </table></div>
      </div>
    );
  }
  const colKeys = g.cols.map((_, j) => g.rows.map((r) => r.cells[j].key));
  return (
    <div class="rt-indicator">
      <h3 id={id}>{ind.name}</h3>
      {ind.description && <p class="hint">{ind.description}</p>}
      <div class="table-wrap">
        <table class="rt-grid" aria-labelledby={id}>
          <thead><tr><th scope="col">{g.rowsTitle}</th>{g.cols.map((c) => <th scope="col" key={c.code}>{c.name}</th>)}<th scope="col">Total</th></tr></thead>
          <tbody>
            {g.rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {r.cells.map((c) => cell({ ...c, label: `${ind.name}: ${c.label}` }))}
                <td class="rt-total">{total(vals, r.cells.map((c) => c.key)) || '—'}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {colKeys.map((keys, j) => <td class="rt-total" key={j}>{total(vals, keys) || '—'}</td>)}
              <td class="rt-total rt-grand">{total(vals, colKeys.flat()) || '—'}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

function Cell({ c, value, readOnly, mark, bad, comment, onValue, onBlur, onKey, onFocus }) {
  const id = 'cell-' + c.key;
  const cls = ['rt-cell', value.trim() === '' ? 'rt-blank' : '', mark ? `rt-${mark}` : '', bad ? 'rt-bad' : ''].filter(Boolean).join(' ');
  return (
    <td class={cls}>
      <input id={id} type="text" inputMode="numeric" autoComplete="off" aria-label={c.label} value={value}
        readOnly={readOnly} placeholder="blank" maxLength={10} aria-invalid={bad ? 'true' : undefined}
        title={bad || comment || undefined}
        onInput={(e) => onValue(e.currentTarget.value)} onBlur={onBlur} onKeyDown={onKey} onFocus={onFocus} />
      {bad && <span class="visually-hidden">{bad}</span>}
    </td>
  );
}

/* The rules the return breaks: those that must hold first. */
function Checks({ items, onCell }) {
  const sorted = [...items].sort((a, b) => (a.importance === 'high' ? -1 : 0) - (b.importance === 'high' ? -1 : 0));
  return (
    <section class="panel rt-checks" aria-labelledby="checks-h">
      <h2 id="checks-h">Checks</h2>
      {items.length === 0 && <p class="muted">The return passes every check.</p>}
      {items.length > 0 && (
        <ul class="rt-check-list">
          {sorted.map((v) => (
            <li key={v.code} class={v.importance === 'high' ? 'rt-check-high' : 'rt-check-warn'}>
              <p><span class={'tag ' + (v.importance === 'high' ? 'tag-bad' : 'tag-warn')}>{v.importance === 'high' ? 'Must be corrected' : 'Check'}</span>{' '}
                <button type="button" class="link-button" onClick={() => onCell((v.cells || [])[0])}>{v.message}</button></p>
              {v.instruction && <p class="muted">{v.instruction}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/* The Cell reopens entry past the period's lock for this district, until a day, with a reason. */
function OpenEntry({ ret, dataset, period, district, onDone }) {
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  async function submit(e) {
    e.preventDefault();
    const local = !/^\d{4}-\d{2}-\d{2}$/.test(until) ? { message: 'Choose the last day entry stays open.', field: 'open_until' }
      : !reason.trim() ? { message: 'Say why entry is reopened.', field: 'reason' } : null;
    if (local) { setError(local); return; }
    setBusy(true); setError(null);
    try {
      onDone(await api('PUT', returnApi(dataset, period, district, '/exception'), { body: { open_until: until, reason: reason.trim() } }));
    } catch (err) { setError(err); } finally { setBusy(false); }
  }
  const ferr = (k) => fieldError(error, k);
  return (
    <form class="panel rt-open" onSubmit={submit} noValidate aria-labelledby="rt-open-h">
      <h2 id="rt-open-h">Reopen entry for {ret.district}</h2>
      <ErrorBox error={error && !ferr('open_until') && !ferr('reason') ? error : null} />
      <div class="field-row">
        <Field id="rt-until" label="Open until" error={ferr('open_until')} hint="The last day the district may enter and submit.">
          <input id="rt-until" type="date" value={until} aria-invalid={ferr('open_until') ? 'true' : undefined}
            aria-describedby={describedBy('rt-until', true, ferr('open_until'))} onInput={(e) => setUntil(e.currentTarget.value)} />
        </Field>
        <Field id="rt-reason" label="Reason" error={ferr('reason')} hint="Kept with the exception and in the audit log.">
          <input id="rt-reason" type="text" maxLength={2000} value={reason} aria-invalid={ferr('reason') ? 'true' : undefined}
            aria-describedby={describedBy('rt-reason', true, ferr('reason'))} onInput={(e) => setReason(e.currentTarget.value)} />
        </Field>
      </div>
      <button type="submit" class="btn btn-secondary" disabled={busy}>{busy ? 'Reopening…' : 'Reopen entry'}</button>
    </form>
  );
}

/* Values far from the district's usual ones: each asks for a comment, none blocks. */
function Unusual({ items, editable, onCell, onComment }) {
  if (!items.length) return null;
  return (
    <section class="panel rt-unusual" aria-labelledby="unusual-h">
      <h2 id="unusual-h">Unusual for this district</h2>
      <ul class="rt-check-list">
        {items.map((u) => <UnusualItem key={u.cell} u={u} editable={editable} onCell={onCell} onComment={onComment} />)}
      </ul>
    </section>
  );
}

function UnusualItem({ u, editable, onCell, onComment }) {
  const [text, setText] = useState(u.comment || '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => { setText(u.comment || ''); }, [u.comment]);
  const id = `why-${u.cell}`;
  async function save(e) {
    e.preventDefault();
    setBusy(true); setError(null);
    try { await onComment(u.cell, text.trim()); } catch (err) { setError(err); } finally { setBusy(false); }
  }
  return (
    <li class="rt-check-warn">
      <p><button type="button" class="link-button" onClick={() => onCell(u.cell)}>{u.name}: {u.value}</button>
        <span class="muted"> — usually {u.usual_min} to {u.usual_max} over the last {u.periods} periods.</span></p>
      {editable
        ? (
          <form onSubmit={save} noValidate>
            <ErrorBox error={error} />
            <Field id={id} label="Why (a comment for the State and the Cell)">
              <textarea id={id} rows={2} maxLength={1000} value={text} onInput={(e) => setText(e.currentTarget.value)} />
            </Field>
            <button type="submit" class="btn btn-secondary" disabled={busy}>{busy ? 'Saving…' : 'Save the comment'}</button>
          </form>
        )
        : u.comment && <p class="value-lines">{u.comment}</p>}
    </li>
  );
}

/* The cell being typed in: its comment, and its history on request. */
function CellPanel({ c, comment, dataset, period, district }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => { setItems(null); setError(null); }, [c.key]);
  function load() {
    api('GET', returnApi(dataset, period, district, '/history'), { query: { cell: c.key } })
      .then((r) => setItems(r.items || []), setError);
  }
  return (
    <section class="panel rt-cellpanel" aria-labelledby="cellpanel-h">
      <h2 id="cellpanel-h">This cell</h2>
      <p>{c.label}</p>
      {comment && <p class="value-lines"><span class="muted">Comment: </span>{comment}</p>}
      <ErrorBox error={error} />
      {!items && <button type="button" class="btn btn-secondary" onClick={load}>Show its history</button>}
      {items && items.length === 0 && <p class="muted">No value has been entered in this cell.</p>}
      {items && items.length > 0 && (
        <ol class="rt-event-list">
          {items.map((h, i) => (
            <li key={i}>{h.old === null ? 'blank' : h.old} → <strong>{h.new === null ? 'blank' : h.new}</strong>{' '}
              <span class="muted">by</span> {h.by}, <DateTime value={h.at} /></li>
          ))}
        </ol>
      )}
    </section>
  );
}

/* The workflow's steps for this reader, as the server's table allows them. */
const STEPS = [
  { action: 'submit', label: 'Submit the return', roles: ['district', 'state'], from: ['draft', 'returned'] },
  { action: 'approve', label: 'Approve', roles: ['state'], from: ['submitted'] },
  { action: 'accept', label: 'Accept', roles: ['cell'], from: ['approved'] },
  { action: 'send-back', label: 'Send back with a comment', roles: ['state', 'cell'], from: ['submitted', 'approved'], comment: true },
  { action: 'reopen', label: 'Reopen with a reason', roles: ['cell'], from: ['accepted'], comment: true },
];

function Steps({ user, ret, dataset, period, district, beforeSubmit, onDone }) {
  const [open, setOpen] = useState(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const keyRef = useRef(null);
  const steps = STEPS.filter((st) => st.roles.includes(user.role) && st.from.includes(ret.status)
    && !(st.action === 'submit' && !ret.editable));
  useEffect(() => { setOpen(null); setComment(''); }, [ret.status]);

  async function take(st) {
    if (busy) return;
    if (st.comment && !comment.trim()) { setError({ message: 'Write the comment: it goes to the district with the return.', field: 'comment' }); return; }
    setBusy(true); setError(null); setNotice(null);
    try {
      if (st.action === 'submit' && !(await beforeSubmit())) { setBusy(false); return; }
      const body = st.comment ? { comment: comment.trim() } : {};
      const r = await api('POST', returnApi(dataset, period, district, '/' + st.action),
        { body, idempotencyKey: idempotencyFor(keyRef, { action: st.action, status: ret.status, ...body }) });
      onDone(r);
      setNotice(`Done: the return is now ${statusLabel(r.status).toLowerCase()}.`);
    } catch (e) {
      setError(e.code === 'validation.failed'
        ? { message: 'The return cannot go on: correct the cells named under Checks first.' }
        : e);
    } finally {
      setBusy(false);
    }
  }
  const ferr = fieldError(error, 'comment');
  const asking = open && steps.find((x) => x.action === open);
  if (!steps.length && !notice) return null;
  return (
    <section class="panel rt-steps" aria-labelledby="steps-h">
      <h2 id="steps-h">{user.role === 'district' ? 'Submit' : 'Review'}</h2>
      <Notice message={notice} />
      <ErrorBox error={error && !ferr ? error : null} />
      {!asking && steps.length > 0 && (
        <ul class="action-list">
          {steps.map((st, i) => (
            <li key={st.action}>
              <button type="button" class={'btn ' + (i === 0 && !st.comment ? 'btn-primary' : 'btn-secondary')} disabled={busy}
                onClick={() => (st.comment ? (setOpen(st.action), setError(null)) : take(st))}>{st.label}{st.comment ? '…' : ''}</button>
            </li>
          ))}
        </ul>
      )}
      {asking && (
        <form noValidate onSubmit={(e) => { e.preventDefault(); take(asking); }}>
          <Field id="rt-comment" label="Comment" error={ferr} hint="The district sees it with the return; it is kept in the return's history.">
            <textarea id="rt-comment" rows={4} maxLength={2000} value={comment} disabled={busy}
              aria-invalid={ferr ? 'true' : undefined} aria-describedby={describedBy('rt-comment', true, ferr)}
              onInput={(e) => setComment(e.currentTarget.value)} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>{asking.label.replace(/ with a (comment|reason)$/, '')}</button>
            <button type="button" class="btn btn-secondary" onClick={() => { setOpen(null); setError(null); }}>Cancel</button>
          </div>
        </form>
      )}
    </section>
  );
}

const ACTION_WORDS = { submit: 'Submitted', approve: 'Approved', 'send-back': 'Sent back', accept: 'Accepted', reopen: 'Reopened' };

function Events({ items }) {
  if (!items.length) return null;
  return (
    <section class="panel rt-events" aria-labelledby="events-h">
      <h2 id="events-h">History</h2>
      <ol class="rt-event-list" reversed>
        {[...items].reverse().map((e, i) => (
          <li key={i}>
            <strong>{ACTION_WORDS[e.action] || e.action}</strong> <span class="muted">by</span> {e.by}, <DateTime value={e.at} />
            {e.comment && <p class="value-lines">{e.comment}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/* A path's parts, checked before asking the server. */
export function ReturnRoute({ dataset, period, district }) {
  if (!/^[a-z0-9_]{1,40}$/.test(dataset) || !/^[0-9Q-]{4,7}$/.test(period) || !/^\d{1,6}$/.test(district)) return <NotFound />;
  return <ReturnPage dataset={dataset} period={period} district={district} />;
}

