// Shared pieces of the meeting screens (docs/api.md, "Coordination meetings and the
// follow-up of their action points"): kinds and statuses, the chips of an action point's
// status for a State, overdue days, addresses, who does what.

import { Day } from './registers.jsx';

/* In the order the server lists them (src/meetings/api.c). */
export const KINDS = [
  { value: 'nodal_officers', label: 'Meeting of State/UT nodal officers' },
  { value: 'steering_committee', label: 'Project steering committee' },
  { value: 'training_planning', label: 'Training planning' },
  { value: 'other', label: 'Other' },
];

export function kindLabel(m) {
  if (m.kind_label) return m.kind_label;
  const k = KINDS.find((x) => x.value === m.kind);
  return k ? k.label : m.kind;
}

export const MEETING_STATUSES = [
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'held', label: 'Held' },
  { value: 'cancelled', label: 'Cancelled' },
];

export function MeetingStatus({ status }) {
  const s = MEETING_STATUSES.find((x) => x.value === status);
  const cls = status === 'held' ? 'tag tag-ok' : status === 'cancelled' ? 'tag tag-bad' : 'tag tag-info';
  return <span class={cls}>{s ? s.label : String(status || '—')}</span>;
}

/* The status of an action point for one State. */
export const AP_STATUSES = [
  { value: 'open', label: 'Open', cls: 'tag' },
  { value: 'reported', label: 'Reported', cls: 'tag tag-info' },
  { value: 'returned', label: 'Returned', cls: 'tag tag-warn' },
  { value: 'closed', label: 'Closed', cls: 'tag tag-ok' },
];

export function apStatusLabel(status) {
  const s = AP_STATUSES.find((x) => x.value === status);
  return s ? s.label : String(status || '—');
}

/* A chip: "Open", or "Odisha: Open" when a State is named; ", overdue" past its due date. */
export function ApStatus({ status, state, overdue }) {
  const s = AP_STATUSES.find((x) => x.value === status);
  const late = overdue && status !== 'closed';
  return (
    <span class={(late ? 'tag tag-bad' : s ? s.cls : 'tag') + ' ap-status'}>
      {state && <span class="ap-state">{state}: </span>}{s ? s.label : String(status || '—')}{late && ', overdue'}
    </span>
  );
}

/* The decision on a report. */
export function decisionLabel(decision) {
  if (decision === 'accepted') return 'Accepted';
  if (decision === 'returned') return 'Returned';
  return 'Awaiting decision';
}

export function Decision({ decision }) {
  const cls = decision === 'accepted' ? 'tag tag-ok' : decision === 'returned' ? 'tag tag-warn' : 'tag tag-info';
  return <span class={cls}>{decisionLabel(decision)}</span>;
}

/* Today in India (the Cell's day), YYYY-MM-DD. */
export function todayIST() {
  const d = new Date(Date.now() + 330 * 60000);
  return d.toISOString().slice(0, 10);
}

/* The day N days from today (India), YYYY-MM-DD. */
export function dayFromToday(n) {
  const d = new Date(Date.now() + 330 * 60000 + n * 86400000);
  return d.toISOString().slice(0, 10);
}

/* Whole days from a YYYY-MM-DD date to today (India); positive when the date is past. */
export function daysSince(date) {
  const a = Date.parse(date + 'T00:00:00Z');
  const b = Date.parse(todayIST() + 'T00:00:00Z');
  if (Number.isNaN(a)) return 0;
  return Math.round((b - a) / 86400000);
}

/* "Overdue 10 days", prominent; nothing when not overdue. */
export function Overdue({ days }) {
  if (!days || days <= 0) return null;
  return <strong class="overdue">Overdue {days} {days === 1 ? 'day' : 'days'}</strong>;
}

/* "5 Oct 2026, 10:30 – 13:00", or with both dates when it runs over days. */
export function MeetingWhen({ m }) {
  const s = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(m.starts_at || '');
  if (!s) return <span>{String(m.starts_at || '—')}</span>;
  const e = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(m.ends_at || '');
  return (
    <span class="meeting-when">
      <span class="nowrap"><Day value={s[1]} />, {s[2]}</span>
      {e && (e[1] === s[1]
        ? <span class="nowrap"> – {e[2]}</span>
        : <> – <span class="nowrap"><Day value={e[1]} />, {e[2]}</span></>)}
    </span>
  );
}

/* ---- addresses --------------------------------------------------------------------- */

export function meetingHref(id, tail = '') {
  return `/meetings/${encodeURIComponent(id)}${tail}`;
}

export function actionHref(id) {
  return `/action-points/${encodeURIComponent(id)}`;
}

/* The address of a list's export under /api/v1: the same filters, ?format=csv|xlsx|pdf. */
export function apiExportHref(path, query, format) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  p.set('format', format);
  return `/api/v1${path}?${p}`;
}

/* A positive integer id in a path. */
export function validId(id) {
  return /^[1-9][0-9]{0,17}$/.test(String(id));
}

/* ---- who does what (the server decides; these only shape the screen) --------------- */

export function isCell(user) { return !!user && user.role === 'cell'; }
export function isStateUser(user) { return !!user && user.role === 'state'; }
export function national(user) { return !!user && user.jurisdiction === 'national'; }
/* The digest: GET /digest answers admin, cell and state users. */
export function readsDigest(user) { return !!user && ['admin', 'cell', 'state'].includes(user.role); }

/* Downloads of a list: CSV, XLSX, PDF links with the list's query. */
export function Downloads({ path, query, what }) {
  return (
    <p class="downloads">
      <span class="downloads-label">Download this list:</span>
      {['csv', 'xlsx', 'pdf'].map((fmt) => (
        <a key={fmt} href={apiExportHref(path, query, fmt)} download>
          {fmt.toUpperCase()}<span class="visually-hidden"> ({what}{fmt === 'pdf' ? ', printed list' : ''})</span>
        </a>
      ))}
    </p>
  );
}

export function SortIcon({ s }) {
  return <span class="sort-icon" aria-hidden="true">{s === 'ascending' ? '▲' : s === 'descending' ? '▼' : '↕'}</span>;
}
