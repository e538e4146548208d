// Analysis of returns (GET /api/v1/pivot), at /returns/analysis: one indicator (or one of its
// categories) summed over a range of periods, by rows and columns chosen among State/UT,
// district, period, year and category, with totals, rates per lakh population (Census 2011),
// the change on the periods before or on a year before, and a chart — a trend line when the
// rows are periods or years, bars otherwise. Everything lives in the URL; the table downloads
// as CSV, XLSX or PDF as shown, the chart as PNG or SVG.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, useSession } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading } from '../lib/ui.jsx';
import { useStates } from '../lib/geo.js';
import { Downloads, SortIcon } from '../lib/meetings.jsx';
import { Chart } from '../lib/chart.jsx';
import { gridOf, recentPeriods, useDatasets } from '../lib/returns.jsx';

const DIMS = [['state', 'State/UT'], ['district', 'District'], ['period', 'Period'], ['year', 'Year'], ['combo', 'Category']];
const INCLUDES = [['approved', 'Approved or accepted'], ['accepted', 'Accepted by the Cell'], ['submitted', 'Submitted or later'], ['entered', 'Every return entered']];
const COMPARES = [['', 'No comparison'], ['previous', 'The periods before'], ['year', 'A year before']];
const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-IN'));
const pct = (n) => (n === null || n === undefined ? '–' : `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toLocaleString('en-IN', { maximumFractionDigits: 1 })}%`);

/* The query of the page, as the API takes it. */
function queryOf(q, ds, user) {
  const nat = user.jurisdiction === 'national';
  const periods = recentPeriods(ds.period_type, ds.period_type === 'monthly' ? 120 : 20);
  const has = (v) => periods.some((p) => p.value === v);
  const to = has(q.get('to')) ? q.get('to') : periods[0].value;
  const from = has(q.get('from')) ? q.get('from') : periods[Math.min(periods.length - 1, 11)].value;
  const dims = DIMS.map(([k]) => k);
  const state = nat ? (/^\d+$/.test(q.get('state') || '') ? q.get('state') : '') : '';
  const placeDefault = nat && !state ? 'state' : 'district';
  let rows = dims.includes(q.get('rows')) ? q.get('rows') : placeDefault;
  if (rows === 'district' && nat && !state) rows = 'state';
  let cols = dims.includes(q.get('cols')) && q.get('cols') !== rows ? q.get('cols') : 'none';
  if (cols === 'district' && nat && !state) cols = 'none';
  return {
    dataset: ds.code, indicator: q.get('indicator') || '', combo: q.get('combo') || '', from: from <= to ? from : to, to,
    rows, cols, state, include: INCLUDES.some(([k]) => k === q.get('include')) ? q.get('include') : 'approved',
    rate: q.get('rate') === '1' && (rows === 'state' || rows === 'district') ? '1' : '',
    compare: COMPARES.some(([k]) => k && k === q.get('compare')) ? q.get('compare') : '', periods,
  };
}

/* What the chart shows: a trend over periods or years, bars over places or categories. */
function chartOf(d, p) {
  const name = d.indicator.name + (d.combo ? ` (${d.combo})` : '');
  const title = `${name}, ${d.from_label}${d.from !== d.to ? ` – ${d.to_label}` : ''}`;
  const rates = d.rates && p.rate ? d.rates.rows : null;
  const trend = d.rows_dim === 'period' || d.rows_dim === 'year';
  const labels = d.rows.map((r) => r.label);
  let series;
  if (trend) {
    series = d.cols_dim !== 'none' && d.cols.length <= 12
      ? d.cols.map((c, j) => ({ name: c.label, type: 'line', data: d.values.map((v) => v[j]), connectNulls: false }))
      : [{ name: 'Total', type: 'line', data: d.row_totals }];
    if (d.compare && d.cols_dim === 'none') {
      series.push({ name: `${d.compare.from_label} – ${d.compare.to_label}`, type: 'line', data: d.compare.row_totals, lineStyle: { type: 'dashed' } });
    }
    return {
      label: `Trend of ${title}`,
      option: {
        title: { text: title, left: 0, textStyle: { fontSize: 14 } },
        legend: { top: 28, left: 0, type: 'scroll' },
        grid: { left: 8, right: 16, top: 70, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
        yAxis: { type: 'value', minInterval: 1 },
        series,
      },
    };
  }
  // bars: the rows with a figure, largest first (at most 40)
  const order = d.rows.map((r, i) => i).filter((i) => (rates ? rates[i] : d.row_totals[i]) !== null)
    .sort((a, b) => (rates ? rates[b] - rates[a] : d.row_totals[b] - d.row_totals[a])).slice(0, 40).reverse();
  series = [{ name: rates ? 'Per lakh population' : 'Total', type: 'bar', data: order.map((i) => (rates ? rates[i] : d.row_totals[i])) }];
  if (d.compare && !rates) {
    series.unshift({ name: `${d.compare.from_label} – ${d.compare.to_label}`, type: 'bar', data: order.map((i) => d.compare.row_totals[i]), itemStyle: { opacity: 0.45 } });
  }
  return {
    label: `${title}, by ${d.rows_label}${rates ? ', per lakh population' : ''}`,
    height: Math.max(260, 90 + order.length * (series.length > 1 ? 22 : 16)),
    option: {
      title: { text: `${title}${rates ? ' (per lakh)' : ''}`, left: 0, textStyle: { fontSize: 14 } },
      legend: { top: 28, left: 0, show: series.length > 1 },
      grid: { left: 8, right: 24, top: series.length > 1 ? 64 : 44, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText', confine: true },
      xAxis: { type: 'value', minInterval: rates ? 0 : 1 },
      yAxis: { type: 'category', data: order.map((i) => labels[i]), axisLabel: { width: 130, overflow: 'truncate' } },
      series,
    },
  };
}

function Filters({ p, def, user, go }) {
  const [states] = useStates();
  const nat = user.jurisdiction === 'national';
  const inds = def ? def.sections.flatMap((s) => s.indicators) : [];
  const ind = inds.find((i) => i.code === p.indicator) || inds[0];
  const grid = ind ? gridOf(ind) : null;
  const cells = grid ? (grid.kind === 'table' ? grid.rows.flatMap((r) => r.cells) : grid.cells) : [];
  const sel = (id, label, value, options, onChange, extra = {}) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)} {...extra}>
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
    </div>
  );
  const places = nat && !p.state ? DIMS.filter(([k]) => k !== 'district') : DIMS;
  return (
    <form class="filters analysis-filters" aria-label="What to show" onSubmit={(e) => e.preventDefault()}>
      {sel('an-indicator', 'Indicator', ind ? ind.code : '', inds.map((i) => [i.code, i.name]), (v) => go({ indicator: v, combo: '' }))}
      {cells.length > 1 && sel('an-combo', 'Category', p.combo, [['', 'All categories'], ...cells.map((c) => [c.key.slice(ind.code.length + 1), c.label])], (v) => go({ combo: v }))}
      {sel('an-from', 'From', p.from, p.periods.map((x) => [x.value, x.label]).reverse(), (v) => go({ from: v }))}
      {sel('an-to', 'To', p.to, p.periods.map((x) => [x.value, x.label]).reverse(), (v) => go({ to: v }))}
      {nat && sel('an-state', 'State/UT', p.state, [['', 'All States/UTs'], ...(states || []).map((x) => [String(x.lgd), x.name])],
        (v) => go({ state: v, rows: v ? (p.rows === 'state' ? 'district' : p.rows) : (p.rows === 'district' ? 'state' : p.rows) }))}
      {sel('an-rows', 'Rows', p.rows, places, (v) => go({ rows: v, cols: v === p.cols ? 'none' : p.cols }))}
      {sel('an-cols', 'Columns', p.cols, [['none', 'None'], ...places.filter(([k]) => k !== p.rows)], (v) => go({ cols: v }))}
      {sel('an-include', 'Returns counted', p.include, INCLUDES, (v) => go({ include: v }))}
      {sel('an-compare', 'Compare with', p.compare, COMPARES, (v) => go({ compare: v }))}
      {(p.rows === 'state' || p.rows === 'district') && (
        <div class="field field-check">
          <label class="check" for="an-rate">
            <input id="an-rate" type="checkbox" checked={p.rate === '1'} onChange={(e) => go({ rate: e.currentTarget.checked ? '1' : '' })} />
            Rates per lakh (Census 2011)
          </label>
        </div>
      )}
    </form>
  );
}

function Table({ d, sort, setSort }) {
  const rates = d.rates ? d.rates.rows : null;
  const cmp = d.compare;
  const timeRows = d.rows_dim === 'period' || d.rows_dim === 'year';
  const keyOf = { label: (i) => (timeRows ? i : d.rows[i].label), total: (i) => d.row_totals[i], rate: (i) => (rates ? rates[i] : null), change: (i) => (cmp ? cmp.change[i] : null) };
  const order = d.rows.map((r, i) => i);
  if (sort.by !== 'natural') {
    const f = keyOf[sort.by];
    order.sort((a, b) => {
      const x = f(a), y = f(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      const c = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return sort.dir === 'ascending' ? c : -c;
    });
  }
  const head = (by, label, cls = '') => {
    const s = sort.by === by ? sort.dir : null;
    return (
      <th scope="col" class={cls} aria-sort={s || undefined}>
        <button type="button" class="sort" onClick={() => setSort({ by, dir: s === 'descending' ? 'ascending' : 'descending' })}>
          {label} <SortIcon s={s} />
        </button>
      </th>
    );
  };
  const cmpLabel = cmp ? `${cmp.from_label} – ${cmp.to_label}` : '';
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="The figures">
      <table class="data-table pivot-table">
        <thead>
          <tr>
            {head('label', d.rows_label)}
            {d.cols_dim !== 'none' && d.cols.map((c) => <th key={c.key} scope="col" class="num">{c.label}</th>)}
            {head('total', 'Total', 'num')}
            {rates && head('rate', 'Per lakh', 'num')}
            {cmp && <th scope="col" class="num">{cmpLabel}</th>}
            {cmp && head('change', 'Change', 'num')}
          </tr>
        </thead>
        <tbody>
          {order.map((i) => (
            <tr key={d.rows[i].key}>
              <th scope="row">{d.rows[i].label}</th>
              {d.cols_dim !== 'none' && d.values[i].map((v, j) => <td key={j} class="num">{fmt(v)}</td>)}
              <td class="num strong">{fmt(d.row_totals[i])}</td>
              {rates && <td class="num">{rates[i] === null ? '–' : rates[i].toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</td>}
              {cmp && <td class="num">{fmt(cmp.row_totals[i])}</td>}
              {cmp && <td class="num">{pct(cmp.change[i])}</td>}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {d.cols_dim !== 'none' && d.col_totals.map((v, j) => <td key={j} class="num">{fmt(v)}</td>)}
            <td class="num strong">{fmt(d.total)}</td>
            {rates && <td class="num">{d.rates.total === null ? '–' : d.rates.total.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</td>}
            {cmp && <td class="num">{fmt(cmp.total)}</td>}
            {cmp && <td class="num">{pct(cmp.total_change)}</td>}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function ReturnsAnalysis({ query }) {
  const s = useSession();
  const user = s.user;
  const [datasets, dsErr] = useDatasets();
  const ds = (datasets || []).find((d) => d.code === query.get('dataset')) || (datasets || [])[0] || null;
  const [def, setDef] = useState(null);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [sort, setSort] = useState({ by: 'natural', dir: null });
  const p = ds ? queryOf(query, ds, user) : null;
  const inds = def ? def.sections.flatMap((x) => x.indicators) : [];
  const indicator = p && (inds.some((i) => i.code === p.indicator) ? p.indicator : (inds[0] || {}).code);
  const ind = inds.find((i) => i.code === indicator);
  const combo = ind && ind.cells.some((c) => c.combo && c.combo === p.combo) ? p.combo : '';
  const api_q = p && indicator ? { dataset: p.dataset, indicator, combo, from: p.from, to: p.to, rows: p.rows, cols: p.cols, state: p.state, include: p.include, rate: p.rate, compare: p.compare } : null;
  const key = api_q ? JSON.stringify(api_q) : '';

  useEffect(() => {
    if (!ds) return undefined;
    let live = true;
    setDef(null);
    api('GET', `/datasets/${encodeURIComponent(ds.code)}`).then((x) => live && setDef(x), (e) => live && setError(e));
    return () => { live = false; };
  }, [ds && ds.code]);
  useEffect(() => {
    if (!api_q) return undefined;
    let live = true;
    setError(null);
    setData(null);
    api('GET', '/pivot', { query: api_q }).then((x) => { if (live) { setData(x); setSort({ by: 'natural', dir: null }); } },
      (e) => { if (live) { setError(e); setData(null); } });
    return () => { live = false; };
  }, [key]);

  const go = (over) => navigate(withQuery('/returns/analysis', { ...(api_q || {}), ...over }));
  const chart = useMemo(() => (data && p ? chartOf(data, p) : null), [data]);
  const fileName = data ? `${data.indicator.code}-${data.from}-${data.to}-by-${data.rows_dim}` : 'chart';
  const empty = data && data.total === null;
  return (
    <Page title="Analysis of returns" wide back={<Link href="/returns">Returns</Link>}
      lead="Any indicator of the returns, by State/UT, district, period, year or category, with rates and the change on earlier periods.">
      <ErrorBox error={dsErr || error} />
      {!datasets && !dsErr && <Loading what="the data sets" />}
      {ds && datasets.length > 1 && (
        <p class="dataset-switch">
          {datasets.map((x) => (x.code === ds.code ? <strong key={x.code}>{x.name}</strong>
            : <Link key={x.code} href={withQuery('/returns/analysis', { dataset: x.code })}>{x.name}</Link>))}
        </p>
      )}
      {ds && def && p && <Filters p={{ ...p, indicator, combo }} def={def} user={user} go={go} />}
      {api_q && !data && !error && <Loading what="the figures" />}
      {data && (
        <>
          <p class="analysis-summary" aria-live="polite">
            <strong>{data.indicator.name}</strong>{data.combo ? ` (${data.combo})` : ''}, {data.from_label}{data.from !== data.to ? ` to ${data.to_label}` : ''}:
            {' '}{fmt(data.total)} in all{data.compare && data.compare.total_change !== null ? `, ${pct(data.compare.total_change)} on ${data.compare.from_label} – ${data.compare.to_label}` : ''}.
            {' '}Counting: {(INCLUDES.find(([k]) => k === data.include) || [0, data.include])[1].toLowerCase()}.
          </p>
          {empty ? (
            <div class="empty-state"><p>No return counted has a figure for this indicator in these periods. Try “Every return entered”, or other periods.</p></div>
          ) : (
            <Chart key={`${data.rows_dim}-${data.cols_dim}`} option={chart.option} label={chart.label} name={fileName} height={chart.height} />
          )}
          <Table d={data} sort={sort} setSort={setSort} />
          <Downloads path="/pivot" query={api_q} what="the table" />
        </>
      )}
    </Page>
  );
}
