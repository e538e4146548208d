// Small shared pieces of the screens: page frame, messages, dates, paging, names.

import { useEffect, useState } from 'preact/hooks';
import { useJurisdictionName, useStates, useDistricts } from './geo.js';

export const ROLES = [
  { value: 'admin', label: 'Administrator' },
  { value: 'cell', label: 'Cell officer' },
  { value: 'state', label: 'State/UT officer' },
  { value: 'district', label: 'District officer' },
  { value: 'viewer', label: 'Viewer' },
];

export function roleLabel(role) {
  const r = ROLES.find((x) => x.value === role);
  return r ? r.label : role;
}

/* Sets the document title for the screen. */
export function useTitle(title) {
  useEffect(() => {
    document.title = title ? `${title} · AHT Cell` : 'AHT Cell';
  }, [title]);
}

/*
 * The frame of every screen: a title, an h1 that takes focus after navigation, content.
 * back: an optional vnode (a link back up) shown above the heading.
 */
export function Page({ title, heading, lead, actions, children, wide, back }) {
  useTitle(title);
  return (
    <div class={wide ? 'page page-wide' : 'page'}>
      {back && <p class="back-link">{back}</p>}
      <div class="page-head">
        <h1 tabIndex={-1} id="page-heading">{heading || title}</h1>
        {actions && <div class="page-actions">{actions}</div>}
      </div>
      {lead && <p class="lead">{lead}</p>}
      {children}
    </div>
  );
}

/*
 * A live region for a form's or a screen's error. The element is always in the page so
 * that screen readers announce the message when it appears.
 */
export function ErrorBox({ error, id }) {
  let msg = null;
  if (error) msg = typeof error === 'string' ? error : error.message;
  return (
    <div class={msg ? 'msg msg-error' : 'msg msg-empty'} role="alert" aria-live="assertive" id={id}>
      {msg && <p>{msg}</p>}
    </div>
  );
}

/* A polite live region for good news ("User saved."). */
export function Notice({ message }) {
  return (
    <div class={message ? 'msg msg-ok' : 'msg msg-empty'} role="status" aria-live="polite">
      {message && <p>{message}</p>}
    </div>
  );
}

export function Loading({ what }) {
  return <p class="loading" role="status">Loading{what ? ' ' + what : ''}…</p>;
}

const dateTimeFmt = new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'short' });

/* A UTC ISO timestamp shown in the browser's local time; '—' for null. */
export function DateTime({ value }) {
  if (!value) return <span class="muted">—</span>;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return <span>{String(value)}</span>;
  return <time dateTime={value} title={value}>{dateTimeFmt.format(d)}</time>;
}

export function JurisdictionName({ jurisdiction, stateLgd }) {
  const name = useJurisdictionName(jurisdiction, stateLgd);
  return <span title={jurisdiction}>{name}</span>;
}

/* "Showing 1–50 of 123" with Previous/Next buttons. */
export function Pager({ total, limit, offset, onPage, label = 'Pages' }) {
  if (total === undefined || total === null) return null;
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav class="pager" aria-label={label}>
      <p class="pager-count">
        {total === 0 ? 'No rows' : `Showing ${first}–${last} of ${total}`}
        {pages > 1 && <span class="muted"> · page {page} of {pages}</span>}
      </p>
      {pages > 1 && <div class="pager-buttons">
        <button type="button" class="btn btn-secondary" disabled={offset <= 0}
          onClick={() => onPage(Math.max(0, offset - limit))}>Previous</button>
        <button type="button" class="btn btn-secondary" disabled={offset + limit >= total}
          onClick={() => onPage(offset + limit)}>Next</button>
      </div>}
    </nav>
  );
}

/* A labelled form field; children is the control, which must carry the given id. */
export function Field({ id, label, hint, error, children, class: cls }) {
  return (
    <div class={'field' + (error ? ' field-error' : '') + (cls ? ' ' + cls : '')}>
      <label for={id}>{label}</label>
      {hint && <p class="hint" id={id + '-hint'}>{hint}</p>}
      {error && <p class="field-msg" id={id + '-error'}>{error}</p>}
      {children}
    </div>
  );
}

/* aria-describedby for a Field's control. */
export function describedBy(id, hint, error) {
  const ids = [];
  if (hint) ids.push(id + '-hint');
  if (error) ids.push(id + '-error');
  return ids.length ? ids.join(' ') : undefined;
}

/* The field of an ApiError of kind request.invalid, mapped to a message for that field. */
export function fieldError(error, field) {
  return error && error.field === field ? error.message : null;
}

/*
 * Two selects: State/UT, then district. The selection is {state, district}, both strings
 * ('' = none); jurisdictionOf() turns it into "national" / "state:LGD" / "district:LGD".
 * Options: allowNational (offer "National"), lockedState (a State user: only their own
 * State), requireDistrict (no "whole State" choice).
 */
export function JurisdictionPicker({ id, sel, onChange, allowNational = true, lockedState = null, requireDistrict = false, error }) {
  const [states, statesErr] = useStates();
  const stateValue = lockedState ? String(lockedState) : sel.state;
  const [districts, districtsErr] = useDistricts(stateValue ? Number(stateValue) : null);

  return (
    <fieldset class={'jurisdiction' + (error ? ' field-error' : '')} aria-describedby={error ? id + '-error' : undefined}>
      <legend>Jurisdiction</legend>
      {error && <p class="field-msg" id={id + '-error'}>{error}</p>}
      {statesErr && <p class="field-msg">States could not be loaded: {statesErr.message}</p>}
      <div class="field-row">
        <div class="field">
          <label for={id + '-state'}>State/UT</label>
          <select id={id + '-state'} value={stateValue} disabled={!!lockedState || !states}
            onChange={(e) => onChange({ state: e.currentTarget.value, district: '' })}>
            {!lockedState && <option value="">{allowNational ? 'National (all India)' : 'Choose a State/UT'}</option>}
            {lockedState && !states && <option value={stateValue}>State/UT {stateValue}</option>}
            {(states || []).map((s) => <option key={s.lgd} value={String(s.lgd)}>{s.name}</option>)}
          </select>
        </div>
        <div class="field">
          <label for={id + '-district'}>District</label>
          <select id={id + '-district'} value={sel.district} disabled={!stateValue || !districts}
            onChange={(e) => onChange({ state: stateValue, district: e.currentTarget.value })}>
            <option value="">{!stateValue ? '—' : requireDistrict ? 'Choose a district' : 'Whole State/UT'}</option>
            {(districts || []).map((d) => <option key={d.lgd} value={String(d.lgd)}>{d.name}</option>)}
          </select>
          {districtsErr && <p class="field-msg">Districts could not be loaded: {districtsErr.message}</p>}
        </div>
      </div>
    </fieldset>
  );
}

/* "national" | "state:LGD" | "district:LGD" of a picker selection. */
export function jurisdictionOf(sel) {
  if (sel.district) return 'district:' + sel.district;
  if (sel.state) return 'state:' + sel.state;
  return 'national';
}

/* The picker selection of a USER. */
export function selOfUser(user) {
  return {
    state: user.state_lgd ? String(user.state_lgd) : '',
    district: user.district_lgd ? String(user.district_lgd) : '',
  };
}

/* The usual jurisdiction level of each role, to guide (the server decides). */
export function roleJurisdictionHint(role) {
  switch (role) {
    case 'admin':
    case 'cell': return 'Administrators and Cell officers usually work nationally.';
    case 'state': return 'A State/UT officer needs a State/UT.';
    case 'district': return 'A district officer needs a district.';
    default: return 'A viewer may be national, or limited to a State/UT or a district.';
  }
}

export function copyText(text, inputEl) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  if (inputEl) {
    inputEl.select();
    try { document.execCommand('copy'); return Promise.resolve(); } catch { /* fall through */ }
  }
  return Promise.reject(new Error('Copy is not available; select the text and copy it by hand.'));
}

/* Saves url (a blob: or data: address) as a file called name, as a download link would. */
export function saveFile(url, name) {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (url.startsWith('blob:')) setTimeout(() => URL.revokeObjectURL(url), 10000);
}
