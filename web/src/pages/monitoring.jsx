// Monitoring the States' action (GET /api/v1/dashboard), at /monitoring: one line per State/UT
// — AHTUs sanctioned, set up and functional as their records bear them out, funds released
// and accounted for, officers trained against the target, compliance with the advisories,
// open action points and returns received — sortable, with progress bars, a tile map coloured
// by any of them, and what is overdue with its age. A State sees itself and its districts.
// Every figure links to the records behind it. /monitoring/funds holds the releases and
// utilisation certificates, /monitoring/training the courses.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, flash, idempotencyFor, useSession } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, Field, fieldError } from '../lib/ui.jsx';
import { Day } from '../lib/registers.jsx';
import { Downloads, SortIcon } from '../lib/meetings.jsx';
import { useStates } from '../lib/geo.js';
import { MapHead, RampLegend, TileMap, scaleOf } from '../lib/cases.jsx';
import { useDatasets } from '../lib/returns.jsx';

const pct = (n, d) => (typeof n === 'number' && d ? Math.round((n / d) * 100) : null);

/* A figure with its bar: "34 of 40" and a meter, or the figure alone when there is no base. */
function Progress({ value, of, label, href }) {
  if (value === null || value === undefined) return <span class="muted">—</span>;
  const p = pct(value, of);
  const text = of ? `${value.toLocaleString('en-IN')} of ${of.toLocaleString('en-IN')}` : value.toLocaleString('en-IN');
  return (
    <span class="mon-progress">
      {href ? <Link href={href}>{text}</Link> : <span>{text}</span>}
      {p !== null && (
        <span class="cp-bar">
          <meter min={0} max={100} low={50} high={99} optimum={100} value={Math.min(p, 100)} aria-label={`${label}: ${p}%`}>{p}%</meter>
          <span class="cp-bar-text" aria-hidden="true">{p}%</span>
        </span>
      )}
    </span>
  );
}

/* The columns of the table: key to sort by, heading, cell. */
function columns(level, hrefs) {
  const district = level === 'district';
  const cols = [
    ['ahtus_functional_pct', 'AHTUs: functional of sanctioned', (x) => <Progress value={x.ahtus_functional} of={x.ahtus_sanctioned} label={`${x.name}, units functional`} href={hrefs.units(x)} />],
    ['ahtus_set_up', 'Set up (of target)', (x) => <Progress value={x.ahtus_set_up} of={x.ahtus_target} label={`${x.name}, units set up of the target`} />],
  ];
  if (!district) {
    cols.push(
      ['released_paise', 'Funds released', (x) => (x.released ? <Link href={hrefs.funds(x)}>{x.released_words}</Link> : <span class="muted">—</span>)],
      ['utilised_pct', 'Utilised', (x) => (x.released_paise ? <span title={x.utilised}>{Math.round(x.utilised_pct ?? 0)}%</span> : <span class="muted">—</span>)],
      ['ucs_overdue', 'UCs overdue', (x) => (x.ucs_overdue ? <Link href={hrefs.funds(x, true)} class="mon-late">{x.ucs_overdue}</Link> : '0')],
      ['officers_pct', 'Officers trained (of target)', (x) => <Progress value={x.officers_trained} of={x.officers_target} label={`${x.name}, officers trained of the target`} href={hrefs.training(x)} />],
      ['complied_pct', 'Advisories complied', (x) => <Progress value={x.advisories_complied} of={x.advisories} label={`${x.name}, advisories complied`} href={hrefs.compliance(x)} />],
      ['action_points_open', 'Action points open (overdue)', (x) => (x.action_points_open === null ? '—'
        : <Link href={hrefs.followUp(x)}>{x.action_points_open}{x.action_points_overdue ? <span class="mon-late"> ({x.action_points_overdue})</span> : ''}</Link>)],
    );
  }
  cols.push(['returns_pct', 'Returns received', (x) => <Progress value={x.returns_submitted} of={x.returns_expected} label={`${x.name}, returns received`} href={hrefs.returns(x)} />]);
  cols.push(['ahtu_cases_recorded', 'AHTU cases, 12 months: records (returns)', (x) => (
    <span>{hrefs.cases(x) ? <Link href={hrefs.cases(x)}>{x.ahtu_cases_recorded.toLocaleString('en-IN')}</Link> : x.ahtu_cases_recorded.toLocaleString('en-IN')}{x.ahtu_cases_returned === null ? '' : <span class="muted"> ({x.ahtu_cases_returned.toLocaleString('en-IN')})</span>}</span>)]);
  return cols;
}

const MEASURES = [
  ['ahtus_functional_pct', 'Share of AHTUs functional'], ['ahtus_set_up', 'AHTUs set up'], ['officers_pct', 'Officers trained, share of target'],
  ['utilised_pct', 'Share of funds utilised'], ['ucs_overdue', 'Utilisation certificates overdue'], ['complied_pct', 'Advisories complied, share'],
  ['returns_pct', 'Returns received, share'],
];

export function Monitoring({ query }) {
  const s = useSession();
  const user = s.user;
  const national = user.jurisdiction === 'national';
  const state = national && /^\d+$/.test(query.get('state') || '') ? query.get('state') : '';
  const scheme = /^[a-z0-9_]{2,40}$/.test(query.get('scheme') || '') ? query.get('scheme') : '';
  const dataset = /^[a-z0-9_]{1,40}$/.test(query.get('dataset') || '') ? query.get('dataset') : '';
  const [datasets] = useDatasets();
  const [schemes, setSchemes] = useState(null);
  useEffect(() => { api('GET', '/schemes').then((r) => setSchemes(r.items), () => setSchemes([])); }, []);
  const sort = query.get('sort') || '';
  const measure = MEASURES.some(([k]) => k === query.get('measure')) ? query.get('measure') : 'ahtus_functional_pct';
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [states] = useStates();
  const [filed, setFiled] = useState(null);
  useEffect(() => {
    let live = true;
    setData(null); setError(null);
    api('GET', '/dashboard', { query: { state, scheme, dataset } }).then((r) => live && setData(r), (e) => live && setError(e));
    return () => { live = false; };
  }, [state, scheme, dataset]);
  const go = (over) => navigate(withQuery('/monitoring', { state, scheme, dataset, sort, measure, ...over }));
  // a State's line links to that State's records; the total and a district's line to all in view
  const lgdQ = (x) => (data.level === 'state' && x.lgd ? { state: x.lgd } : {});
  const hrefs = {
    units: (x) => withQuery('/registers/ahtus', lgdQ(x)),
    funds: (x, late) => withQuery('/monitoring/funds', { ...lgdQ(x), overdue: late ? '1' : '' }),
    training: (x) => withQuery('/monitoring/training', lgdQ(x)),
    compliance: (x) => (x.lgd ? `/compliance/states/${x.lgd}` : '/compliance'),
    followUp: (x) => withQuery('/follow-up', lgdQ(x)),
    // the case records are the Cell's and the States' (viewers have the analysis)
    cases: (x) => (user.role === 'viewer' ? null
      : withQuery('/cases', data.level === 'state' ? lgdQ(x) : { district: x.lgd === data.total.lgd ? '' : x.lgd })),
    returns: (x) => withQuery('/completeness', { dataset: data.returns && data.returns.dataset, period: data.returns && data.returns.period, ...lgdQ(x) }),
  };
  const cols = data ? columns(data.level, hrefs) : [];
  const [key, dir] = sort.startsWith('-') ? [sort.slice(1), -1] : [sort, 1];
  const rows = data ? data.rows.slice() : [];
  if (key && cols.some(([k]) => k === key)) {
    rows.sort((a, b) => {
      const va = a[key] ?? -1, vb = b[key] ?? -1;
      return (va - vb) * dir || a.name.localeCompare(b.name);
    });
  }
  const t = data && data.total;
  const place = data ? t.name : '';
  const fileIt = async () => {
    setFiled({ busy: true });
    try {
      const doc = await api('POST', '/dashboard/file', { body: { state_lgd: state ? Number(state) : null } });
      setFiled({ doc });
    } catch (e) { setFiled({ error: e }); }
  };
  return (
    <Page title={data && data.level === 'district' ? `Monitoring: ${place}` : 'Monitoring'} wide
      back={state ? <Link href={withQuery('/monitoring', { measure })}>All States/UTs</Link> : null}>
      <ErrorBox error={error} />
      {!data && !error && <Loading what="where the States stand" />}
      {data && (
        <>
          <p class="lead">
            As on <Day value={data.as_of} />{data.scheme ? <>, against the targets of the <em>{data.scheme.name}</em></> : ''}.
            {' '}<Link href="/registers/ahtus">AHTU register</Link> · <Link href="/monitoring/funds">Funds</Link> · <Link href="/monitoring/training">Training</Link> · <Link href="/monitoring/schemes">Schemes and targets</Link>
          </p>
          {((schemes && schemes.length > 1) || (datasets && datasets.length > 1)) && (
            <form class="filters" aria-label="Measured against" onSubmit={(e) => e.preventDefault()}>
              {schemes && schemes.length > 1 && (
                <div class="field">
                  <label for="mon-scheme">Targets of the scheme</label>
                  <select id="mon-scheme" value={data.scheme ? data.scheme.code : ''} onChange={(e) => go({ scheme: e.currentTarget.value })}>
                    {schemes.map((x) => <option key={x.code} value={x.code}>{x.name}</option>)}
                  </select>
                </div>
              )}
              {datasets && datasets.length > 1 && (
                <div class="field">
                  <label for="mon-dataset">Returns counted</label>
                  <select id="mon-dataset" value={data.returns ? data.returns.dataset : ''} onChange={(e) => go({ dataset: e.currentTarget.value })}>
                    {datasets.map((x) => <option key={x.code} value={x.code}>{x.name}</option>)}
                  </select>
                </div>
              )}
            </form>
          )}
          <Summary t={t} overdue={data.overdue} />
          {data.level === 'state' && (
            <MonitoringMap rows={data.rows} states={states} measure={measure} setMeasure={(m) => go({ measure: m })} onState={(lgd) => go({ state: String(lgd), sort: '' })} />
          )}
          <h2 id="mon-table-h">{data.level === 'state' ? 'States and Union Territories' : `Districts of ${place}`}</h2>
          {data.level === 'district' && (
            <p class="muted">Funds, training, advisories and action points are kept for the State as a whole; they are in the total below.</p>
          )}
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="mon-table-h">
            <table class="data-table reflow mon-table">
              <thead>
                <tr>
                  <th scope="col">{data.level === 'state' ? 'State/UT' : 'District'}</th>
                  {cols.map(([k, l]) => {
                    const st = key === k ? (dir > 0 ? 'ascending' : 'descending') : 'none';
                    return (
                      <th scope="col" key={k} aria-sort={st}>
                        <button type="button" class="sort-button" onClick={() => go({ sort: key === k && dir > 0 ? `-${k}` : k })}>
                          {l}<SortIcon s={st} />
                        </button>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {rows.map((x) => (
                  <tr key={x.lgd}>
                    <th scope="row" data-label={data.level === 'state' ? 'State/UT' : 'District'}>
                      {data.level === 'state' ? <button type="button" class="link-button" onClick={() => go({ state: String(x.lgd), sort: '' })}>{x.name}</button> : x.name}
                    </th>
                    {cols.map(([k, l, cell]) => <td key={k} data-label={l}>{cell(x)}</td>)}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr class="mon-total">
                  <th scope="row" data-label="Total">{place}</th>
                  {cols.map(([k, l, cell]) => <td key={k} data-label={l}>{cell(t)}</td>)}
                </tr>
              </tfoot>
            </table>
          </div>
          {data.level === 'district' && <StateTotals t={t} hrefs={hrefs} />}
          <Overdue overdue={data.overdue} />
          <Downloads path="/dashboard" query={{ state, scheme, dataset }} what="the dashboard" />
          {user.role === 'cell' && (
            <p>
              <button type="button" class="btn btn-secondary" disabled={filed && filed.busy} onClick={fileIt}>
                File this status report in the library
              </button>
              {filed && filed.doc && <span role="status"> Filed: <Link href={`/documents/${filed.doc.id}`}>{filed.doc.title}</Link></span>}
              {filed && filed.error && <ErrorBox error={filed.error} />}
            </p>
          )}
          <Method />
        </>
      )}
    </Page>
  );
}

function Summary({ t, overdue }) {
  return (
    <dl class="mon-summary" aria-label="The totals">
      <div><dt>AHTUs set up</dt><dd><Progress value={t.ahtus_set_up} of={t.ahtus_target} label="Units set up of the target" /></dd></div>
      <div><dt>Functional</dt><dd>{t.ahtus_functional.toLocaleString('en-IN')} of {t.ahtus_sanctioned.toLocaleString('en-IN')} sanctioned</dd></div>
      <div><dt>Funds released</dt><dd>{t.released_words || '—'}{t.released_paise ? <span class="muted"> ({Math.round(t.utilised_pct)}% utilised)</span> : ''}
        {t.released_to_all_states_paise ? <span class="muted"> and {t.released_to_all_states_words} to all the States together</span> : ''}</dd></div>
      <div><dt>Officers trained</dt><dd><Progress value={t.officers_trained} of={t.officers_target} label="Officers trained of the target" /></dd></div>
      <div><dt>Overdue</dt><dd><span class={overdue.utilisation_count ? 'mon-late' : ''}>{overdue.utilisation_count} certificates</span>, <span class={overdue.units_count ? 'mon-late' : ''}>{overdue.units_count} units not set up</span></dd></div>
    </dl>
  );
}

function StateTotals({ t, hrefs }) {
  return (
    <dl class="mon-summary" aria-label="The State's own figures">
      <div><dt>Funds released</dt><dd><Link href={hrefs.funds(t)}>{t.released_words || '—'}</Link></dd></div>
      <div><dt>Utilised</dt><dd>{t.utilised_words || '—'}</dd></div>
      <div><dt>Trainers trained</dt><dd>{t.trainers_trained ?? '—'}</dd></div>
      <div><dt>Trained by trainers (cascade)</dt><dd>{t.cascade_trained ?? '—'}</dd></div>
      <div><dt>Advisories complied</dt><dd><Progress value={t.advisories_complied} of={t.advisories} label="Advisories complied" /></dd></div>
      <div><dt>Action points open</dt><dd>{t.action_points_open ?? '—'} ({t.action_points_overdue ?? 0} overdue)</dd></div>
    </dl>
  );
}

function MonitoringMap({ rows, states, measure, setMeasure, onState }) {
  const tiles = (states || []).map((st) => {
    const r = rows.find((x) => x.lgd === st.lgd);
    return { lgd: st.lgd, name: st.name, value: r ? r[measure] ?? null : null };
  });
  const scale = scaleOf(tiles.map((x) => x.value));
  const label = MEASURES.find(([k]) => k === measure)[1];
  const fmt = (v) => (v === null || v === undefined ? 'nothing to measure' : measure.endsWith('_pct') ? `${Math.round(v)}%` : String(v));
  return (
    <section class="map-panel mon-map" aria-labelledby="mon-map-h">
      <MapHead id="mon-map-h" selectId="mon-measure" measures={MEASURES} measure={measure} setMeasure={setMeasure} />
      <TileMap states={tiles} districts={[]} scale={scale} onState={onState} label={`States/UTs coloured by ${label.toLowerCase()}`} valueLabel={fmt}
        note="A State's tile opens its districts." />
      <RampLegend scale={scale} label={label} fmt={fmt} />
    </section>
  );
}

function Overdue({ overdue }) {
  return (
    <section aria-labelledby="mon-overdue-h">
      <h2 id="mon-overdue-h">Overdue</h2>
      {!overdue.utilisation_count && !overdue.units_count && <p>Nothing is overdue.</p>}
      {overdue.utilisation_count > 0 && (
        <>
          <h3>Utilisation certificates ({overdue.utilisation_count})</h3>
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Utilisation certificates overdue">
            <table class="data-table reflow">
              <thead><tr><th scope="col">State/UT</th><th scope="col">Released in</th><th scope="col">Due on</th><th scope="col">Days overdue</th><th scope="col">Unaccounted</th></tr></thead>
              <tbody>
                {overdue.utilisation.map((u) => (
                  <tr key={u.release_id}>
                    <th scope="row" data-label="State/UT">{u.state}</th>
                    <td data-label="Released in">{u.financial_year}</td>
                    <td data-label="Due on"><Day value={u.uc_due_on} /></td>
                    <td data-label="Days overdue" class="num">{u.days_overdue.toLocaleString('en-IN')}</td>
                    <td data-label="Unaccounted" class="num">{u.unspent}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {overdue.utilisation_count > overdue.utilisation.length && <p class="muted">The oldest {overdue.utilisation.length} are listed; see <Link href="/monitoring/funds?overdue=1">Funds</Link> for all.</p>}
        </>
      )}
      {overdue.units_count > 0 && (
        <>
          <h3>Units sanctioned but not set up after 12 months ({overdue.units_count})</h3>
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Units not set up">
            <table class="data-table reflow">
              <thead><tr><th scope="col">Unit</th><th scope="col">District</th><th scope="col">Sanctioned in</th><th scope="col">Due by</th><th scope="col">Days overdue</th></tr></thead>
              <tbody>
                {overdue.units.map((u) => (
                  <tr key={u.id}>
                    <th scope="row" data-label="Unit"><Link href={`/registers/ahtus/${u.id}`}>{u.name}</Link></th>
                    <td data-label="District">{u.district}, {u.state}</td>
                    <td data-label="Sanctioned in">{u.sanction_year}</td>
                    <td data-label="Due by"><Day value={u.due_on} /></td>
                    <td data-label="Days overdue" class="num">{u.days_overdue.toLocaleString('en-IN')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Method() {
  return (
    <details class="method">
      <summary>How these figures are worked out</summary>
      <ul>
        <li>An AHTU counts as set up or functional only as far as its record bears out, by the Cell's criteria (the register's "status on the record"): a unit with no staff posted is not functional, whatever it was reported to be.</li>
        <li>Funds are summed in whole paise. A utilisation certificate is due 12 months after the end of the financial year of its release. A release to all the States together (the 2010-11 one, whose States' shares are not published) stands beside the national total, not in it.</li>
        <li>Officers trained are the police participants of the scheme's programmes; trainers, those of its Training of Trainers courses; the cascade, those trained in courses the trainers ran.</li>
        <li>Returns received: districts that have submitted the return of the last period whose due date has passed.</li>
        <li>AHTU cases: the case records naming an AHTU with their FIR in the last 12 months; in brackets, the cases registered by AHTUs that the returns of the last 12 months report.</li>
        <li>The map places each State/UT as a tile roughly where it lies; no boundaries are drawn.</li>
      </ul>
    </details>
  );
}

// ---- /monitoring/funds: releases and utilisation certificates ----------------------------

const thisFy = () => {
  const d = new Date(Date.now() + 330 * 60000);
  const y = d.getUTCMonth() >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  return `${y}-${String((y + 1) % 100).padStart(2, '0')}`;
};

export function Funds({ query }) {
  const s = useSession();
  const user = s.user;
  const national = user.jurisdiction === 'national';
  const state = national && /^\d+$/.test(query.get('state') || '') ? query.get('state') : '';
  const overdue = query.get('overdue') === '1';
  const [rel, setRel] = useState(null);
  const [ucs, setUcs] = useState(null);
  const [error, setError] = useState(null);
  const [tick, setTick] = useState(0);
  const [states] = useStates();
  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all([api('GET', '/releases', { query: { state, limit: 200 } }), api('GET', '/utilisation', { query: { state, overdue: overdue ? '1' : '' } })])
      .then(([a, b]) => { if (live) { setRel(a); setUcs(b); } }, (e) => live && setError(e));
    return () => { live = false; };
  }, [state, overdue, tick]);
  const go = (over) => navigate(withQuery('/monitoring/funds', { state, overdue: overdue ? '1' : '', ...over }));
  return (
    <Page title="Funds released and accounted for" wide back={<Link href={withQuery('/monitoring', { state })}>Monitoring</Link>}>
      {national && (
        <form class="filters" aria-label="Which releases" onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label for="fu-state">State/UT</label>
            <select id="fu-state" value={state} onChange={(e) => go({ state: e.currentTarget.value })}>
              <option value="">All States/UTs</option>
              {(states || []).map((x) => <option key={x.lgd} value={x.lgd}>{x.name}</option>)}
            </select>
          </div>
          <label class="check"><input type="checkbox" checked={overdue} onChange={(e) => go({ overdue: e.currentTarget.checked ? '1' : '' })} /> Only overdue certificates</label>
        </form>
      )}
      <ErrorBox error={error} />
      {!rel && !error && <Loading what="the releases" />}
      {user.role === 'cell' && states && <ReleaseForm states={states} defaultState={state} onDone={() => setTick((n) => n + 1)} />}
      {rel && (
        <>
          <h2 id="fu-rel-h">Releases</h2>
          <p class="lead">{rel.total.toLocaleString('en-IN')} releases: <strong>{rel.amount_words}</strong> ({rel.amount}) for {rel.units.toLocaleString('en-IN')} units.</p>
          {rel.items.length === 0 ? <p>No funds have been released{state ? ' to this State/UT' : ''} yet.</p> : (
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="fu-rel-h">
              <table class="data-table reflow">
                <thead><tr><th scope="col">Year</th><th scope="col">State/UT</th><th scope="col">Amount</th><th scope="col">Units</th><th scope="col">Instalment</th><th scope="col">Sanction order</th><th scope="col">Source</th>{user.role === 'cell' && <th scope="col"><span class="visually-hidden">Correction</span></th>}</tr></thead>
                <tbody>
                  {rel.items.map((x) => (
                    <tr key={x.id}>
                      <td data-label="Year">{x.financial_year}</td>
                      <th scope="row" data-label="State/UT">{x.state}</th>
                      <td data-label="Amount" class="num" title={x.amount}>{x.amount_words}</td>
                      <td data-label="Units" class="num">{x.units}</td>
                      <td data-label="Instalment" class="num">{x.instalment}</td>
                      <td data-label="Sanction order">{x.sanction_order || '—'}{x.released_on ? <> (<Day value={x.released_on} />)</> : ''}</td>
                      <td data-label="Source" class="muted">{x.source || '—'}</td>
                      {user.role === 'cell' && <td data-label="Correction"><Withdraw what={`the release of ${x.amount_words} to ${x.state}, ${x.financial_year}`}
                        path={`/releases/${x.id}/withdraw`} onDone={() => setTick((n) => n + 1)} /></td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {rel.total > rel.items.length && <p class="muted">The newest {rel.items.length} are shown; the downloads hold all.</p>}
          <Downloads path="/releases" query={{ state }} what="the releases" />
        </>
      )}
      {ucs && (
        <>
          <h2 id="fu-uc-h">Utilisation certificates</h2>
          <p class="lead">Released {ucs.released_words}, utilised {ucs.utilised_words}, unspent <strong>{ucs.unspent_words}</strong>; {ucs.overdue} certificates overdue.</p>
          {ucs.items.length === 0 ? <p>Nothing to account for{overdue ? ' is overdue' : ''}.</p> : (
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="fu-uc-h">
              <table class="data-table reflow">
                <thead><tr><th scope="col">State/UT</th><th scope="col">Year</th><th scope="col">Released</th><th scope="col">Utilised</th><th scope="col">Unspent</th><th scope="col">Due on</th><th scope="col">Status</th></tr></thead>
                <tbody>
                  {ucs.items.map((x) => (
                    <tr key={x.release_id}>
                      <th scope="row" data-label="State/UT">{x.state}</th>
                      <td data-label="Year">{x.financial_year}</td>
                      <td data-label="Released" class="num">{x.released}</td>
                      <td data-label="Utilised" class="num">{x.utilised}</td>
                      <td data-label="Unspent" class="num">{x.unspent}</td>
                      <td data-label="Due on"><Day value={x.uc_due_on} /></td>
                      <td data-label="Status">{x.status === 'overdue' ? <strong class="mon-late">Overdue {x.days_overdue.toLocaleString('en-IN')} days</strong>
                        : x.status === 'accounted' ? 'Accounted for' : x.status === 'all_states' ? 'Released to all States together' : 'Due'}
                        {user.role === 'state' && x.unspent_paise > 0 && <UcForm release={x} onDone={() => setTick((n) => n + 1)} />}
                        {(x.certificates_list || []).length > 0 && (
                          <details class="mon-ucs">
                            <summary>{x.certificates_list.length} certificate{x.certificates_list.length > 1 ? 's' : ''}</summary>
                            <ul>{x.certificates_list.map((c) => (
                              <li key={c.id}>{c.amount}, <Day value={c.certified_on} />{c.certificate_ref ? ` (${c.certificate_ref})` : ''}
                                {['cell', 'state'].includes(user.role) && <> <Withdraw what={`the certificate of ${c.amount}`} path={`/utilisation/${c.id}/withdraw`}
                                  onDone={() => setTick((n) => n + 1)} /></>}</li>))}</ul>
                          </details>
                        )}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Downloads path="/utilisation" query={{ state, overdue: overdue ? '1' : '' }} what="the certificates" />
        </>
      )}
    </Page>
  );
}

function ReleaseForm({ states, defaultState, onDone }) {
  const blank = { state_lgd: defaultState || '', financial_year: thisFy(), amount: '', units: '', instalment: '1', sanction_order: '', released_on: '' };
  const [f, setF] = useState(blank);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(false);
  const idem = useRef(null);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const body = { scheme: 'ahtu_comprehensive', state_lgd: Number(f.state_lgd) || null, financial_year: f.financial_year.trim(), amount: f.amount.trim(),
        units: f.units === '' ? 0 : Number(f.units), instalment: Number(f.instalment) || 1, sanction_order: f.sanction_order.trim(), released_on: f.released_on };
      const r = await api('POST', '/releases', { body, idempotencyKey: idempotencyFor(idem, body) });
      flash(`Recorded: ${r.amount_words} to ${r.state} for ${r.financial_year}.`);
      setF(blank); setOpen(false); onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const ferr = (k) => fieldError(error, k);
  if (!open) return <p><button type="button" class="btn btn-primary" onClick={() => setOpen(true)}>Record a release</button></p>;
  return (
    <form class="card mon-form" onSubmit={submit} aria-labelledby="rf-h" noValidate>
      <h2 id="rf-h">Record a release</h2>
      <ErrorBox error={error && !error.field ? error : null} />
      <div class="field-row">
        <Field id="rf-state" label="State/UT" error={ferr('state_lgd')}>
          <select id="rf-state" value={f.state_lgd} onChange={set('state_lgd')} required>
            <option value="">Choose…</option>
            {states.map((x) => <option key={x.lgd} value={x.lgd}>{x.name}</option>)}
          </select>
        </Field>
        <Field id="rf-fy" label="Financial year" error={ferr('financial_year')}>
          <input type="text" id="rf-fy" value={f.financial_year} onInput={set('financial_year')} placeholder="2011-12" inputMode="numeric" required />
        </Field>
      </div>
      <div class="field-row">
        <Field id="rf-amount" label="Amount (₹)" hint="As written: 15,16,000 or 15.16 lakh or 1.2 crore." error={ferr('amount')}>
          <input type="text" id="rf-amount" value={f.amount} onInput={set('amount')} inputMode="decimal" required />
        </Field>
        <Field id="rf-units" label="AHTUs funded" error={ferr('units')}>
          <input id="rf-units" type="number" min={0} max={10000} value={f.units} onInput={set('units')} />
        </Field>
      </div>
      <div class="field-row">
        <Field id="rf-order" label="Sanction order" error={ferr('sanction_order')}>
          <input type="text" id="rf-order" value={f.sanction_order} onInput={set('sanction_order')} maxLength={200} />
        </Field>
        <Field id="rf-on" label="Released on" error={ferr('released_on')}>
          <input id="rf-on" type="date" value={f.released_on} onInput={set('released_on')} />
        </Field>
      </div>
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>Record the release</button>
        <button type="button" class="btn btn-secondary" onClick={() => setOpen(false)} disabled={busy}>Cancel</button>
      </div>
    </form>
  );
}

/* A correction: withdraw what was entered by mistake, saying why. */
function Withdraw({ what, path, onDone }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  if (!open) return <button type="button" class="link-button danger" onClick={() => setOpen(true)}>Withdraw<span class="visually-hidden"> {what}</span></button>;
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await api('POST', path, { body: { reason: reason.trim() } });
      flash(`Withdrawn: ${what}.`);
      setOpen(false); onDone();
    } catch (err) { setError(err); setBusy(false); }
  };
  const id = 'wd-' + path.replace(/[^a-z0-9]/gi, '-');
  return (
    <form class="mon-uc" onSubmit={submit} noValidate aria-label={`Withdraw ${what}`}>
      <ErrorBox error={error && !error.field ? error : null} />
      <Field id={id} label="Why it is withdrawn" error={fieldError(error, 'reason')}>
        <input id={id} type="text" value={reason} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="btn btn-danger btn-small" disabled={busy}>Withdraw</button>
      <button type="button" class="btn btn-secondary btn-small" onClick={() => setOpen(false)} disabled={busy}>Keep it</button>
    </form>
  );
}

function UcForm({ release, onDone }) {
  const [open, setOpen] = useState(false);
  const [f, setF] = useState({ amount: '', certificate_ref: '', certified_on: '' });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const id = `uc-${release.release_id}`;
  if (!open) return <> <button type="button" class="link-button" onClick={() => setOpen(true)}>Record a certificate</button></>;
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await api('POST', '/utilisation', { body: { release_id: release.release_id, ...f } });
      flash('The certificate is recorded.');
      setOpen(false); onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <form class="mon-uc" onSubmit={submit} noValidate aria-label={`Certificate for the release of ${release.financial_year}`}>
      <ErrorBox error={error && !error.field ? error : null} />
      <Field id={`${id}-a`} label="Amount utilised (₹)" error={fieldError(error, 'amount')}>
        <input id={`${id}-a`} value={f.amount} onInput={(e) => setF({ ...f, amount: e.currentTarget.value })} inputMode="decimal" />
      </Field>
      <Field id={`${id}-r`} label="Certificate number" error={fieldError(error, 'certificate_ref')}>
        <input id={`${id}-r`} value={f.certificate_ref} onInput={(e) => setF({ ...f, certificate_ref: e.currentTarget.value })} />
      </Field>
      <Field id={`${id}-d`} label="Dated" error={fieldError(error, 'certified_on')}>
        <input id={`${id}-d`} type="date" value={f.certified_on} onInput={(e) => setF({ ...f, certified_on: e.currentTarget.value })} />
      </Field>
      <button type="submit" class="btn btn-primary" disabled={busy}>Record</button>
    </form>
  );
}

// ---- /monitoring/training: the courses ---------------------------------------------------

export function Training({ query }) {
  const s = useSession();
  const national = s.user.jurisdiction === 'national';
  const state = national && /^\d+$/.test(query.get('state') || '') ? query.get('state') : '';
  const programme = query.get('programme') || '';
  const offset = Math.max(0, parseInt(query.get('offset'), 10) || 0);
  const [progs, setProgs] = useState(null);
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);
  const [states] = useStates();
  useEffect(() => {
    let live = true;
    api('GET', '/trainings/programmes').then((r) => live && setProgs(r.items), (e) => live && setError(e));
    return () => { live = false; };
  }, []);
  useEffect(() => {
    let live = true;
    setList(null);
    api('GET', '/trainings', { query: { state, programme, limit: 50, offset } }).then((r) => live && setList(r), (e) => live && setError(e));
    return () => { live = false; };
  }, [state, programme, offset]);
  const go = (over) => navigate(withQuery('/monitoring/training', { state, programme, ...over }));
  return (
    <Page title="Training" wide back={<Link href={withQuery('/monitoring', { state })}>Monitoring</Link>}>
      <ErrorBox error={error} />
      {['cell', 'state'].includes(s.user.role) && <p><Link class="btn btn-primary" href="/monitoring/training/new">Record a course</Link></p>}
      {progs && (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="tr-p-h">
          <h2 id="tr-p-h">Programmes</h2>
          <table class="data-table reflow">
            <thead><tr><th scope="col">Programme</th><th scope="col">Organiser</th><th scope="col">Courses</th><th scope="col">Participants</th></tr></thead>
            <tbody>
              {progs.map((p) => (
                <tr key={p.code}>
                  <th scope="row" data-label="Programme"><button type="button" class="link-button" onClick={() => go({ programme: p.code, offset: '' })}>{p.name}</button>
                    {p.source ? <div class="muted">{p.source}</div> : null}</th>
                  <td data-label="Organiser">{p.organiser || '—'}</td>
                  <td data-label="Courses" class="num">{p.courses.toLocaleString('en-IN')}</td>
                  <td data-label="Participants" class="num">{p.participants.toLocaleString('en-IN')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="tr-c-h">Courses</h2>
      <form class="filters" aria-label="Which courses" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="tr-prog">Programme</label>
          <select id="tr-prog" value={programme} onChange={(e) => go({ programme: e.currentTarget.value, offset: '' })}>
            <option value="">All programmes</option>
            {(progs || []).map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
          </select>
        </div>
        {national && (
          <div class="field">
            <label for="tr-state">State/UT</label>
            <select id="tr-state" value={state} onChange={(e) => go({ state: e.currentTarget.value, offset: '' })}>
              <option value="">All States/UTs</option>
              {(states || []).map((x) => <option key={x.lgd} value={x.lgd}>{x.name}</option>)}
            </select>
          </div>
        )}
      </form>
      {!list && !error && <Loading what="the courses" />}
      {list && (
        <>
          <p class="lead">{list.total.toLocaleString('en-IN')} courses, {list.participants.toLocaleString('en-IN')} participants.</p>
          {list.items.length === 0 ? <p>No courses are recorded{programme || state ? ' for this choice' : ''} yet.</p> : (
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="tr-c-h">
              <table class="data-table reflow">
                <thead><tr><th scope="col">Dates</th><th scope="col">Course</th><th scope="col">Programme</th><th scope="col">Held by</th><th scope="col">Participants</th><th scope="col">Of them police</th></tr></thead>
                <tbody>
                  {list.items.map((c) => (
                    <tr key={c.id}>
                      <td data-label="Dates"><Day value={c.starts_on} /> – <Day value={c.ends_on} /></td>
                      <th scope="row" data-label="Course"><Link href={`/monitoring/training/${c.id}`}>{c.title}</Link>{c.cascade_of ? <div class="muted">run by trainees of a ToT course</div> : null}</th>
                      <td data-label="Programme">{c.programme_name}</td>
                      <td data-label="Held by">{c.host_state || 'The Cell'}</td>
                      <td data-label="Participants" class="num">{c.participants}</td>
                      <td data-label="Of them police" class="num">{c.police}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p class="pager">
            {offset > 0 && <Link href={withQuery('/monitoring/training', { state, programme, offset: String(Math.max(0, offset - 50)) })}>Newer</Link>}
            {offset + list.items.length < list.total && <Link href={withQuery('/monitoring/training', { state, programme, offset: String(offset + 50) })}>Older</Link>}
          </p>
          <Downloads path="/trainings" query={{ state, programme }} what="the courses" />
        </>
      )}
    </Page>
  );
}

// ---- /monitoring/training/new and /monitoring/training/{id}: a course ----------------------

const CATEGORIES = [['police', 'Police'], ['prosecutors', 'Prosecutors'], ['judiciary', 'Judiciary'], ['ngo', 'NGOs'], ['other', 'Others']];
const catLabel = (c) => (CATEGORIES.find(([k]) => k === c) || [c, c])[1];

export function CourseForm() {
  const s = useSession();
  const user = s.user;
  const own = user.role === 'state' ? user.state_lgd : null;
  const [states] = useStates();
  const [progs, setProgs] = useState(null);
  const [tots, setTots] = useState([]);
  const [f, setF] = useState({ programme: '', title: '', starts_on: '', ends_on: '', venue: '', host: own ? String(own) : '', organiser: '',
    resource_persons: '', certificates: '', cascade_of: '' });
  const [rows, setRows] = useState([{ state: own ? String(own) : '', category: 'police', rank: '', count: '' }]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const idem = useRef(null);
  useEffect(() => {
    api('GET', '/trainings/programmes').then((r) => setProgs(r.items), setError);
  }, []);
  useEffect(() => {
    const tot = (progs || []).filter((p) => p.kind === 'tot');
    Promise.all(tot.map((p) => api('GET', '/trainings', { query: { programme: p.code, limit: 100 } })))
      .then((rs) => setTots(rs.flatMap((r) => r.items)), () => setTots([]));
  }, [progs]);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const setRow = (i, k) => (e) => setRows(rows.map((r, j) => (j === i ? { ...r, [k]: e.currentTarget.value } : r)));
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    const body = {
      programme: f.programme, title: f.title.trim(), starts_on: f.starts_on, ends_on: f.ends_on, venue: f.venue.trim(),
      host_state_lgd: f.host ? Number(f.host) : null, organiser: f.organiser.trim(), resource_persons: f.resource_persons.trim(),
      certificates: f.certificates === '' ? 0 : Number(f.certificates), cascade_of: f.cascade_of ? Number(f.cascade_of) : null,
      participants: rows.filter((r) => r.state || r.count).map((r) => ({ state_lgd: Number(r.state) || null, category: r.category, rank: r.rank.trim(), count: Number(r.count) || 0 })),
    };
    try {
      const c = await api('POST', '/trainings', { body, idempotencyKey: idempotencyFor(idem, body) });
      flash(`The course is recorded: ${c.participants} participants.`);
      navigate(`/monitoring/training/${c.id}`);
    } catch (err) { setError(err); setBusy(false); }
  };
  const ferr = (k) => fieldError(error, k);
  const rowErr = error && /^participants\[(\d+)\]$/.exec(error.field || '');
  return (
    <Page title="Record a training course" back={<Link href="/monitoring/training">Training</Link>}>
      {!progs && !error && <Loading what="the programmes" />}
      <form class="mon-form" onSubmit={submit} noValidate>
        <ErrorBox error={error && !error.field ? error : null} />
        <Field id="cf-prog" label="Programme" error={ferr('programme')}>
          <select id="cf-prog" value={f.programme} onChange={set('programme')} required>
            <option value="">Choose…</option>
            {(progs || []).map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
          </select>
        </Field>
        <Field id="cf-title" label="Course" error={ferr('title')}>
          <input type="text" id="cf-title" value={f.title} onInput={set('title')} maxLength={300} required />
        </Field>
        <div class="field-row">
          <Field id="cf-from" label="From" error={ferr('starts_on')}><input id="cf-from" type="date" value={f.starts_on} onInput={set('starts_on')} required /></Field>
          <Field id="cf-to" label="To" error={ferr('ends_on')}><input id="cf-to" type="date" value={f.ends_on} onInput={set('ends_on')} required /></Field>
        </div>
        <div class="field-row">
          <Field id="cf-venue" label="Venue" error={ferr('venue')}><input type="text" id="cf-venue" value={f.venue} onInput={set('venue')} maxLength={200} /></Field>
          <Field id="cf-host" label="Held by" error={ferr('host_state_lgd')}>
            <select id="cf-host" value={f.host} onChange={set('host')} disabled={!!own}>
              {!own && <option value="">The Cell</option>}
              {(states || []).filter((x) => !own || x.lgd === own).map((x) => <option key={x.lgd} value={x.lgd}>{x.name}</option>)}
            </select>
          </Field>
        </div>
        <Field id="cf-org" label="Organiser" error={ferr('organiser')}><input type="text" id="cf-org" value={f.organiser} onInput={set('organiser')} maxLength={200} /></Field>
        <Field id="cf-rp" label="Resource persons" error={ferr('resource_persons')}><textarea id="cf-rp" rows={2} value={f.resource_persons} onInput={set('resource_persons')} maxLength={4000} /></Field>
        <div class="field-row">
          <Field id="cf-cert" label="Certificates issued" error={ferr('certificates')}><input id="cf-cert" type="number" min={0} value={f.certificates} onInput={set('certificates')} /></Field>
          <Field id="cf-cascade" label="Run by trainees of" hint="The Training of Trainers course whose trainees ran this one, if any." error={ferr('cascade_of')}>
            <select id="cf-cascade" value={f.cascade_of} onChange={set('cascade_of')}>
              <option value="">—</option>
              {tots.map((c) => <option key={c.id} value={c.id}>{c.title} ({c.starts_on})</option>)}
            </select>
          </Field>
        </div>
        <fieldset class="mon-parts">
          <legend>Participants</legend>
          {rows.map((r, i) => (
            <div class={'field-row mon-part' + (rowErr && Number(rowErr[1]) === i ? ' field-error' : '')} key={i}>
              <Field id={`cf-ps-${i}`} label="State/UT">
                <select id={`cf-ps-${i}`} value={r.state} onChange={setRow(i, 'state')} disabled={!!own}>
                  <option value="">Choose…</option>
                  {(states || []).filter((x) => !own || x.lgd === own).map((x) => <option key={x.lgd} value={x.lgd}>{x.name}</option>)}
                </select>
              </Field>
              <Field id={`cf-pc-${i}`} label="Category">
                <select id={`cf-pc-${i}`} value={r.category} onChange={setRow(i, 'category')}>
                  {CATEGORIES.map(([k, l]) => <option key={k} value={k}>{l}</option>)}
                </select>
              </Field>
              <Field id={`cf-pr-${i}`} label="Rank"><input type="text" id={`cf-pr-${i}`} value={r.rank} onInput={setRow(i, 'rank')} maxLength={60} /></Field>
              <Field id={`cf-pn-${i}`} label="How many"><input id={`cf-pn-${i}`} type="number" min={1} value={r.count} onInput={setRow(i, 'count')} /></Field>
              {rows.length > 1 && <button type="button" class="link-button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>Remove<span class="visually-hidden"> row {i + 1}</span></button>}
            </div>
          ))}
          {rowErr && <p class="field-msg" role="alert">{error.message}</p>}
          <button type="button" class="btn btn-secondary" onClick={() => setRows([...rows, { state: own ? String(own) : '', category: 'police', rank: '', count: '' }])}>Add a row</button>
        </fieldset>
        <div class="actions"><button type="submit" class="btn btn-primary" disabled={busy}>Record the course</button></div>
      </form>
    </Page>
  );
}

export function CoursePage({ id }) {
  const s = useSession();
  const user = s.user;
  const [c, setC] = useState(null);
  const [error, setError] = useState(null);
  const [names, setNames] = useState(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api('GET', `/trainings/${encodeURIComponent(id)}`).then(setC, setError);
  }, [id, tick]);
  const mayNames = ['cell', 'state', 'district'].includes(user.role);
  const showNames = () => api('GET', `/trainings/${encodeURIComponent(id)}/trainees`).then((r) => setNames(r.items), setError);
  if (error && !c) return <Page title="Course"><ErrorBox error={error} /></Page>;
  if (!c) return <Page title="Course"><Loading what="the course" /></Page>;
  return (
    <Page title={c.title} back={<Link href={withQuery('/monitoring/training', { programme: c.programme })}>Training</Link>}>
      <dl class="facts">
        <dt>Programme</dt><dd>{c.programme_name}</dd>
        <dt>Dates</dt><dd><Day value={c.starts_on} /> – <Day value={c.ends_on} /></dd>
        <dt>Venue</dt><dd>{c.venue || '—'}</dd>
        <dt>Held by</dt><dd>{c.host_state || 'The Cell'}{c.organiser ? `, organised by ${c.organiser}` : ''}</dd>
        <dt>Resource persons</dt><dd class="value-lines">{c.resource_persons || '—'}</dd>
        <dt>Participants</dt><dd>{c.participants} ({c.police} police); {c.certificates} certificates issued</dd>
        {c.cascade_of ? <><dt>Run by trainees of</dt><dd><Link href={`/monitoring/training/${c.cascade_of}`}>a Training of Trainers course</Link></dd></> : null}
      </dl>
      <h2 id="cp-parts-h">Who took part</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="cp-parts-h">
        <table class="data-table reflow">
          <thead><tr><th scope="col">State/UT</th><th scope="col">Category</th><th scope="col">Rank</th><th scope="col">How many</th></tr></thead>
          <tbody>
            {c.participants_by.map((p) => (
              <tr key={`${p.state_lgd}-${p.category}-${p.rank}`}>
                <th scope="row" data-label="State/UT">{p.state}</th>
                <td data-label="Category">{catLabel(p.category)}</td>
                <td data-label="Rank">{p.rank || '—'}</td>
                <td data-label="How many" class="num">{p.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {c.cascade.length > 0 && (
        <>
          <h2>Courses its trainees ran</h2>
          <ul>{c.cascade.map((x) => <li key={x.id}><Link href={`/monitoring/training/${x.id}`}>{x.title}</Link>, {x.host_state || 'the Cell'}, <Day value={x.starts_on} />: {x.participants} trained</li>)}</ul>
        </>
      )}
      {mayNames && (
        <section aria-labelledby="cp-names-h">
          <h2 id="cp-names-h">Trainees named</h2>
          <p class="muted">Names are personal data: kept sealed, shown to the Cell and the trainee's own State, and every showing is recorded in the audit.</p>
          {!names ? <button type="button" class="btn btn-secondary" onClick={showNames}>Show the names</button> : names.length === 0 ? <p>No trainee is named{user.role === 'cell' ? '' : ' from your State/UT'}.</p> : (
            <ul class="mon-names">{names.map((t) => <li key={t.id}>{t.name ?? '(cannot be opened)'} — {t.rank ? `${t.rank}, ` : ''}{catLabel(t.category)}, {t.state}{t.certificate_no ? `; certificate ${t.certificate_no}` : ''}</li>)}</ul>
          )}
          {['cell', 'state'].includes(user.role) && <TraineeForm course={c} user={user} onDone={() => { setNames(null); setTick((n) => n + 1); }} />}
        </section>
      )}
    </Page>
  );
}

function TraineeForm({ course, user, onDone }) {
  const own = user.role === 'state' ? user.state_lgd : null;
  const states = [...new Map(course.participants_by.filter((p) => !own || p.state_lgd === own).map((p) => [p.state_lgd, p.state])).entries()];
  const [f, setF] = useState({ state: states.length === 1 ? String(states[0][0]) : '', category: 'police', rank: '', name: '', certificate_no: '' });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  if (!states.length) return null;
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await api('POST', `/trainings/${course.id}/trainees`, { body: { state_lgd: Number(f.state) || null, category: f.category, rank: f.rank.trim(), name: f.name.trim(), certificate_no: f.certificate_no.trim() } });
      flash('The trainee is named.');
      setF({ ...f, name: '', certificate_no: '' });
      onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <form class="mon-form" onSubmit={submit} noValidate aria-labelledby="tf-h">
      <h3 id="tf-h">Name a trainee</h3>
      <ErrorBox error={error && !error.field ? error : null} />
      <div class="field-row">
        <Field id="tf-state" label="State/UT" error={fieldError(error, 'state_lgd')}>
          <select id="tf-state" value={f.state} onChange={set('state')}>
            <option value="">Choose…</option>
            {states.map(([lgd, name]) => <option key={lgd} value={lgd}>{name}</option>)}
          </select>
        </Field>
        <Field id="tf-cat" label="Category" error={fieldError(error, 'category')}>
          <select id="tf-cat" value={f.category} onChange={set('category')}>{CATEGORIES.map(([k, l]) => <option key={k} value={k}>{l}</option>)}</select>
        </Field>
      </div>
      <div class="field-row">
        <Field id="tf-name" label="Name" error={fieldError(error, 'name')}><input type="text" id="tf-name" value={f.name} onInput={set('name')} maxLength={200} autoComplete="off" /></Field>
        <Field id="tf-rank" label="Rank" error={fieldError(error, 'rank')}><input type="text" id="tf-rank" value={f.rank} onInput={set('rank')} maxLength={60} /></Field>
      </div>
      <Field id="tf-cert" label="Certificate number" error={fieldError(error, 'certificate_no')}><input type="text" id="tf-cert" value={f.certificate_no} onInput={set('certificate_no')} maxLength={60} /></Field>
      <div class="actions"><button type="submit" class="btn btn-primary" disabled={busy}>Name the trainee</button></div>
    </form>
  );
}

// ---- /monitoring/schemes: the schemes, their targets and components; the Cell defines them ----

const MEASURE_LABELS = [['ahtus_set_up', 'AHTUs to set up'], ['officers_trained', 'Officers to train'], ['trainers_trained', 'Trainers to train']];

export function Schemes() {
  const s = useSession();
  const isCell = s.user.role === 'cell';
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [editing, setEditing] = useState(null); // a scheme, or {} for a new one
  const [tick, setTick] = useState(0);
  const [states] = useStates();
  useEffect(() => {
    api('GET', '/schemes').then((r) => setItems(r.items), setError);
  }, [tick]);
  const nat = (sc, m) => (sc.targets.find((t) => t.measure === m && t.state_lgd === 0) || {}).target;
  return (
    <Page title="Schemes and targets" wide back={<Link href="/monitoring">Monitoring</Link>}>
      <ErrorBox error={error} />
      {!items && !error && <Loading what="the schemes" />}
      {isCell && !editing && <p><button type="button" class="btn btn-primary" onClick={() => setEditing({})}>Define a scheme</button></p>}
      {editing && <SchemeForm scheme={editing} states={states || []} onDone={() => { setEditing(null); setTick((n) => n + 1); }} onCancel={() => setEditing(null)} />}
      {items && items.length === 0 && <p>No scheme is recorded yet.</p>}
      {items && items.map((sc) => (
        <section class="card mon-scheme" key={sc.code} aria-labelledby={`sc-${sc.code}`}>
          <h2 id={`sc-${sc.code}`}>{sc.name}</h2>
          <p class="muted">{sc.period_from ? `${sc.period_from} to ${sc.period_to || '…'}` : 'No period given'}{sc.sanction_ref ? ` · ${sc.sanction_ref}` : ''} · released so far {sc.released_words} for {sc.units_funded} units</p>
          <ul>
            {MEASURE_LABELS.filter(([m]) => nat(sc, m) !== undefined).map(([m, l]) => <li key={m}>{l}: <strong>{nat(sc, m).toLocaleString('en-IN')}</strong>
              {sc.targets.some((t) => t.measure === m && t.state_lgd) ? ` (shared among ${sc.targets.filter((t) => t.measure === m && t.state_lgd).length} States/UTs)` : ''}</li>)}
          </ul>
          {sc.components.length > 0 && (
            <>
              <h3>Components</h3>
              <dl class="facts">{sc.components.flatMap((c) => [<dt key={`t-${c.code}`}>{c.name}</dt>, <dd key={`d-${c.code}`}>{c.description || '—'}</dd>])}</dl>
            </>
          )}
          {sc.source && <p class="muted">Source: {sc.source}</p>}
          <p><Link href={withQuery('/monitoring', { scheme: sc.code })}>Where the States stand against this scheme</Link>
            {isCell && <> · <button type="button" class="link-button" onClick={() => setEditing(sc)}>Change it</button></>}</p>
        </section>
      ))}
    </Page>
  );
}

function SchemeForm({ scheme, states, onDone, onCancel }) {
  const isNew = !scheme.code;
  const tgt = (m, lgd) => {
    const t = (scheme.targets || []).find((x) => x.measure === m && x.state_lgd === lgd);
    return t ? String(t.target) : '';
  };
  const [f, setF] = useState({ code: scheme.code || '', name: scheme.name || '', period_from: scheme.period_from || '', period_to: scheme.period_to || '',
    sanction_ref: scheme.sanction_ref || '', source: scheme.source || '' });
  const [targets, setTargets] = useState(() => {
    const o = {};
    for (const [m] of MEASURE_LABELS) {
      o[`${m}:0`] = tgt(m, 0);
      for (const st of states) o[`${m}:${st.lgd}`] = tgt(m, st.lgd);
    }
    return o;
  });
  const [components, setComponents] = useState((scheme.components || []).map((c) => ({ ...c })));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    const list = Object.entries(targets).filter(([, v]) => v.trim() !== '').map(([k, v]) => {
      const [measure, lgd] = k.split(':');
      return { measure, state_lgd: Number(lgd), target: Number(v) };
    });
    const body = { name: f.name.trim(), period_from: f.period_from.trim(), period_to: f.period_to.trim(), sanction_ref: f.sanction_ref.trim(),
      source: f.source.trim(), targets: list, components: components.map((c) => ({ code: c.code.trim(), name: c.name.trim(), description: (c.description || '').trim() })) };
    try {
      await api('PUT', `/schemes/${encodeURIComponent(f.code.trim())}`, { body });
      flash('The scheme is saved.');
      onDone();
    } catch (err) { setError(err); setBusy(false); }
  };
  const ferr = (k) => fieldError(error, k);
  const setT = (k) => (e) => setTargets({ ...targets, [k]: e.currentTarget.value });
  return (
    <form class="card mon-form mon-scheme-form" onSubmit={submit} noValidate aria-labelledby="sf-h">
      <h2 id="sf-h">{isNew ? 'Define a scheme' : `Change: ${scheme.name}`}</h2>
      <ErrorBox error={error && (!error.field || /^(targets|components)\[/.test(error.field)) ? error : null} />
      <div class="field-row">
        <Field id="sf-code" label="Code" hint="Small letters, digits and _: it cannot change later." error={ferr('code')}>
          <input id="sf-code" type="text" value={f.code} onInput={set('code')} disabled={!isNew} maxLength={40} />
        </Field>
        <Field id="sf-ref" label="Sanction reference" error={ferr('sanction_ref')}><input id="sf-ref" type="text" value={f.sanction_ref} onInput={set('sanction_ref')} maxLength={200} /></Field>
      </div>
      <Field id="sf-name" label="Name" error={ferr('name')}><input id="sf-name" type="text" value={f.name} onInput={set('name')} maxLength={300} /></Field>
      <div class="field-row">
        <Field id="sf-from" label="From (financial year)" error={ferr('period_from')}><input id="sf-from" type="text" placeholder="2010-11" value={f.period_from} onInput={set('period_from')} maxLength={7} /></Field>
        <Field id="sf-to" label="To (financial year)" error={ferr('period_to')}><input id="sf-to" type="text" placeholder="2012-13" value={f.period_to} onInput={set('period_to')} maxLength={7} /></Field>
      </div>
      <Field id="sf-source" label="Source of its figures" error={ferr('source')}><input id="sf-source" type="text" value={f.source} onInput={set('source')} maxLength={500} /></Field>
      <fieldset class="mon-parts">
        <legend>National targets</legend>
        <div class="field-row">
          {MEASURE_LABELS.map(([m, l]) => <Field key={m} id={`sf-${m}-0`} label={l}><input id={`sf-${m}-0`} type="number" min={0} value={targets[`${m}:0`]} onInput={setT(`${m}:0`)} /></Field>)}
        </div>
      </fieldset>
      <details class="mon-parts">
        <summary>Each State's share (optional)</summary>
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Targets by State/UT">
          <table class="data-table">
            <thead><tr><th scope="col">State/UT</th>{MEASURE_LABELS.map(([m, l]) => <th scope="col" key={m}>{l}</th>)}</tr></thead>
            <tbody>
              {states.map((st) => (
                <tr key={st.lgd}>
                  <th scope="row">{st.name}</th>
                  {MEASURE_LABELS.map(([m, l]) => <td key={m}><input type="number" min={0} class="mon-num" aria-label={`${st.name}: ${l}`}
                    value={targets[`${m}:${st.lgd}`]} onInput={setT(`${m}:${st.lgd}`)} /></td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <fieldset class="mon-parts">
        <legend>Components</legend>
        {components.map((c, i) => (
          <div class="field-row mon-part" key={i}>
            <Field id={`sf-cc-${i}`} label="Code"><input id={`sf-cc-${i}`} type="text" value={c.code} maxLength={40}
              onInput={(e) => setComponents(components.map((x, j) => (j === i ? { ...x, code: e.currentTarget.value } : x)))} /></Field>
            <Field id={`sf-cn-${i}`} label="Component"><input id={`sf-cn-${i}`} type="text" value={c.name} maxLength={200}
              onInput={(e) => setComponents(components.map((x, j) => (j === i ? { ...x, name: e.currentTarget.value } : x)))} /></Field>
            <Field id={`sf-cd-${i}`} label="Description"><input id={`sf-cd-${i}`} type="text" value={c.description || ''} maxLength={2000}
              onInput={(e) => setComponents(components.map((x, j) => (j === i ? { ...x, description: e.currentTarget.value } : x)))} /></Field>
            <button type="button" class="link-button" onClick={() => setComponents(components.filter((_, j) => j !== i))}>Remove<span class="visually-hidden"> component {i + 1}</span></button>
          </div>
        ))}
        <button type="button" class="btn btn-secondary" onClick={() => setComponents([...components, { code: '', name: '', description: '' }])}>Add a component</button>
      </fieldset>
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>Save the scheme</button>
        <button type="button" class="btn btn-secondary" onClick={onCancel} disabled={busy}>Cancel</button>
      </div>
    </form>
  );
}
