// The one door to the JSON API (docs/api.md) and the store of the current session.
//
// Every call goes through api(): same-origin cookie, the CSRF token on requests that
// change state, an Idempotency-Key when the caller gives one, and one error shape
// (ApiError) built from the server's {"error":{"code","message","field"}} body.
// A 401 anywhere ends the session in the UI and sends the person to sign in; a 403
// auth.password_change_required sends them to the change-password screen.

import { useEffect, useReducer } from 'preact/hooks';
import { navigate, currentPath, navigationCount } from './router.js';

export class ApiError extends Error {
  constructor(status, code, message, field, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field || null;
    this.retryAfter = retryAfter;
  }
}

/* ---- session store ---------------------------------------------------------------- */

// status: 'loading' until GET /session answers, then 'signed-in' or 'signed-out'.
let state = { status: 'loading', user: null, csrf: null, mustChange: false, expiresAt: null };
const listeners = new Set();

function emit() { for (const f of listeners) f(); }

export function getSession() { return state; }

// A hint kept in localStorage that this browser holds a session cookie (which is HttpOnly,
// so the page cannot see it). Without the hint a visitor is taken as signed out at once,
// so that a public page does not ask GET /session only to be refused (and audited).
const HINT = 'ahtcell.signed-in';
function hint(on) {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch { /* storage off: always ask the server */ }
}
function hinted() {
  try { return localStorage.getItem(HINT) === '1'; } catch { return true; }
}

export function setSession(data) {
  hint(true);
  state = {
    status: 'signed-in',
    user: data.user,
    csrf: data.csrf,
    mustChange: !!data.must_change_password,
    expiresAt: data.expires_at || null,
  };
  emit();
}

export function clearSession() {
  hint(false);
  state = { status: 'signed-out', user: null, csrf: null, mustChange: false, expiresAt: null };
  emit();
}

function markMustChange() {
  if (state.status === 'signed-in' && !state.mustChange) {
    state = { ...state, mustChange: true };
    emit();
  }
}

/* Re-render the calling component whenever the session changes. */
export function useSession() {
  const [, bump] = useReducer((n) => n + 1, 0);
  useEffect(() => {
    listeners.add(bump);
    return () => listeners.delete(bump);
  }, []);
  return state;
}

/* Ask the server who we are (on load, and after a change of password). */
export async function loadSession() {
  if (!hinted()) { clearSession(); return; }
  try {
    const data = await api('GET', '/session', { noAuthRedirect: true });
    setSession(data);
  } catch (e) {
    if (e.status === 401) clearSession();
    else {
      clearSession();
      flash(e.message, 'error');
    }
  }
}

/* ---- flash messages: a message for this screen and the next one --------------------- */

// A message raised just before a navigation ("You have signed out.") is shown on the
// screen that follows, and forgotten at the navigation after that.
let flashState = null;
const flashListeners = new Set();

export function flash(message, kind = 'ok') {
  flashState = { message, kind, at: navigationCount() };
  for (const f of flashListeners) f();
}

export function useFlash() {
  const [, bump] = useReducer((n) => n + 1, 0);
  useEffect(() => {
    flashListeners.add(bump);
    return () => flashListeners.delete(bump);
  }, []);
  if (flashState && navigationCount() - flashState.at > 1) flashState = null;
  return flashState;
}

/* ---- the call ---------------------------------------------------------------------- */

function queryString(query) {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? '?' + s : '';
}

/*
 * api(method, path, options) → parsed JSON body (null for 204).
 * path is relative to /api/v1 and must already have its ids encoded (use encodeURIComponent).
 * options: body (sent as JSON), query (object; empty values dropped), idempotencyKey,
 * noAuthRedirect (do not leave the screen on 401: sign-in and the first GET /session),
 * anonymous (send no cookie: the answer is the public's, whoever is signed in),
 * text (answer the body as text: `?format=text` and the like; errors are still JSON).
 * Throws ApiError.
 */
export async function api(method, path, options = {}) {
  const headers = { Accept: options.text ? 'text/plain, application/json' : 'application/json' };
  const anonymous = !!options.anonymous;
  const init = { method, headers, credentials: anonymous ? 'omit' : 'same-origin', cache: 'no-store' };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  if (anonymous) options = { ...options, noAuthRedirect: true };
  else if (method !== 'GET' && method !== 'HEAD' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  let res;
  try {
    res = await fetch('/api/v1' + path + queryString(options.query), init);
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check the connection and try again.');
  }

  let data = null;
  if (res.status !== 204) {
    const body = await res.text();
    if (res.ok && options.text) return body;
    data = parseBody(body);
  }
  if (res.ok) return data;
  throw failure(res.status, data, res.headers.get('Retry-After'), options);
}

function parseBody(text) {
  if (!text) return null;
  try { return JSON.parse(text); } catch { return null; }
}

/* The ApiError of a refused request; leaves the screen on 401 and on a required password change. */
function failure(status, data, retryAfter, options) {
  const body = (data && data.error) || {};
  const err = new ApiError(
    status,
    body.code || 'http.' + status,
    body.message || `The server answered with status ${status}.`,
    body.field,
    retryAfter,
  );
  /* a list of problems beside the error (an import's rows): kept for the screen */
  if (data && Array.isArray(data.errors)) err.details = data.errors;
  if (status === 401 && !options.noAuthRedirect) {
    const wasSignedIn = state.status === 'signed-in';
    clearSession();
    if (wasSignedIn) flash('Your session has ended. Please sign in again.', 'error');
    const here = currentPath();
    navigate('/sign-in' + (here !== '/' && !here.startsWith('/sign-in') ? '?next=' + encodeURIComponent(here) : ''), { replace: true });
  } else if (status === 403 && err.code === 'auth.password_change_required') {
    markMustChange();
    navigate('/account/password', { replace: true });
  }
  return err;
}

/*
 * upload(path, formData, options) → parsed JSON body. A multipart POST sent with
 * XMLHttpRequest, because fetch cannot report the progress of a request body.
 * Same cookie, CSRF token, Idempotency-Key and errors as api().
 * options: idempotencyKey, onProgress(sentBytes, totalBytes), signal (an AbortSignal).
 * Throws ApiError; code 'aborted' when the signal stopped it.
 */
export function upload(path, formData, options = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1' + path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (state.csrf) xhr.setRequestHeader('X-CSRF-Token', state.csrf);
    if (options.idempotencyKey) xhr.setRequestHeader('Idempotency-Key', options.idempotencyKey);
    if (options.onProgress) {
      xhr.upload.onprogress = (e) => options.onProgress(e.loaded, e.lengthComputable ? e.total : 0);
    }
    xhr.onload = () => {
      const data = xhr.status === 204 ? null : parseBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(failure(xhr.status, data, xhr.getResponseHeader('Retry-After'), options));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network',
      'The upload did not reach the server, or the server closed the connection. Check the connection and the size of the file, and try again.'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.'));
    if (options.signal) {
      if (options.signal.aborted) { reject(new ApiError(0, 'aborted', 'The upload was cancelled.')); return; }
      options.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(formData);
  });
}

/* A fresh key for a request that creates something. */
export function newIdempotencyKey() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/*
 * Keeps one Idempotency-Key per distinct request body, so that a double click or a retry
 * of the same form sends the same key (the server replays the first answer), while a form
 * edited after an error gets a new key (the same key with another body would be refused).
 */
export function idempotencyFor(ref, body) {
  const sig = JSON.stringify(body);
  if (!ref.current || ref.current.sig !== sig) ref.current = { sig, key: newIdempotencyKey() };
  return ref.current.key;
}
