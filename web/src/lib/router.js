// A small client-side router over the History API. Paths are plain (/users/12); the
// server answers index.html for any non-/api path that is not a file.

import { useEffect, useReducer } from 'preact/hooks';
import { h } from 'preact';

const listeners = new Set();
let navigations = 0;

function emit() { for (const f of listeners) f(); }

/* How many times the URL has changed since the page loaded (flash messages use it). */
export function navigationCount() { return navigations; }

addEventListener('popstate', () => { navigations++; emit(); });

export function currentPath() { return location.pathname + location.search; }

export function navigate(to, { replace = false } = {}) {
  if (to === currentPath()) { emit(); return; }
  navigations++;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  emit();
}

/* { path, search, query } of the current URL; re-renders on every navigation. */
export function useLocation() {
  const [, bump] = useReducer((n) => n + 1, 0);
  useEffect(() => {
    listeners.add(bump);
    return () => listeners.delete(bump);
  }, []);
  return { path: location.pathname, search: location.search, query: new URLSearchParams(location.search) };
}

/* <a> that navigates inside the app on a plain left click, and stays a real link otherwise. */
export function Link(props) {
  const { href, onClick, ...rest } = props;
  function click(e) {
    if (onClick) onClick(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  }
  return h('a', { href, onClick: click, ...rest });
}

/* Builds "/path?a=1&b=2" leaving out empty values. */
export function withQuery(path, query) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '' || (k === 'offset' && Number(v) === 0)) continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? path + '?' + s : path;
}
