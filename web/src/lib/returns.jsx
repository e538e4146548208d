// Periodic returns (docs/api.md, "Periodic returns"): periods as the API writes them,
// their labels, the statuses of a return and their chips, and addresses.

import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

/* Today in India: {y, m (1–12)}. */
function nowIST() {
  const d = new Date(Date.now() + 330 * 60000);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1 };
}

/* The period of a type that holds today, and the `count` before it, newest first:
   [{value, label}]. */
export function recentPeriods(type, count = 12) {
  const { y, m } = nowIST();
  const out = [];
  for (let i = 0; i < count; i++) {
    if (type === 'monthly') {
      const t = y * 12 + (m - 1) - i;
      const yy = Math.floor(t / 12);
      const mm = (t % 12) + 1;
      out.push({ value: `${yy}-${String(mm).padStart(2, '0')}`, label: `${MONTHS[mm - 1]} ${yy}` });
    } else if (type === 'quarterly') {
      const t = y * 4 + Math.floor((m - 1) / 3) - i;
      const yy = Math.floor(t / 4);
      const q = (t % 4) + 1;
      out.push({ value: `${yy}Q${q}`, label: `Q${q} ${yy} (${MONTHS[(q - 1) * 3]} – ${MONTHS[(q - 1) * 3 + 2]})` });
    } else if (type === 'annual') {
      out.push({ value: String(y - i), label: String(y - i) });
    } else if (type === 'financial_year') {
      const start = (m >= 4 ? y : y - 1) - i;
      out.push({ value: `${start}-${String((start + 1) % 100).padStart(2, '0')}`, label: `${start}-${String((start + 1) % 100).padStart(2, '0')} (April ${start} – March ${start + 1})` });
    }
  }
  return out;
}

/* Whether a text is a period of the type (the server decides; this only keeps the form honest). */
export function validPeriod(type, v) {
  return ({ monthly: /^\d{4}-(0[1-9]|1[0-2])$/, quarterly: /^\d{4}Q[1-4]$/, annual: /^\d{4}$/, financial_year: /^\d{4}-\d{2}$/ })[type]?.test(v) || false;
}

export const STATUSES = [
  { value: 'draft', label: 'Draft', tag: '' },
  { value: 'submitted', label: 'Submitted', tag: 'tag-info' },
  { value: 'returned', label: 'Returned', tag: 'tag-warn' },
  { value: 'approved', label: 'Approved by the State', tag: 'tag-info' },
  { value: 'accepted', label: 'Accepted by the Cell', tag: 'tag-ok' },
];

export function statusLabel(s) {
  return (STATUSES.find((x) => x.value === s) || { label: s ? String(s) : 'Not entered' }).label;
}

export function ReturnStatus({ status }) {
  const x = STATUSES.find((v) => v.value === status);
  return <span class={'tag ' + (x ? x.tag : 'tag-none')}>{statusLabel(status)}</span>;
}

export function returnHref(dataset, period, district) {
  return `/returns/${encodeURIComponent(dataset)}/${encodeURIComponent(period)}/${encodeURIComponent(district)}`;
}

export function returnApi(dataset, period, district, tail = '') {
  return `/returns/${encodeURIComponent(dataset)}/${encodeURIComponent(period)}/${encodeURIComponent(district)}${tail}`;
}

const FREQUENT_FIRST = ['monthly', 'quarterly', 'financial_year', 'annual'];

/* [items|null, error|null] of GET /datasets, the most frequent returns first (the monthly
   return is the one opened most). */
export function useDatasets() {
  const [s, set] = useState([null, null]);
  useEffect(() => {
    let live = true;
    const order = (d) => FREQUENT_FIRST.indexOf(d.period_type);
    api('GET', '/datasets').then((r) => live && set([[...(r.items || [])].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name)), null]),
      (e) => live && set([null, e]));
    return () => { live = false; };
  }, []);
  return s;
}

/* The cells of an indicator as a grid: rows and columns of options (two categories), one
   column (one category, or more, flattened), or a single cell. Each cell: {key, label}. */
export function gridOf(ind) {
  const cats = (ind.disaggregation && ind.disaggregation.categories) || [];
  const key = (combo) => (combo ? `${ind.code}.${combo}` : ind.code);
  if (!cats.length) return { kind: 'single', cells: [{ key: ind.code, label: ind.name }] };
  if (cats.length === 2) {
    const [a, b] = cats;
    return {
      kind: 'table',
      rowsTitle: a.name,
      cols: b.options,
      rows: a.options.map((o) => ({ label: o.name, cells: b.options.map((p) => ({ key: key(`${o.code}_${p.code}`), label: `${o.name}, ${p.name}` })) })),
    };
  }
  // one category (or more, flattened in the server's order)
  const labelOf = (combo) => {
    if (cats.length === 1) return (cats[0].options.find((x) => x.code === combo) || { name: combo }).name;
    let rest = combo;
    const names = [];
    for (const c of cats) {
      const o = c.options.find((x) => rest === x.code || rest.startsWith(`${x.code}_`));
      if (!o) return combo;
      names.push(o.name);
      rest = rest.slice(o.code.length + 1);
    }
    return names.join(', ');
  };
  return { kind: 'list', rowsTitle: cats.map((c) => c.name).join(', '), cells: ind.cells.map((c) => ({ key: key(c.combo), label: labelOf(c.combo) })) };
}

/*
 * The States/UTs as an equal-area tile grid, each placed roughly where it lies (no map data
 * is shipped: see issue 6): LGD code → [column, row, short code]. 9 columns, 8 rows.
 */
export const STATE_TILES = {
  37: [3, 0, 'LA'], 1: [2, 1, 'JK'], 2: [3, 1, 'HP'], 3: [2, 2, 'PB'], 4: [3, 2, 'CH'], 5: [4, 2, 'UK'],
  8: [1, 3, 'RJ'], 6: [2, 3, 'HR'], 7: [3, 3, 'DL'], 9: [4, 3, 'UP'], 10: [5, 3, 'BR'], 11: [6, 3, 'SK'], 12: [8, 3, 'AR'],
  24: [0, 4, 'GJ'], 23: [2, 4, 'MP'], 22: [3, 4, 'CG'], 20: [4, 4, 'JH'], 19: [5, 4, 'WB'], 17: [6, 4, 'ML'], 18: [7, 4, 'AS'], 13: [8, 4, 'NL'],
  38: [0, 5, 'DD'], 27: [1, 5, 'MH'], 36: [2, 5, 'TS'], 21: [4, 5, 'OD'], 16: [6, 5, 'TR'], 15: [7, 5, 'MZ'], 14: [8, 5, 'MN'],
  30: [1, 6, 'GA'], 29: [2, 6, 'KA'], 28: [3, 6, 'AP'],
  31: [0, 7, 'LD'], 32: [2, 7, 'KL'], 33: [3, 7, 'TN'], 34: [4, 7, 'PY'], 35: [6, 7, 'AN'],
};
