// Case records and their analysis: the code lists (GET /cases/vocabulary, loaded once), how a
// place and a count are written, the classes' colours, and the map of the States/UTs.
//
// The map: no boundary data that follows the Government of India's official depiction and
// may be shipped is at hand, so the States/UTs are drawn as an equal-area tile grid — one
// tile each, placed by geography — and each State's districts as dots inside its tile, in
// the order of their names (not at their true places). The map says so under itself.

import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

let vocabulary = null;
/* [vocabulary|null, error|null] */
export function useVocabulary() {
  const [s, set] = useState([null, null]);
  useEffect(() => {
    let live = true;
    if (!vocabulary) vocabulary = api('GET', '/cases/vocabulary').catch((e) => { vocabulary = null; throw e; });
    vocabulary.then((v) => live && set([v, null]), (e) => live && set([null, e]));
    return () => { live = false; };
  }, []);
  return s;
}

export function labelOf(list, code) {
  const x = (list || []).find((i) => i.code === code);
  return x ? x.label : code;
}

/* A count as shown: 1,23,456, or "<11" (suppressed), or "–". */
export function fmtCount(n) {
  if (typeof n === 'string') return n;   /* "<11", "x": as the API hid it */
  if (n === null || n === undefined) return '–';
  return Number(n).toLocaleString('en-IN');
}

export function fmtRate(n) {
  return n === null || n === undefined ? '–' : n.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/* A place of a route, as the API gives it. */
export function placeName(p) {
  if (!p) return 'Not known';
  if (p.district) return `${p.district}, ${p.state}`;
  return p.country_name || p.name || p.country || '?';
}

export const CLASSES = [
  { code: 'source', label: 'Predominantly source', short: 'Source', colour: '#c2410c' },
  { code: 'transit', label: 'Predominantly transit', short: 'Transit', colour: '#7b4fa0' },
  { code: 'destination', label: 'Predominantly destination', short: 'Destination', colour: '#1d4e89' },
  { code: 'mixed', label: 'Mixed', short: 'Mixed', colour: '#2a7d46' },
  { code: 'too_few', label: 'Too few to say', short: 'Too few', colour: '#9aa3ab' },
];
export function classOf(code) {
  return CLASSES.find((c) => c.code === code) || CLASSES[4];
}

export const STATUSES = [
  ['under_investigation', 'Under investigation'], ['chargesheeted', 'Chargesheeted'], ['on_trial', 'On trial'],
  ['convicted', 'Convicted'], ['acquitted', 'Acquitted'], ['closed', 'Closed'],
];
export function statusLabel(s) {
  const x = STATUSES.find(([k]) => k === s);
  return x ? x[1] : s;
}

/* Each State/UT's tile: [LGD code, short name, column, row] (columns west → east). */
export const TILES = [
  [4, 'CH', 1, 0], [1, 'JK', 2, 0], [37, 'LA', 3, 0],
  [3, 'PB', 1, 1], [2, 'HP', 2, 1], [5, 'UK', 3, 1], [12, 'AR', 7, 1],
  [8, 'RJ', 0, 2], [6, 'HR', 1, 2], [7, 'DL', 2, 2], [9, 'UP', 3, 2], [10, 'BR', 4, 2], [11, 'SK', 5, 2], [18, 'AS', 6, 2], [13, 'NL', 7, 2],
  [24, 'GJ', 0, 3], [23, 'MP', 1, 3], [22, 'CG', 2, 3], [20, 'JH', 3, 3], [19, 'WB', 4, 3], [17, 'ML', 5, 3], [16, 'TR', 6, 3], [14, 'MN', 7, 3],
  [38, 'DD', 0, 4], [27, 'MH', 1, 4], [36, 'TS', 2, 4], [21, 'OD', 3, 4], [15, 'MZ', 7, 4],
  [30, 'GA', 0, 5], [29, 'KA', 1, 5], [28, 'AP', 2, 5], [35, 'AN', 4, 5],
  [31, 'LD', 0, 6], [32, 'KL', 1, 6], [33, 'TN', 2, 6], [34, 'PY', 3, 6],
];

const RAMP = ['#f3f6fa', '#d4e2f0', '#a9c6e3', '#6f9fcf', '#3a74b3', '#1d4e89'];

/* Five classes of a measure (quantiles of the non-zero values); values ≤ 0 or not known are
   the lightest. Returns { colourOf(v), breaks }. */
/* A map's heading with its choice of measure: measures are [[key, label]]. */
export function MapHead({ id, selectId, measures, measure, setMeasure }) {
  return (
    <div class="map-head">
      <h2 id={id}>Map</h2>
      <div class="field field-inline">
        <label for={selectId}>Colour the States/UTs by</label>
        <select id={selectId} value={measure} onChange={(e) => setMeasure(e.currentTarget.value)}>
          {measures.map(([k, l]) => <option key={k} value={k}>{l}</option>)}
        </select>
      </div>
    </div>
  );
}

/* The legend of a scale's colours, its breaks written by fmt. */
export function RampLegend({ scale, label, fmt }) {
  return (
    <p class="legend"><span class="legend-title">{label}:</span>
      {scale.ramp.slice(1).map((c, i) => (
        <span key={c} class="legend-item"><span class="swatch" style={{ background: c }} />
          {i === 0 ? `up to ${fmt(scale.breaks[0] || 0)}` : i < 4 ? `to ${fmt(scale.breaks[i] || 0)}` : 'more'}</span>
      ))}
    </p>
  );
}

export function scaleOf(values) {
  const xs = values.filter((v) => typeof v === 'number' && v > 0).sort((a, b) => a - b);
  const breaks = [];
  for (let k = 1; k < 5; k++) if (xs.length) breaks.push(xs[Math.min(xs.length - 1, Math.floor((xs.length * k) / 5))]);
  const colourOf = (v) => {
    if (typeof v !== 'number' || v <= 0) return RAMP[0];
    let i = 0;
    while (i < breaks.length && v > breaks[i]) i++;
    return RAMP[i + 1];
  };
  return { colourOf, breaks, ramp: RAMP };
}

const TILE = 64;
const GAP = 4;

/*
 * The tile-grid map. states: [{lgd, name, value}] (value a number or null) coloured by
 * scale; districts: [{lgd, state_lgd, name, cls, size}] drawn as dots in their State's
 * tile (cls a class code, size 0..1). onState(lgd) and onDistrict(lgd) when clicked;
 * selected: {state, district}. label: what the map shows, for screen readers.
 */
/* Where a foreign country's routes start or end on the map: beside the border it crosses. */
const COUNTRY_ANCHORS = { NP: [4.6, 1.5], BT: [5.6, 1.5], BD: [5.5, 4.5], MM: [7.5, 5.3], CN: [5, 0.4], PK: [0.2, 1.3], LK: [2.8, 6.9] };
const ELSEWHERE = [0.2, 0.4];

/* The centre of each district's dot (by LGD code) as TileMap lays them out. */
function dotCentres(districts) {
  const byState = new Map();
  for (const d of districts || []) {
    if (!byState.has(d.state_lgd)) byState.set(d.state_lgd, []);
    byState.get(d.state_lgd).push(d);
  }
  const centres = new Map();
  for (const [lgd, , col, row] of TILES) {
    const ds = (byState.get(lgd) || []).slice().sort((a, b) => a.name.localeCompare(b.name));
    const per = Math.max(1, Math.ceil(Math.sqrt(ds.length)));
    const cell = (TILE - 18) / per;
    const x = col * (TILE + GAP), y = row * (TILE + GAP);
    ds.forEach((d, i) => centres.set(d.lgd, [x + 9 + (i % per) * cell + cell / 2, y + 16 + Math.floor(i / per) * cell + cell / 2]));
  }
  return { byState, centres };
}

/*
 * flows (optional): [{from: {district_lgd}|{country}, to: {district_lgd}|{country}, victims}] drawn
 * as curves between the places' dots (a foreign country beside its border), thicker for more.
 */
export function TileMap({ states, districts, scale, onState, onDistrict, selected = {}, label, valueLabel, flows, note }) {
  const { byState, centres } = dotCentres(districts);
  const width = 8 * (TILE + GAP), height = 7 * (TILE + GAP);
  const info = new Map((states || []).map((s) => [s.lgd, s]));
  const at = (p) => {
    if (p.district_lgd) return centres.get(p.district_lgd) || null;
    const a = COUNTRY_ANCHORS[p.country] || ELSEWHERE;
    return [a[0] * (TILE + GAP), a[1] * (TILE + GAP)];
  };
  const maxFlow = Math.max(1, ...(flows || []).map((f) => (typeof f.victims === 'number' ? f.victims : 0)));
  return (
    <figure class="tile-map">
      <svg viewBox={`0 0 ${width} ${height}`} role="group" aria-label={label}>
        {TILES.map(([lgd, abbr, col, row]) => {
          const s = info.get(lgd) || { lgd, name: abbr, value: null };
          const x = col * (TILE + GAP), y = row * (TILE + GAP);
          const ds = (byState.get(lgd) || []).slice().sort((a, b) => a.name.localeCompare(b.name));
          const per = Math.max(1, Math.ceil(Math.sqrt(ds.length)));
          const cell = (TILE - 18) / per;
          const fill = scale.colourOf(s.value);
          const dark = fill === scale.ramp[4] || fill === scale.ramp[5];
          const isSel = selected.state === lgd;
          return (
            <g key={lgd} class={'tile' + (isSel ? ' tile-selected' : '')}>
              <rect x={x} y={y} width={TILE} height={TILE} rx="4" fill={fill}
                role="button" tabindex="0" aria-label={`${s.name}: ${valueLabel(s.value)}`} data-state={lgd}
                onClick={() => onState && onState(lgd)}
                onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onState && onState(lgd); } }}>
                <title>{`${s.name}: ${valueLabel(s.value)}`}</title>
              </rect>
              <text x={x + 4} y={y + 12} class={'tile-abbr' + (dark ? ' tile-abbr-dark' : '')} aria-hidden="true">{abbr}</text>
              {ds.map((d, i) => {
                const cx = x + 9 + (i % per) * cell + cell / 2, cy = y + 16 + Math.floor(i / per) * cell + cell / 2;
                const r = Math.max(1.3, Math.min(cell / 2 - 0.3, 1.3 + (cell / 2) * Math.sqrt(d.size || 0)));
                const sel = selected.district === d.lgd;
                return (
                  <circle key={d.lgd} cx={cx} cy={cy} r={sel ? r + 1.5 : r} fill={classOf(d.cls).colour}
                    stroke={sel ? '#000' : '#fff'} stroke-width={sel ? 1.2 : 0.4}
                    class="district-dot" data-district={d.lgd} role="button" tabindex="-1"
                    aria-label={`${d.name}: ${classOf(d.cls).label}`}
                    onClick={(e) => { e.stopPropagation(); onDistrict && onDistrict(d.lgd); }}>
                    <title>{`${d.name} (${classOf(d.cls).label})`}</title>
                  </circle>
                );
              })}
            </g>
          );
        })}
        {(flows || []).map((f, i) => {
          const a = at(f.from), b = at(f.to);
          if (!a || !b || (a[0] === b[0] && a[1] === b[1])) return null;
          const mx = (a[0] + b[0]) / 2 - (b[1] - a[1]) * 0.25, my = (a[1] + b[1]) / 2 + (b[0] - a[0]) * 0.25;
          const w = 0.8 + 4 * Math.sqrt((typeof f.victims === 'number' ? f.victims : 0) / maxFlow);
          return (
            <g key={i} class="flow" aria-hidden="true">
              <path d={`M${a[0]},${a[1]} Q${mx},${my} ${b[0]},${b[1]}`} fill="none" stroke="#e07a1f" stroke-opacity="0.75" stroke-width={w} stroke-linecap="round" />
              {!f.from.district_lgd && <text x={a[0]} y={a[1] - 3} class="flow-label">{f.from.country}</text>}
            </g>
          );
        })}
      </svg>
      <figcaption class="tile-map-note">
        States/UTs drawn as equal tiles placed by geography, not as their boundaries: no map
        data following the Government of India's official depiction, with a licence that lets
        it be shipped, is at hand.{' '}
        {note ?? <>Dots are districts, inside their State's tile in the order of
        their names — not at their true places; their colour is the district's class, their
        size its victims. Orange lines are a chosen district's routes, from where victims were
        recruited to where they were exploited.</>}
      </figcaption>
    </figure>
  );
}
