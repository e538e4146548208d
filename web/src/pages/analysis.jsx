// Analysis of the cases, at /analysis: the map of the States/UTs coloured by a measure with
// each district as a dot coloured by its class; clicking a State lists its districts, clicking
// a district shows its counts, its class year by year, its top sources and destinations and,
// for those who may, its cases. Below: the ranked problem districts, the routes (a Sankey of
// the largest flows between States and countries, and their table), the trends (months,
// seasonality, the fastest-rising districts) and the method with the Cell's thresholds.
// Everything lives in the URL. Viewers see the suppressed figures the API gives them.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, useSession } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, Notice } from '../lib/ui.jsx';
import { useStates } from '../lib/geo.js';
import { Downloads } from '../lib/meetings.jsx';
import { Chart } from '../lib/chart.jsx';
import { CLASSES, MapHead, RampLegend, TileMap, classOf, fmtCount, fmtRate, scaleOf, useVocabulary, labelOf } from '../lib/cases.jsx';

const MEASURES = [
  ['total', 'Victims in all roles'], ['source', 'Recruited there (source)'], ['destination', 'Exploited there (destination)'],
  ['transit', 'Passed through (transit)'], ['rate', 'All roles per lakh population'],
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const num = (v) => (typeof v === 'number' ? v : 0);
const thisYear = () => new Date(Date.now() + 330 * 60000).getUTCFullYear();

/* The page's question from the URL. Viewers: one whole year. */
function paramsOf(q, restricted) {
  const year = thisYear();
  const ok = (v) => /^\d{4}(-\d{2})?$/.test(v || '');
  let from = ok(q.get('from')) ? q.get('from') : String(year - 1);
  let to = ok(q.get('to')) ? q.get('to') : String(year - 1);
  if (restricted) { from = from.slice(0, 4); to = from; }
  const p = { from, to };
  if (!restricted) for (const k of ['purpose', 'gender', 'age', 'nationality']) if (q.get(k)) p[k] = q.get(k);
  return p;
}

function Filters({ p, go, restricted, vocab }) {
  const year = thisYear();
  const years = [];
  for (let y = year; y >= year - 15; y--) years.push(String(y));
  const sel = (id, label, value, options, onChange) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
    </div>
  );
  if (restricted) {
    return (
      <form class="filters analysis-filters" aria-label="What to show" onSubmit={(e) => e.preventDefault()}>
        {sel('an-year', 'Year', p.from, years.map((y) => [y, y]), (v) => go({ from: v, to: v }))}
      </form>
    );
  }
  const all = (label, list) => [['', label], ...(list || []).map((x) => [x.code, x.label])];
  return (
    <form class="filters analysis-filters" aria-label="What to show" onSubmit={(e) => e.preventDefault()}>
      {sel('an-from', 'From', p.from.slice(0, 4), years.map((y) => [y, y]), (v) => go({ from: v, to: p.to < v ? v : p.to }))}
      {sel('an-to', 'To', p.to.slice(0, 4), years.map((y) => [y, y]), (v) => go({ to: v, from: p.from > v ? v : p.from }))}
      {vocab && sel('an-purpose', 'Purpose', p.purpose || '', all('Every purpose', vocab.purposes), (v) => go({ purpose: v }))}
      {vocab && sel('an-gender', 'Sex', p.gender || '', all('Every sex', vocab.gender), (v) => go({ gender: v }))}
      {vocab && sel('an-age', 'Age', p.age || '', [['', 'Every age'], ['minors', 'Children (below 18)'], ['adults', 'Adults'],
        ...vocab.age_band.map((x) => [x.code, x.label])], (v) => go({ age: v }))}
      {vocab && sel('an-nationality', 'Nationality', p.nationality || '', [['', 'Every nationality'],
        ...['IN', 'NP', 'BD', 'MM', 'LK', 'AF'].map((c) => [c, labelOf(vocab.countries, c)])], (v) => go({ nationality: v }))}
    </form>
  );
}

/* The map: States coloured by the measure (summed over their districts), districts as dots. */
function MapPanel({ data, states, measure, setMeasure, selected, onState, onDistrict, flows }) {
  const byState = new Map();
  const maxTotal = Math.max(1, ...data.districts.map((d) => num(d.source) + num(d.transit) + num(d.destination)));
  const dots = data.districts.map((d) => {
    const t = num(d.source) + num(d.transit) + num(d.destination);
    const s = byState.get(d.state_lgd) || { source: 0, transit: 0, destination: 0, hidden: false };
    s.source += num(d.source); s.transit += num(d.transit); s.destination += num(d.destination);
    s.hidden = s.hidden || [d.source, d.transit, d.destination].some((v) => typeof v !== 'number');
    byState.set(d.state_lgd, s);
    return { lgd: d.district_lgd, state_lgd: d.state_lgd, name: d.district, cls: d.class || 'too_few', size: t / maxTotal };
  });
  const tiles = (states || []).map((st) => {
    const s = byState.get(st.lgd);
    let value = null;
    if (s) {
      const all = s.source + s.transit + s.destination;
      value = measure === 'rate' ? (st.population ? (all * 100000) / st.population : null) : measure === 'total' ? all : s[measure];
    }
    return { lgd: st.lgd, name: st.name, value };
  });
  const scale = scaleOf(tiles.map((t) => t.value));
  const valueLabel = (v) => (v === null || v === undefined ? 'no victims counted'
    : measure === 'rate' ? `${fmtRate(v)} per lakh` : `${fmtCount(v)} victims`);
  const mlabel = MEASURES.find(([k]) => k === measure)[1];
  return (
    <section class="map-panel" aria-labelledby="map-h">
      <MapHead id="map-h" selectId="an-measure" measures={MEASURES} measure={measure} setMeasure={setMeasure} />
      <TileMap states={tiles} districts={dots} scale={scale} selected={selected} onState={onState} onDistrict={onDistrict} flows={flows}
        label={`States/UTs coloured by ${mlabel.toLowerCase()}; districts as dots coloured by their class`} valueLabel={valueLabel} />
      <div class="map-legends">
        <RampLegend scale={scale} label={mlabel} fmt={(v) => fmtCount(Math.round(v))} />
        <p class="legend"><span class="legend-title">Districts:</span>
          {CLASSES.map((c) => <span key={c.code} class="legend-item"><span class="dot" style={{ background: c.colour }} />{c.label}</span>)}
        </p>
      </div>
    </section>
  );
}

/* A district's profile: its counts, its class year by year, where its victims came from and went. */
/* A district's routes in and out (top 10 each): [into, out, error]; none for a viewer. */
function useDistrictFlows(lgd, p, restricted) {
  const [s, set] = useState([null, null, null]);
  useEffect(() => {
    let live = true;
    set([null, null, null]);
    if (restricted || !lgd) return undefined;
    const q = { ...p, level: 'district', limit: 10 };
    Promise.all([api('GET', '/analysis/flows', { query: { ...q, destination: `D${lgd}` } }),
      api('GET', '/analysis/flows', { query: { ...q, source: `D${lgd}` } })])
      .then(([a, b]) => live && set([a, b, null]), (e) => live && set([null, null, e]));
    return () => { live = false; };
  }, [lgd, JSON.stringify(p)]);
  return s;
}

/* The routes as the map draws them: {from, to, victims} with places as the API names them. */
function placeOfId(id) {
  return id.startsWith('D') ? { district_lgd: Number(id.slice(1)) } : { country: id };
}
function mapFlows(into, out) {
  const all = [...(into ? into.links : []), ...(out ? out.links : [])];
  return all.map((l) => ({ from: placeOfId(l.source), to: placeOfId(l.target), victims: l.victims }));
}

/* A place's victims by year and month over the three years to the period's end (any role). */
function PlaceTrend({ place, p }) {
  const [t, setT] = useState(null);
  useEffect(() => {
    let live = true;
    setT(null);
    api('GET', '/analysis/trends', { query: { ...p, from: String(Number(p.to.slice(0, 4)) - 2), to: p.to.slice(0, 4), place, role: 'any' } })
      .then((x) => live && setT(x), () => live && setT(null));
    return () => { live = false; };
  }, [place, JSON.stringify(p)]);
  const option = useMemo(() => (t ? {
    grid: { left: 8, right: 8, top: 12, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: t.series.map((x) => x.period), axisLabel: { hideOverlap: true, fontSize: 10 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
    series: [{ name: 'Victims', type: 'line', symbol: 'none', data: t.series.map((x) => (typeof x.victims === 'number' ? x.victims : null)) }],
  } : null), [t]);
  if (!t) return null;
  return (
    <div class="place-trend">
      <h3>Victims by month, in any role</h3>
      <p class="muted small">{t.years.map((y) => `${y.year}: ${fmtCount(y.victims)}`).join(' · ')}</p>
      <Chart option={option} label={`Victims by month, ${t.from} to ${t.to}`} name={`trend-${place}`} height={170} />
    </div>
  );
}

function DistrictPanel({ d, p, restricted, mayReadCases, user, routes }) {
  const [into, out, error] = routes;
  const nameOf = (flows, id) => {
    const n = flows.nodes.find((x) => x.id === id);
    return n ? (n.kind === 'district' ? `${n.name}, ${n.state}` : n.name) : id;
  };
  const c = classOf(d.class);
  return (
    <section class="place-panel" aria-labelledby="place-h" data-testid="district-panel">
      <h2 id="place-h">{d.district}, {d.state}</h2>
      <p><span class="class-chip" style={{ background: c.colour }}>{d.class ? c.label : 'Not shown (counts under 11)'}</span></p>
      <dl class="counts">
        <div><dt>Recruited here</dt><dd>{fmtCount(d.source)}</dd></div>
        <div><dt>Passed through</dt><dd>{fmtCount(d.transit)}</dd></div>
        <div><dt>Exploited here</dt><dd>{fmtCount(d.destination)}</dd></div>
        {d.per_lakh && <div><dt>Per lakh population</dt><dd>{fmtRate(d.per_lakh.total)}</dd></div>}
      </dl>
      {d.years && (
        <p class="years">Class by year: {d.years.map((y) => <span key={y.year} class="year-class" title={`${y.victims} victims`}>
          {y.year}: <span class="dot" style={{ background: classOf(y.class).colour }} />{classOf(y.class).label.replace('Predominantly ', '')}</span>)}
          {d.class_changed && <strong> — the class changed</strong>}</p>
      )}
      <ErrorBox error={error} />
      {!restricted && !into && !error && <Loading what="its routes" />}
      {into && (
        <div class="two-cols">
          <div>
            <h3>Top sources of victims exploited here</h3>
            {into.links.length === 0 ? <p class="muted">None recorded.</p> : (
              <ol class="top-list" aria-label="Top source districts">
                {into.links.map((l) => <li key={l.source}>{nameOf(into, l.source)} <span class="num">{fmtCount(l.victims)}</span></li>)}
              </ol>
            )}
          </div>
          <div>
            <h3>Where victims recruited here were taken</h3>
            {out.links.length === 0 ? <p class="muted">None recorded.</p> : (
              <ol class="top-list" aria-label="Top destinations">
                {out.links.map((l) => <li key={l.target}>{nameOf(out, l.target)} <span class="num">{fmtCount(l.victims)}</span></li>)}
              </ol>
            )}
          </div>
        </div>
      )}
      {!restricted && <PlaceTrend place={`D${d.district_lgd}`} p={p} />}
      {mayReadCases && <p><Link href={withQuery('/cases', { district: d.district_lgd })}>The cases registered in {d.district}</Link></p>}
      {user && <ProfileLinks key={d.district_lgd} lgd={d.state_lgd} p={p} user={user} />}
    </section>
  );
}

/* The State profile's downloads (the Cell for any State, a State user for its own), and for
   the Cell the filing of its PDF in the library. */
function ProfileLinks({ lgd, p, user }) {
  const [filed, setFiled] = useState(null);
  const [error, setError] = useState(null);
  const q = `from=${encodeURIComponent(p.from)}&to=${encodeURIComponent(p.to)}`;
  if (!(user.role === 'cell' || (user.role === 'state' && user.state_lgd === lgd))) return null;
  async function file() {
    setError(null);
    try { setFiled(await api('POST', `/reports/state/${lgd}/file?${q}`)); } catch (e) { setError(e); }
  }
  return (
    <div class="profile-links">
      <p class="downloads"><span class="downloads-label">State profile:</span>
        <a href={`/api/v1/reports/state/${lgd}?${q}&format=pdf`} download>PDF</a>
        <a href={`/api/v1/reports/state/${lgd}?${q}&format=xlsx`} download>XLSX</a>
        {user.role === 'cell' && <button type="button" class="link-button" onClick={file}>File the PDF in the library</button>}
      </p>
      <ErrorBox error={error} />
      {filed && <p class="msg msg-ok" role="status">Filed in the library: <Link href={`/documents/${filed.id}`}>{filed.title}</Link>.</p>}
    </div>
  );
}

function StatePanel({ lgd, data, states, onDistrict, mayReadCases, p, user }) {
  const st = (states || []).find((s) => s.lgd === lgd);
  const rows = data.districts.filter((d) => d.state_lgd === lgd);
  return (
    <section class="place-panel" aria-labelledby="place-h">
      <h2 id="place-h">{st ? st.name : 'State/UT'}</h2>
      <ProfileLinks key={lgd} lgd={lgd} p={p} user={user} />
      {user.role !== 'viewer' && <PlaceTrend place={`S${lgd}`} p={p} />}
      {rows.length === 0 ? <p class="muted">No victim of the cases counted was recruited, moved or exploited here.</p> : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Its districts">
          <table class="data-table compact">
            <thead><tr><th scope="col">District</th><th scope="col" class="num">Source</th><th scope="col" class="num">Transit</th><th scope="col" class="num">Destination</th><th scope="col">Class</th></tr></thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.district_lgd}>
                  <th scope="row"><button type="button" class="link-button" onClick={() => onDistrict(d.district_lgd)}>{d.district}</button></th>
                  <td class="num">{fmtCount(d.source)}</td><td class="num">{fmtCount(d.transit)}</td><td class="num">{fmtCount(d.destination)}</td>
                  <td class="class-cell"><span class="dot" style={{ background: classOf(d.class).colour }} /> {d.class ? classOf(d.class).short : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayReadCases && <p><Link href={withQuery('/cases', { state: lgd })}>The cases registered in {st ? st.name : 'this State/UT'}</Link></p>}
    </section>
  );
}

function Districts({ data, p, restricted, onDistrict }) {
  const [sort, setSort] = useState('total');
  const [cls, setCls] = useState('');
  const sorted = useMemo(() => {
    const v = (d) => (sort === 'rate' ? (d.per_lakh ? d.per_lakh.total || 0 : 0) : sort === 'total' ? num(d.source) + num(d.transit) + num(d.destination) : num(d[sort]));
    return data.districts.filter((d) => !cls || d.class === cls).slice().sort((a, b) => v(b) - v(a) || a.district.localeCompare(b.district));
  }, [data, sort, cls]);
  const shown = sorted.slice(0, 50);
  return (
    <section aria-labelledby="dist-h">
      <h2 id="dist-h">Problem districts</h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Order and class">
        <div class="field"><label for="d-sort">Order by</label>
          <select id="d-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value)}>
            <option value="total">Victims in all roles</option>
            {!restricted && <option value="rate">Per lakh population</option>}
            <option value="source">Recruited there</option><option value="destination">Exploited there</option><option value="transit">Passed through</option>
          </select></div>
        <div class="field"><label for="d-class">Class</label>
          <select id="d-class" value={cls} onChange={(e) => setCls(e.currentTarget.value)}>
            <option value="">Every class</option>
            {CLASSES.map((c) => <option key={c.code} value={c.code}>{c.label}</option>)}
          </select></div>
      </form>
      {shown.length === 0 ? <div class="empty-state"><p>No district has victims of these cases in this period.</p></div> : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Problem districts, ranked">
          <table class="data-table">
            <thead><tr>
              <th scope="col" class="num">#</th><th scope="col">District</th><th scope="col">State/UT</th>
              <th scope="col" class="num">Recruited</th><th scope="col" class="num">Transit</th><th scope="col" class="num">Exploited</th>
              {!restricted && <th scope="col" class="num">All roles</th>}{!restricted && <th scope="col" class="num">Per lakh</th>}
              <th scope="col">Class</th>{!restricted && <th scope="col">Year by year</th>}
            </tr></thead>
            <tbody>
              {shown.map((d, i) => (
                <tr key={d.district_lgd}>
                  <td class="num">{i + 1}</td>
                  <th scope="row"><button type="button" class="link-button" onClick={() => onDistrict(d.district_lgd)}>{d.district}</button></th>
                  <td>{d.state}</td>
                  <td class="num">{fmtCount(d.source)}</td><td class="num">{fmtCount(d.transit)}</td><td class="num">{fmtCount(d.destination)}</td>
                  {!restricted && <td class="num strong">{fmtCount(d.total)}</td>}
                  {!restricted && <td class="num">{fmtRate(d.per_lakh && d.per_lakh.total)}</td>}
                  <td class="class-cell"><span class="dot" style={{ background: classOf(d.class).colour }} /> {d.class ? classOf(d.class).short : '–'}</td>
                  {!restricted && <td class="year-dots">{(d.years || []).map((y) => <span key={y.year} class="dot" title={`${y.year}: ${classOf(y.class).label}`} style={{ background: classOf(y.class).colour }} />)}
                    {d.class_changed && <span class="visually-hidden"> (the class changed)</span>}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {sorted.length > 50 && <p class="muted">The first 50 of {sorted.length}; the downloads hold them all.</p>}
      <Downloads path="/analysis/districts" query={{ ...p, limit: 'all', sort: sort === 'rate' && restricted ? 'total' : sort, class: cls }} what="the districts" />
    </section>
  );
}

function Routes({ flows, restricted, vocab }) {
  const top = flows.links.slice(0, 25);
  const name = (id) => { const n = flows.nodes.find((x) => x.id === id); return n ? n.name : id; };
  const option = useMemo(() => {
    const left = new Set(top.map((l) => l.source)), right = new Set(top.map((l) => l.target));
    return {
      tooltip: { trigger: 'item', renderMode: 'richText' },
      series: [{
        type: 'sankey', left: 8, right: 120, top: 8, bottom: 8, nodeGap: 6, draggable: false,
        label: { fontSize: 11 }, lineStyle: { color: 'gradient', opacity: 0.35 },
        data: [...[...left].map((id) => ({ name: `${name(id)} ›` })), ...[...right].map((id) => ({ name: `› ${name(id)}` }))],
        links: top.map((l) => ({ source: `${name(l.source)} ›`, target: `› ${name(l.target)}`, value: typeof l.victims === 'number' ? l.victims : 0 })),
      }],
    };
  }, [flows]);
  const purposeList = vocab ? vocab.purposes : [];
  return (
    <section aria-labelledby="routes-h">
      <h2 id="routes-h">Routes between States/UTs and countries</h2>
      {top.length === 0 ? <div class="empty-state"><p>No route with both ends recorded{restricted ? ' carries 11 victims or more' : ''} in this period.</p></div> : (
        <>
          <Chart option={option} label={`The ${top.length} largest routes, from where victims were recruited (left) to where they were exploited (right)`}
            name="routes" height={Math.max(320, top.length * 22)} />
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Routes">
            <table class="data-table">
              <thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col" class="num">Victims</th><th scope="col">Main purposes</th></tr></thead>
              <tbody>
                {flows.links.slice(0, 50).map((l) => {
                  const ps = Object.entries(l.purposes).filter(([, v]) => typeof v === 'number' && v > 0).sort((a, b) => b[1] - a[1]).slice(0, 3);
                  return (
                    <tr key={`${l.source}-${l.target}`}>
                      <td>{name(l.source)}</td><td>{name(l.target)}</td><td class="num">{fmtCount(l.victims)}</td>
                      <td>{ps.map(([k, v]) => `${labelOf(purposeList, k)} ${typeof l.victims === 'number' ? Math.round((v * 100) / l.victims) : 0}%`).join(' · ') || '–'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Trends({ trends }) {
  const option = useMemo(() => ({
    title: { text: 'Victims by month', left: 0, textStyle: { fontSize: 14 } },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: trends.series.map((x) => x.period), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'Victims', type: 'line', data: trends.series.map((x) => (typeof x.victims === 'number' ? x.victims : null)), connectNulls: false }],
  }), [trends]);
  const season = useMemo(() => ({
    title: { text: 'Seasonality of rescues (the months summed over the years)', left: 0, textStyle: { fontSize: 14 } },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: MONTHS },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'Victims', type: 'bar', data: trends.seasonality.map((x) => (typeof x.victims === 'number' ? x.victims : null)) }],
  }), [trends]);
  return (
    <section aria-labelledby="trends-h">
      <h2 id="trends-h">Trends</h2>
      <div class="two-cols">
        <Chart option={option} label="Victims by month" name="victims-by-month" height={280} />
        <Chart option={season} label="Victims by calendar month over the years" name="seasonality" height={280} />
      </div>
      {trends.rising && (
        <>
          <h3>Fastest-rising districts</h3>
          <p class="muted">The last 12 months of the period against the 12 before, victims in any role.</p>
          {trends.rising.length === 0 ? <p class="muted">None rose to the minimum number of victims.</p> : (
            <div class="table-wrap" tabIndex={0} role="region" aria-label="Fastest-rising districts">
              <table class="data-table compact">
                <thead><tr><th scope="col">District</th><th scope="col">State/UT</th><th scope="col" class="num">Before</th><th scope="col" class="num">Last 12 months</th><th scope="col" class="num">Change</th></tr></thead>
                <tbody>{trends.rising.map((x) => (
                  <tr key={x.district_lgd}><th scope="row">{x.district}</th><td>{x.state}</td><td class="num">{fmtCount(x.before)}</td><td class="num">{fmtCount(x.after)}</td>
                    <td class="num">+{x.change_percent.toLocaleString('en-IN')}%</td></tr>))}</tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Method({ thresholds, isCell, onSaved }) {
  const [min, setMin] = useState(String(thresholds.min_victims));
  const [share, setShare] = useState(String(Math.round(thresholds.dominant_share * 100)));
  const [error, setError] = useState(null);
  const [note, setNote] = useState(null);
  async function save(e) {
    e.preventDefault();
    setError(null); setNote(null);
    try {
      await api('PUT', '/analysis/settings', { body: { thresholds: { min_victims: Number(min), dominant_share: Number(share) / 100 } } });
      setNote('Thresholds saved; the classes follow them.');
      onSaved();
    } catch (x) { setError(x); }
  }
  return (
    <section aria-labelledby="method-h" class="method">
      <h2 id="method-h">How districts are classed</h2>
      <p>Each victim counts once, dated by their rescue (else the FIR), for the district where they were recruited
        (<em>source</em>), each district they passed through (<em>transit</em>) and the district where they were exploited
        (<em>destination</em>). A district with fewer than <strong>{thresholds.min_victims}</strong> victims in all roles is
        <em> too few to say</em>; else it is predominantly source, destination or transit when that role holds at least
        <strong> {Math.round(thresholds.dominant_share * 100)}%</strong> of its victims, and <em>mixed</em> when none does.
        Rates are per lakh of the Census 2011 population. Figures for viewers and the public hide counts under 11.</p>
      {isCell && (
        <form class="filters" onSubmit={save} aria-label="The Cell's thresholds">
          <div class="field field-narrow"><label for="th-min">Fewest victims</label>
            <input id="th-min" type="number" min="1" max="10000" value={min} onInput={(e) => setMin(e.currentTarget.value)} /></div>
          <div class="field field-narrow"><label for="th-share">Dominant share (%)</label>
            <input id="th-share" type="number" min="51" max="100" value={share} onInput={(e) => setShare(e.currentTarget.value)} /></div>
          <div class="field field-check"><button type="submit" class="btn btn-primary">Save thresholds</button></div>
        </form>
      )}
      <ErrorBox error={error} /><Notice message={note} />
    </section>
  );
}

export function Analysis({ query }) {
  const s = useSession();
  const user = s.user;
  const restricted = user.role === 'viewer';
  const mayReadCases = ['cell', 'state', 'district'].includes(user.role);
  const p = paramsOf(query, restricted);
  const key = JSON.stringify(p);
  const [states] = useStates();
  const [vocab] = useVocabulary();
  const [data, setData] = useState(null);
  const [flows, setFlows] = useState(null);
  const [trends, setTrends] = useState(null);
  const [error, setError] = useState(null);
  const [reload, setReload] = useState(0);
  /* the map's measure and what is chosen on it stay on the page (a navigation would scroll it) */
  const [measure, setMeasure] = useState('total');
  const [sel, setSel] = useState({ state: Number(query.get('state_view')) || null, district: Number(query.get('district_view')) || null });
  const selState = sel.state, selDistrict = sel.district;

  useEffect(() => {
    let live = true;
    setError(null); setData(null); setFlows(null); setTrends(null);
    api('GET', '/analysis/districts', { query: { ...p, limit: 'all' } }).then((x) => live && setData(x), (e) => live && setError(e));
    api('GET', '/analysis/flows', { query: { ...p, level: 'state', limit: 200 } }).then((x) => live && setFlows(x), (e) => live && setError(e));
    const span = restricted ? p : { ...p, from: String(Number(p.to.slice(0, 4)) - 2), to: p.to };
    api('GET', '/analysis/trends', { query: span }).then((x) => live && setTrends(x), (e) => live && setError(e));
    return () => { live = false; };
  }, [key, reload]);

  const go = (over) => navigate(withQuery('/analysis', { ...p, ...over }));
  const view = (over) => {
    if ('measure' in over) setMeasure(over.measure);
    if ('state_view' in over || 'district_view' in over) setSel({ state: Number(over.state_view) || null, district: Number(over.district_view) || null });
  };
  const district = data && selDistrict ? data.districts.find((d) => d.district_lgd === selDistrict) : null;
  const routes = useDistrictFlows(district ? district.district_lgd : null, p, restricted);
  const period = p.from === p.to ? p.from : `${p.from} to ${p.to}`;
  return (
    <Page title="Analysis of the cases" wide
      actions={user.role === 'cell' && <a class="btn btn-secondary" href={`/api/v1/reports/national?from=${encodeURIComponent(p.from)}&to=${encodeURIComponent(p.to)}`} download>National summary (PDF)</a>}
      lead={`Where victims are recruited, moved and exploited, ${period}: source, transit and destination districts, routes and trends.`}>
      <Filters p={p} go={go} restricted={restricted} vocab={vocab} />
      {restricted && <p class="muted">As a viewer you see the published figures: one year at a time, counts under 11 shown as &lt;11, and x where a count is hidden so that a small one cannot be worked out.</p>}
      <ErrorBox error={error} />
      {!data && !error && <Loading what="the analysis" />}
      {data && (
        <>
          <p class="analysis-summary" aria-live="polite">
            {restricted ? `${data.districts.length} districts.`
              : `${fmtCount(data.districts_involved)} districts involved; ${fmtCount((data.classes || {}).source || 0)} predominantly source, ${fmtCount((data.classes || {}).destination || 0)} destination, ${fmtCount((data.classes || {}).transit || 0)} transit, ${fmtCount((data.classes || {}).mixed || 0)} mixed.`}
            {flows && flows.victims !== undefined && ` ${fmtCount(flows.victims)} victims with both ends of their route recorded.`}
          </p>
          <div class="map-layout">
            <MapPanel data={data} states={states} measure={measure} setMeasure={(m) => view({ measure: m })}
              selected={{ state: selState, district: selDistrict }}
              onState={(lgd) => view({ state_view: lgd, district_view: '' })} onDistrict={(lgd) => view({ district_view: lgd, state_view: '' })} flows={district ? mapFlows(routes[0], routes[1]) : null} />
            <div class="map-side">
              {district && <DistrictPanel d={district} p={p} restricted={restricted} mayReadCases={mayReadCases} user={user} routes={routes} />}
              {!district && selState && <StatePanel lgd={selState} data={data} states={states} mayReadCases={mayReadCases} p={p} user={user}
                onDistrict={(lgd) => view({ district_view: lgd, state_view: '' })} />}
              {!district && !selState && <p class="muted place-hint">Choose a State/UT or a district dot on the map to see its figures.</p>}
            </div>
          </div>
          <Districts data={data} p={p} restricted={restricted} onDistrict={(lgd) => { view({ district_view: lgd, state_view: '' }); window.scrollTo(0, 0); }} />
        </>
      )}
      {flows && <Routes flows={flows} restricted={restricted} vocab={vocab} />}
      {trends && <Trends trends={trends} />}
      {data && <Method thresholds={data.thresholds} isCell={user.role === 'cell'} onSaved={() => setReload(reload + 1)} />}
    </Page>
  );
}
