// Case records: the list (/cases, filtered, sorted and paged, with its downloads), a case
// (/cases/ID: its FIR, status history, victims with their routes, accused; the personal data
// opened on request by the case's own State or district, each opening audited), and the import
// of a CSV file (/cases/import) with every problem named by row and column.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, idempotencyFor, upload, useSession } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, Notice, Pager, DateTime, Field } from '../lib/ui.jsx';
import { useStates, useDistricts } from '../lib/geo.js';
import { Downloads, SortIcon } from '../lib/meetings.jsx';
import { STATUSES, statusLabel, placeName, useVocabulary, labelOf } from '../lib/cases.jsx';

const mayWrite = (u) => u && (u.role === 'state' || u.role === 'district');

export function StatusTag({ status }) {
  const tone = status === 'convicted' ? 'tag-ok' : status === 'acquitted' || status === 'closed' ? 'tag-warn' : 'tag-info';
  return <span class={`tag ${tone}`}>{statusLabel(status)}</span>;
}

/* ---- the list -------------------------------------------------------------------------- */

export function CasesList({ query }) {
  const s = useSession();
  const user = s.user;
  const nat = user.jurisdiction === 'national';
  const [states] = useStates();
  const q = {
    q: query.get('q') || '', status: query.get('status') || '', state: nat ? (query.get('state') || '') : '',
    district: query.get('district') || '', from: query.get('from') || '', to: query.get('to') || '', ahtu: query.get('ahtu') || '',
    sort: query.get('sort') || '-fir_date', offset: Number(query.get('offset')) || 0,
  };
  const stateForDistricts = q.state || (user.state_lgd ? String(user.state_lgd) : '');
  const [districts] = useDistricts(user.role === 'district' ? null : stateForDistricts || null);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [text, setText] = useState(q.q);
  const key = JSON.stringify(q);
  useEffect(() => {
    let live = true;
    setData(null); setError(null);
    api('GET', '/cases', { query: { ...q, limit: 50 } }).then((x) => live && setData(x), (e) => live && setError(e));
    return () => { live = false; };
  }, [key]);
  const go = (over) => navigate(withQuery('/cases', { ...q, offset: 0, ...over }));
  const head = (by, label) => {
    const cur = q.sort === by ? 'ascending' : q.sort === `-${by}` ? 'descending' : null;
    return (
      <th scope="col" aria-sort={cur || undefined}>
        <button type="button" class="sort" onClick={() => go({ sort: cur === 'descending' ? by : `-${by}` })}>{label} <SortIcon s={cur} /></button>
      </th>
    );
  };
  return (
    <Page title="Case records" wide
      lead="Each FIR of trafficking with its victims — and where each was recruited, moved and exploited — and its accused."
      actions={mayWrite(user) && (
        <>
          <Link class="btn btn-primary" href="/cases/new">Record a case</Link>
          <Link class="btn btn-secondary" href="/cases/import">Import from a file</Link>
        </>
      )}>
      <p><Link href="/analysis">The analysis of the cases</Link>: source, transit and destination districts, routes, trends.</p>
      {q.ahtu && <p class="msg msg-info" role="note">The cases naming the unit <strong>{q.ahtu}</strong>. <Link href={withQuery('/cases', { ...q, ahtu: '', offset: 0 })}>Every case</Link></p>}
      <form class="filters" aria-label="Find cases" onSubmit={(e) => { e.preventDefault(); go({ q: text }); }}>
        <div class="field field-wide"><label for="cs-q">FIR number or police station</label>
          <input id="cs-q" type="search" value={text} maxLength={100} onInput={(e) => setText(e.currentTarget.value)} /></div>
        <div class="field"><label for="cs-status">Status</label>
          <select id="cs-status" value={q.status} onChange={(e) => go({ status: e.currentTarget.value })}>
            <option value="">Every status</option>
            {STATUSES.map(([k, l]) => <option key={k} value={k}>{l}</option>)}
          </select></div>
        {nat && <div class="field"><label for="cs-state">State/UT</label>
          <select id="cs-state" value={q.state} onChange={(e) => go({ state: e.currentTarget.value, district: '' })}>
            <option value="">All States/UTs</option>
            {(states || []).map((x) => <option key={x.lgd} value={x.lgd}>{x.name}</option>)}
          </select></div>}
        {user.role !== 'district' && stateForDistricts && <div class="field"><label for="cs-district">District</label>
          <select id="cs-district" value={q.district} onChange={(e) => go({ district: e.currentTarget.value })}>
            <option value="">All districts</option>
            {(districts || []).map((x) => <option key={x.lgd} value={x.lgd}>{x.name}</option>)}
          </select></div>}
        <div class="field field-date"><label for="cs-from">FIR from</label>
          <input id="cs-from" type="date" value={q.from} onChange={(e) => go({ from: e.currentTarget.value })} /></div>
        <div class="field field-date"><label for="cs-to">FIR to</label>
          <input id="cs-to" type="date" value={q.to} onChange={(e) => go({ to: e.currentTarget.value })} /></div>
        <div class="field field-check"><button class="btn btn-secondary" type="submit">Search</button></div>
      </form>
      <ErrorBox error={error} />
      {!data && !error && <Loading what="the cases" />}
      {data && data.total === 0 && (
        <div class="empty-state">
          <p>No case matches{q.q || q.status || q.district || q.from || q.to ? ' these filters' : ' yet'}.</p>
          {mayWrite(user) && <p><Link href="/cases/new">Record the first case</Link> or <Link href="/cases/import">import a file of cases</Link>.</p>}
        </div>
      )}
      {data && data.total > 0 && (
        <>
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Cases">
            <table class="data-table">
              <thead><tr>
                <th scope="col">FIR</th>{head('fir_date', 'Date')}{head('district', 'District')}<th scope="col">Police station</th>
                {head('status', 'Status')}<th scope="col" class="num">Victims</th><th scope="col" class="num">Accused</th>{head('updated_at', 'Changed')}
              </tr></thead>
              <tbody>
                {data.items.map((c) => (
                  <tr key={c.id}>
                    <th scope="row"><Link href={`/cases/${c.id}`}>{c.fir_number}</Link>{c.synthetic && <span class="tag tag-small" title="Made by the demo: not a real case">synthetic</span>}</th>
                    <td class="nowrap">{c.fir_date}</td><td>{c.district}{nat ? `, ${c.state}` : ''}</td><td>{c.police_station}</td>
                    <td><StatusTag status={c.status} /></td><td class="num">{c.victims}</td><td class="num">{c.accused}</td>
                    <td><DateTime value={c.updated_at} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager total={data.total} limit={data.limit} offset={data.offset} onPage={(o) => go({ offset: o })} label="Pages of cases" />
          <Downloads path="/cases" query={{ ...q, offset: '' }} what="the cases" />
          <p class="downloads"><span class="downloads-label">Their victims, de-identified, in the Human Trafficking Case Data Standard's columns (for exchange):</span>
            <a href={`/api/v1/cases/victims?format=csv&state=${encodeURIComponent(q.state)}&district=${encodeURIComponent(q.district)}&from=${encodeURIComponent(q.from)}&to=${encodeURIComponent(q.to)}`} download>CSV</a>
            <a href={`/api/v1/cases/victims?format=xlsx&state=${encodeURIComponent(q.state)}&district=${encodeURIComponent(q.district)}&from=${encodeURIComponent(q.from)}&to=${encodeURIComponent(q.to)}`} download>XLSX</a></p>
        </>
      )}
    </Page>
  );
}

/* ---- one case -------------------------------------------------------------------------- */

function Route({ r }) {
  return (
    <span class="route">
      <span>{placeName(r.source)}</span>
      {r.transit.map((t, i) => <span key={i}> → <span class="muted">{placeName(t)}</span></span>)}
      <span> → <strong>{placeName(r.destination)}</strong></span>
    </span>
  );
}

/* A victim's photo, shown (each showing audited) once the names are open; State and district
   users add or replace it. */
function Photo({ caseId, v, onChanged }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [stamp, setStamp] = useState(0);
  const input = useRef(null);
  const url = `/api/v1/cases/${caseId}/victims/${v.id}/photo`;
  async function send(file) {
    if (!file) return;
    setError(null);
    const form = new FormData();
    form.append('file', file);
    setBusy(true);
    try {
      await upload(`/cases/${caseId}/victims/${v.id}/photo`, form);
      setStamp(Date.now());
      onChanged();
    } catch (e) { setError(e); } finally {
      setBusy(false);
      if (input.current) input.current.value = '';   /* the same file again is a new choice */
    }
  }
  async function remove() {
    setError(null);
    try { await api('DELETE', `/cases/${caseId}/victims/${v.id}/photo`); onChanged(); } catch (e) { setError(e); }
  }
  return (
    <div class="photo-cell">
      {v.has_photo && <img src={`${url}?v=${stamp}`} alt={`Photo of victim ${v.code}`} class="victim-photo" />}
      <label for={`ph-${v.id}`} class="small">{v.has_photo ? 'Replace the photo (JPEG or PNG)' : 'Add a photo (JPEG or PNG)'}</label>
      <input id={`ph-${v.id}`} ref={input} type="file" accept="image/jpeg,image/png" disabled={busy} onChange={(e) => send(e.currentTarget.files[0])} />
      {v.has_photo && <button type="button" class="link-button danger" onClick={remove}>Remove the photo</button>}
      <ErrorBox error={error} />
    </div>
  );
}

export function CasePage({ id }) {
  const s = useSession();
  const user = s.user;
  const [c, setC] = useState(null);
  const [error, setError] = useState(null);
  const [personal, setPersonal] = useState(null);
  const [pError, setPError] = useState(null);
  const [vocab] = useVocabulary();
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let live = true;
    api('GET', `/cases/${encodeURIComponent(id)}`).then((x) => live && setC(x), (e) => live && setError(e));
    return () => { live = false; };
  }, [id, reload]);
  async function open() {
    setPError(null);
    try { setPersonal(await api('GET', `/cases/${encodeURIComponent(id)}/personal`)); } catch (e) { setPError(e); }
  }
  if (error) return <Page title="Case"><ErrorBox error={error} /><p><Link href="/cases">All cases</Link></p></Page>;
  if (!c) return <Page title="Case"><Loading what="the case" /></Page>;
  const who = (list, pid) => (personal ? (list.find((x) => x.id === pid) || {}) : {});
  const v = vocab || {};
  return (
    <Page title={`FIR ${c.fir_number}`} wide back={<Link href="/cases">All cases</Link>}
      actions={mayWrite(user) && <Link class="btn btn-primary" href={`/cases/${c.id}/edit`}>Change</Link>}>
      {c.synthetic && <p class="msg msg-warn">A synthetic case made by the demo: not a real case.</p>}
      <dl class="facts">
        <div><dt>Police station</dt><dd>{c.police_station}, {c.district}, {c.state}</dd></div>
        <div><dt>FIR date</dt><dd>{c.fir_date}</dd></div>
        <div><dt>Sections</dt><dd>{c.sections.length ? c.sections.join(', ') : '–'}</dd></div>
        <div><dt>AHTU</dt><dd>{c.ahtu || '–'}</dd></div>
        <div><dt>Status</dt><dd><StatusTag status={c.status} /> since {c.status_on}</dd></div>
      </dl>
      <h2>History</h2>
      <ol class="history">{c.history.map((h, i) => <li key={i}>{h.on}: {statusLabel(h.status)} <span class="muted">(recorded by {h.by || 'the system'}, <DateTime value={h.at} />)</span></li>)}</ol>
      <h2>Victims ({c.victims.length})</h2>
      {mayWrite(user) && !personal && c.victims.length + c.accused.length > 0 && (
        <p><button type="button" class="btn btn-secondary" onClick={open}>Show names, contacts and photos</button>
          <span class="muted"> Opening them is recorded in the audit log, with your name.</span></p>
      )}
      <ErrorBox error={pError} />
      {c.victims.length === 0 ? <p class="muted">No victim recorded.</p> : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Victims">
          <table class="data-table">
            <thead><tr><th scope="col">Code</th>{personal && <th scope="col">Name, address, contact</th>}{personal && <th scope="col">Photo</th>}<th scope="col">Sex, age</th>
              <th scope="col">Nationality</th><th scope="col">Purposes</th><th scope="col">Route</th><th scope="col">Rescued</th></tr></thead>
            <tbody>
              {c.victims.map((x) => {
                const pv = who(personal ? personal.victims : [], x.id);
                return (
                  <tr key={x.id}>
                    <th scope="row"><code>{x.code}</code></th>
                    {personal && <td>{[pv.name, pv.address, pv.contact].filter(Boolean).join(' · ') || '–'}</td>}
                    {personal && <td><Photo caseId={c.id} v={x} onChanged={() => setReload(reload + 1)} /></td>}
                    <td>{labelOf(v.gender, x.gender)}, {x.age !== null ? `${x.age} years` : labelOf(v.age_band, x.age_band)}</td>
                    <td>{labelOf(v.countries, x.nationality)}</td>
                    <td>{x.purposes.map((p) => labelOf(v.purposes, p)).join(', ') || '–'}
                      {x.methods_of_control.length > 0 && <div class="muted small">Control: {x.methods_of_control.map((m) => labelOf(v.methods_of_control, m)).join(', ')}</div>}</td>
                    <td><Route r={x.route} /></td>
                    <td>{x.rescued_on || '–'}{x.rescue_place ? `, ${x.rescue_place.district}` : ''}{x.shelter ? <div class="muted small">{x.shelter}</div> : null}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2>Accused ({c.accused.length})</h2>
      {c.accused.length === 0 ? <p class="muted">No accused recorded.</p> : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Accused">
          <table class="data-table">
            <thead><tr><th scope="col">Code</th>{personal && <th scope="col">Name</th>}<th scope="col">Role</th><th scope="col">Arrested</th><th scope="col">Chargesheeted</th><th scope="col">Convicted</th></tr></thead>
            <tbody>{c.accused.map((a) => (
              <tr key={a.id}><th scope="row"><code>{a.code}</code></th>
                {personal && <td>{who(personal.accused, a.id).name || '–'}</td>}
                <td>{a.roles.map((r) => labelOf(v.roles, r)).join(', ')}</td>
                <td>{a.arrested ? 'Yes' : 'No'}</td><td>{a.chargesheeted ? 'Yes' : 'No'}</td><td>{a.convicted ? 'Yes' : 'No'}</td></tr>))}</tbody>
          </table>
        </div>
      )}
      <p class="muted">Version {c.version}; recorded <DateTime value={c.created_at} />, last changed <DateTime value={c.updated_at} />.</p>
    </Page>
  );
}

/* ---- the import ------------------------------------------------------------------------ */

export function CasesImport() {
  const s = useSession();
  const [file, setFile] = useState(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null);
  const [problems, setProblems] = useState(null);
  const [error, setError] = useState(null);
  const idem = useRef(null);
  if (!mayWrite(s.user)) return <Page title="Import cases"><p>Only State and district users record cases.</p></Page>;
  async function send(e) {
    e.preventDefault();
    setError(null); setProblems(null); setResult(null);
    if (!file) { setError('Choose the CSV file of cases.'); return; }
    const form = new FormData();
    form.append('file', file);
    setBusy(true);
    try {
      setResult(await upload('/imports/cases', form, { idempotencyKey: idempotencyFor(idem, { name: file.name, size: file.size, t: file.lastModified }) }));
    } catch (x) {
      if (x.code === 'import.rejected') {
        // the list comes in the body: fetch it again as JSON is not possible after upload(); the error carries it
        setProblems(x.details || null);
      }
      setError(x);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Page title="Import cases from a file" back={<Link href="/cases">Case records</Link>}
      lead="A CSV file (UTF-8) with one row per victim; the rows of one FIR make one case. Every row is checked; nothing is saved unless all are right.">
      <form class="card" onSubmit={send} aria-label="Upload">
        <Field id="ci-file" label="CSV file of cases" hint="At most 10 MB and 50,000 rows.">
          <input id="ci-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.currentTarget.files[0] || null)} />
        </Field>
        <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Importing…' : 'Import'}</button>
      </form>
      <ErrorBox error={error && !problems ? error : null} />
      {problems && (
        <section aria-labelledby="ci-p-h" class="import-problems">
          <h2 id="ci-p-h">Nothing was saved: {problems.length} problem{problems.length === 1 ? '' : 's'} to correct</h2>
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Problems">
            <table class="data-table compact">
              <thead><tr><th scope="col" class="num">Row</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead>
              <tbody>{problems.map((p, i) => <tr key={i}><td class="num">{p.row}</td><td><code>{p.column}</code></td><td>{p.message}</td></tr>)}</tbody>
            </table>
          </div>
        </section>
      )}
      {result && (
        <div class="msg msg-ok" role="status"><p>{result.cases} case{result.cases === 1 ? '' : 's'} with {result.victims} victim{result.victims === 1 ? '' : 's'} imported.
          {' '}<Link href="/cases">See the cases</Link>.</p></div>
      )}
      <section aria-labelledby="ci-cols-h">
        <h2 id="ci-cols-h">The columns</h2>
        <p>In any order; the first six are required. Lists are separated by <code>;</code>. A place is a district's LGD code
          (<code>313</code> or <code>D313</code>) or a foreign country's code (<code>NP</code>).</p>
        <p><code>district_lgd, police_station, fir_number, fir_date, gender, nationality, sections, ahtu, status, status_on, age,
          age_band, purposes, methods_of_control, recruiter_relation, rescued_on, rescue_district_lgd, shelter, source, transit,
          destination, name, address, contact</code></p>
        <p class="muted">Codes (gender, purposes, means of control …) are those of the Human Trafficking Case Data Standard where
          it has them; the list is at <code>/api/v1/cases/vocabulary</code>. Names, addresses and contacts are sealed as they arrive.</p>
      </section>
    </Page>
  );
}
