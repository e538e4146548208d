// Completeness and timeliness of a data set's returns for a period (GET /api/v1/completeness):
// the page the Cell opens every morning. The Cell sees one row per State/UT — expected,
// entered, submitted, on time, approved, accepted, returned — with a bar of the share
// submitted, and a grid of the States coloured by it; a State (or the Cell, choosing one)
// sees its districts, each with its status and dates, linked to its return. Everything
// lives in the URL (/completeness?dataset=aht_monthly&period=2026-10&state=21) and
// downloads as CSV, XLSX or PDF.

import { useEffect, useState } from 'preact/hooks';
import { api, useSession } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, DateTime } from '../lib/ui.jsx';
import { Day } from '../lib/registers.jsx';
import { Downloads } from '../lib/meetings.jsx';
import { ReturnStatus, STATE_TILES, recentPeriods, returnHref, useDatasets } from '../lib/returns.jsx';

const COUNTS = [
  ['expected', 'Expected'], ['entered', 'Entered'], ['submitted', 'Submitted'], ['on_time', 'On time'],
  ['approved', 'Approved'], ['accepted', 'Accepted'], ['returned', 'Returned'],
];

function pct(n, d) {
  return d ? Math.round((n / d) * 100) : 0;
}

function Bar({ value, of, label }) {
  const p = pct(value, of);
  return (
    <span class="cp-bar">
      <meter min={0} max={of || 1} value={value} aria-label={`${label}: ${value} of ${of}`}>{p}%</meter>
      <span class="cp-bar-text" aria-hidden="true">{p}%</span>
    </span>
  );
}

export function Completeness({ query }) {
  const s = useSession();
  const user = s.user;
  const nat = user.jurisdiction === 'national';
  const [datasets, dsErr] = useDatasets();
  const ds = (datasets || []).find((d) => d.code === query.get('dataset')) || (datasets || [])[0] || null;
  const periods = ds ? recentPeriods(ds.period_type, ds.period_type === 'monthly' ? 24 : 8) : [];
  const period = periods.some((p) => p.value === query.get('period')) ? query.get('period') : (periods[0] || {}).value || '';
  const state = nat && /^\d+$/.test(query.get('state') || '') ? query.get('state') : '';
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const key = [ds && ds.code, period, state].join('|');

  useEffect(() => {
    if (!ds || !period) return undefined;
    let live = true;
    setData(null); setError(null);
    api('GET', '/completeness', { query: { dataset: ds.code, period, state } })
      .then((r) => live && setData(r), (e) => live && setError(e));
    return () => { live = false; };
  }, [key]);

  const go = (over) => navigate(withQuery('/completeness', { dataset: ds && ds.code, period, state, ...over }));
  const t = data && data.totals;
  return (
    <Page title="Completeness of returns" wide
      back={<Link href={withQuery('/returns', { dataset: ds && ds.code, period })}>Returns</Link>}>
      <ErrorBox error={dsErr} />
      {!datasets && !dsErr && <Loading what="the data sets" />}
      {ds && (
        <form class="filters" aria-label="Which returns" onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label for="cp-dataset">Data set</label>
            <select id="cp-dataset" value={ds.code} onChange={(e) => go({ dataset: e.currentTarget.value, period: '' })}>
              {datasets.map((d) => <option key={d.code} value={d.code}>{d.name}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="cp-period">Period</label>
            <select id="cp-period" value={period} onChange={(e) => go({ period: e.currentTarget.value })}>
              {periods.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
            </select>
          </div>
        </form>
      )}
      <ErrorBox error={error} />
      {ds && !data && !error && <Loading what="the returns" />}
      {data && (
        <>
          <p class="lead">
            {data.period_label}: <strong>{t.submitted}</strong> of {t.expected} districts have submitted
            ({pct(t.submitted, t.expected)}%), <strong>{t.on_time}</strong> on time (by <Day value={data.due} />);
            {' '}{t.approved} approved by their State, {t.accepted} accepted by the Cell{t.returned ? <>, {t.returned} sent back</> : ''}.
          </p>
          {nat && state && <p><Link href={withQuery('/completeness', { dataset: ds.code, period })}>All States/UTs</Link></p>}
          {data.level === 'state' ? <ByState data={data} onState={(lgd) => go({ state: String(lgd) })} /> : <ByDistrict data={data} ds={ds} period={period} />}
          <Downloads path="/completeness" query={{ dataset: ds.code, period, state }} what="this table" />
        </>
      )}
    </Page>
  );
}

function ByState({ data, onState }) {
  return (
    <>
      <h2>States and Union Territories</h2>
      <div class="cp-map" role="group" aria-label="Share of districts that have submitted, by State/UT, placed as on a map">
        {data.states.map((x) => {
          const p = pct(x.submitted, x.expected);
          const [col, row, short] = STATE_TILES[x.state_lgd] || [null, null, x.state.slice(0, 2).toUpperCase()];
          return (
            <button type="button" key={x.state_lgd} title={`${x.state}: ${p}% submitted`}
              aria-label={`${x.state}: ${x.submitted} of ${x.expected} districts submitted (${p}%)`}
              class={`cp-tile cp-${p >= 100 ? 'all' : p >= 50 ? 'most' : p > 0 ? 'some' : 'none'}${col === null ? '' : ` cp-c${col} cp-r${row}`}`}
              onClick={() => onState(x.state_lgd)}>
              <span class="cp-tile-name" aria-hidden="true">{short}</span>
              <span class="cp-tile-pct" aria-hidden="true">{p}%</span>
            </button>
          );
        })}
      </div>
      <p class="muted cp-legend">
        Each square is a State/UT, placed roughly where it lies; its colour is the share of its districts that have
        submitted: <span class="cp-key cp-none">none</span> <span class="cp-key cp-some">some</span>{' '}
        <span class="cp-key cp-most">half or more</span> <span class="cp-key cp-all">all</span>. Not a map: no boundaries are drawn.
      </p>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="cp-caption">
        <table class="data-table reflow cp-table">
          <caption id="cp-caption" class="visually-hidden">Returns by State/UT</caption>
          <thead><tr><th scope="col">State/UT</th>{COUNTS.map(([k, l]) => <th scope="col" key={k}>{l}</th>)}<th scope="col">Submitted</th></tr></thead>
          <tbody>
            {data.states.map((x) => (
              <tr key={x.state_lgd}>
                <th scope="row" data-label="State/UT"><button type="button" class="link-button" onClick={() => onState(x.state_lgd)}>{x.state}</button></th>
                {COUNTS.map(([k, l]) => <td key={k} data-label={l} class="num">{x[k]}</td>)}
                <td data-label="Submitted"><Bar value={x.submitted} of={x.expected} label={`${x.state}, submitted`} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ByDistrict({ data, ds, period }) {
  return (
    <>
      <h2>Districts{data.districts[0] ? ` of ${data.districts[0].state}` : ''}</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="cpd-caption">
        <table class="data-table reflow cp-table">
          <caption id="cpd-caption" class="visually-hidden">Returns by district</caption>
          <thead><tr><th scope="col">District</th><th scope="col">Status</th><th scope="col">Submitted</th><th scope="col">On time</th><th scope="col">Approved</th><th scope="col">Accepted</th></tr></thead>
          <tbody>
            {data.districts.map((d) => (
              <tr key={d.district_lgd}>
                <th scope="row" data-label="District"><Link href={returnHref(ds.code, period, d.district_lgd)}>{d.district}</Link></th>
                <td data-label="Status">{d.status ? <ReturnStatus status={d.status} /> : <span class="tag tag-none">Not entered</span>}</td>
                <td data-label="Submitted">{d.submitted_at ? <DateTime value={d.submitted_at} /> : '—'}</td>
                <td data-label="On time">{d.on_time === true ? 'Yes' : d.on_time === false ? <strong>Late</strong> : '—'}</td>
                <td data-label="Approved">{d.approved_at ? <DateTime value={d.approved_at} /> : '—'}</td>
                <td data-label="Accepted">{d.accepted_at ? <DateTime value={d.accepted_at} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
