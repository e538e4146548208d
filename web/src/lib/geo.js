// States/UTs and districts from the public master-data API, loaded once and cached,
// so that "state:21" and "district:376" can be shown as names.

import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

let statesPromise = null;
const districtPromises = new Map();

export function loadStates() {
  if (!statesPromise) {
    statesPromise = api('GET', '/states', { query: { limit: 500 }, noAuthRedirect: true })
      .then((r) => r.items)
      .catch((e) => { statesPromise = null; throw e; });
  }
  return statesPromise;
}

export function loadDistricts(stateLgd) {
  const key = String(stateLgd);
  if (!districtPromises.has(key)) {
    districtPromises.set(key, api('GET', `/states/${encodeURIComponent(key)}/districts`, { query: { limit: 500 }, noAuthRedirect: true })
      .then((r) => r.items)
      .catch((e) => { districtPromises.delete(key); throw e; }));
  }
  return districtPromises.get(key);
}

/* [items|null, error|null] */
export function useStates() {
  const [s, set] = useState([null, null]);
  useEffect(() => {
    let live = true;
    loadStates().then((items) => live && set([items, null]), (e) => live && set([null, e]));
    return () => { live = false; };
  }, []);
  return s;
}

export function useDistricts(stateLgd) {
  const [s, set] = useState([null, null]);
  useEffect(() => {
    let live = true;
    if (!stateLgd) { set([[], null]); return undefined; }
    set([null, null]);
    loadDistricts(stateLgd).then((items) => live && set([items, null]), (e) => live && set([null, e]));
    return () => { live = false; };
  }, [stateLgd]);
  return s;
}

/* Splits a jurisdiction string: {level:'national'|'state'|'district', lgd:number|null}. */
export function parseJurisdiction(j) {
  const m = /^(state|district):(\d+)$/.exec(j || '');
  if (m) return { level: m[1], lgd: Number(m[2]) };
  return { level: j === 'national' ? 'national' : 'unknown', lgd: null };
}

/*
 * The name of a jurisdiction. stateLgd (from USER.state_lgd) lets a district be found
 * without searching every State. Returns a string, a fallback while names load.
 */
export function useJurisdictionName(jurisdiction, stateLgd) {
  const { level, lgd } = parseJurisdiction(jurisdiction);
  const stateOf = level === 'state' ? lgd : stateLgd || null;
  const [states] = useStates();
  const [districts] = useDistricts(level === 'district' ? stateOf : null);
  if (level === 'national') return 'National';
  if (level === 'unknown') return jurisdiction || '—';
  const st = states && states.find((x) => x.lgd === stateOf);
  if (level === 'state') return st ? st.name : `State/UT ${lgd}`;
  const d = districts && districts.find((x) => x.lgd === lgd);
  if (d && st) return `${d.name}, ${st.name}`;
  if (d) return d.name;
  return `District ${lgd}`;
}
