// Shared pieces of the register screens (docs/api.md, "Registers"): a register is described
// as data by GET /api/v1/registers/{name} (its fields, their types and flags), and its
// records live at /api/v1/{name}. The list, record and form screens are drawn from that
// description, so that a new register needs no new screen.

import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { saveFile } from './ui.jsx';
import { IssuedOn } from './docs.jsx';
import { registerModule } from '../modules.js';
import { fmtMoney } from './money.js';

/* ---- the description of a register, loaded once ----------------------------------- */

const schemaPromises = new Map();
let listPromise = null;

export function loadRegister(name) {
  if (!schemaPromises.has(name)) {
    schemaPromises.set(name, api('GET', `/registers/${encodeURIComponent(name)}`, { noAuthRedirect: true })
      .catch((e) => { schemaPromises.delete(name); throw e; }));
  }
  return schemaPromises.get(name);
}

export function loadRegisters() {
  if (!listPromise) {
    listPromise = api('GET', '/registers', { noAuthRedirect: true })
      .then((r) => r.items || [])
      .catch((e) => { listPromise = null; throw e; });
  }
  return listPromise;
}

/* [schema|null, error|null] of one register. */
export function useRegister(name) {
  const [s, set] = useState([null, null]);
  useEffect(() => {
    let live = true;
    set([null, null]);
    loadRegister(name).then((r) => live && set([r, null]), (e) => live && set([null, e]));
    return () => { live = false; };
  }, [name]);
  return s;
}

/* [items|null, error|null] of every register the caller may read. */
export function useRegisters() {
  const [s, set] = useState([null, null]);
  useEffect(() => {
    let live = true;
    loadRegisters().then((r) => live && set([r, null]), (e) => live && set([null, e]));
    return () => { live = false; };
  }, []);
  return s;
}

/* A register's name in a path: what the server's names look like. */
export function validRegisterName(name) {
  return /^[a-z][a-z_-]{0,39}$/.test(name);
}

/* ---- who sees and does what (the server decides; these only shape the screen) ------ */

/* Roles that read every field; the others (viewer, public) only the public ones. */
const FULL_READERS = ['admin', 'cell', 'state', 'district'];

export function readsAllFields(user) {
  return !!user && FULL_READERS.includes(user.role);
}

/* The history of a record is for signed-in users other than viewers. */
export function readsHistory(user) {
  return !!user && FULL_READERS.includes(user.role);
}

export function mayWrite(name, user) {
  const m = registerModule(name);
  const roles = (m && m.write) || ['cell', 'state'];
  return !!user && roles.includes(user.role);
}

/* The fields this reader is shown. */
export function visibleFields(schema, user) {
  const all = readsAllFields(user);
  return (schema.fields || []).filter((f) => f.public || all);
}

/* The fields of the add and edit forms: those the workflow's steps set are left out. */
export function formFields(schema, user) {
  return visibleFields(schema, user).filter((f) => !f.by_review && !f.derived);
}

/* ---- workflows (schema.workflow: a review, as a table of steps) --------------------- */

/* The record's status in its workflow, and that status's label. */
export function workflowStatus(schema, rec) {
  const w = schema.workflow;
  if (!w) return null;
  const field = (schema.fields || []).find((f) => f.name === w.status_field);
  const value = rec[w.status_field] || null;
  return { value, label: value ? (field ? choiceLabel(field, value) : value) : 'Not yet reviewed' };
}

/* Whether the record's fields may still be changed (a workflow locks it outside `editable_in`). */
export function editableIn(schema, rec) {
  const w = schema.workflow;
  return !w || (w.editable_in || []).includes(rec[w.status_field]);
}

/* The steps this user may take on the record now. */
export function stepsFor(schema, rec, user) {
  const w = schema.workflow;
  if (!w || !user) return [];
  const status = rec[w.status_field];
  return (w.steps || []).filter((st) => st.from.includes(status) && st.roles.includes(user.role)
    && (user.jurisdiction === 'national' || user.state_lgd === rec.state_lgd));
}

/* ---- addresses --------------------------------------------------------------------- */

export function registerHref(name, id, tail = '') {
  return `/registers/${encodeURIComponent(name)}` + (id !== undefined && id !== null ? `/${encodeURIComponent(id)}` : '') + tail;
}

/* The API path of a register's records (relative to /api/v1, for api()). */
export function recordsPath(name, id, tail = '') {
  return `/${encodeURIComponent(name)}` + (id !== undefined && id !== null ? `/${encodeURIComponent(id)}` : '') + tail;
}

/* The address of a list's export: the same filters, ?format=csv|xlsx|pdf. */
export function exportHref(name, query, format) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  p.set('format', format);
  return `/api/v1/${encodeURIComponent(name)}?${p}`;
}

/* A record id in a path: a positive integer. */
export function validRecordId(id) {
  return /^[1-9][0-9]{0,17}$/.test(String(id));
}

/* ---- words ------------------------------------------------------------------------- */

export function capitalize(s) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : '';
}

/* "a nodal officer", "an officer". */
export function withArticle(s) {
  return (/^[aeiou]/i.test(s || '') ? 'an ' : 'a ') + s;
}

/* The name a record goes by: its `title_field` ("Shri A. K. Mishra"), by default its first required one-line field. */
export function recordTitle(schema, rec) {
  const fields = schema.fields || [];
  const f = fields.find((x) => x.name === schema.title_field) || fields.find((x) => x.required && x.type === 'text') || fields[0];
  const v = f && rec[f.name];
  return v ? String(v) : `${capitalize(schema.label_one)} no. ${rec.id}`;
}

/* Today in the browser's time zone, YYYY-MM-DD. */
export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/* A date written YYYY-MM-DD, as "1 Jun 2025". */
export const Day = IssuedOn;

/* A date and time written YYYY-MM-DDTHH:MM (India Standard Time), as "1 Jun 2025, 10:30". */
export function DayTime({ value }) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value || '');
  if (!m) return <span>{String(value)}</span>;
  return <span><Day value={m[1]} />, {m[2]}</span>;
}

export function choiceLabel(field, value) {
  const c = (field.choices || []).find((x) => x.value === value);
  return c ? c.label : String(value);
}

/* One value of a record, as text (links for e-mail and web addresses). */
export function FieldValue({ field, value }) {
  if (value === undefined || value === null || value === '') return <span class="muted">—</span>;
  const v = String(value);
  switch (field.type) {
    case 'email': return <a href={'mailto:' + v} class="value-email"><Breakable text={v} /></a>;
    case 'url': return /^https?:\/\//i.test(v) ? <a href={v} rel="noopener noreferrer" class="value-url">{v}</a> : <span>{v}</span>;
    case 'phone': return <span class="nowrap">{v}</span>;
    case 'date': return <Day value={v} />;
    case 'datetime': return <DayTime value={v} />;
    case 'enum': return <span>{choiceLabel(field, v)}</span>;
    case 'longtext': return <span class="value-lines">{v}</span>;
    case 'money': return <span class="nowrap num">{fmtMoney(Number(value))}</span>;
    default: return <span>{v}</span>;
  }
}

/* An e-mail address that may wrap after its "@" and before the dots of its domain (text, with <wbr>). */
export function Breakable({ text }) {
  const s = String(text);
  const at = s.indexOf('@');
  if (at < 0) return s;
  const parts = [s.slice(0, at + 1), ...s.slice(at + 1).split(/(?=\.)/)];
  return <>{parts.map((p, i) => (i ? <><wbr />{p}</> : p))}</>;
}

/* "1 Jan 2025 – 1 Jun 2025", or "since 1 Jan 2025" while the term is open. */
export function Term({ rec }) {
  if (!rec.from && !rec.to) return <span class="muted">—</span>;
  if (!rec.to) return <>since <Day value={rec.from} /></>;
  return <><Day value={rec.from} /> – <Day value={rec.to} /></>;
}

/* ---- a file of the public's view --------------------------------------------------- */

/*
 * Downloads href without the session cookie, so that a signed-in person gets the same file
 * as the public (a State user's own answer covers only their State). Returns false when it
 * could not, so that the caller lets the link be followed instead.
 */
export async function downloadAnonymously(href, filename) {
  let res;
  try {
    res = await fetch(href, { credentials: 'omit', cache: 'no-store' });
  } catch {
    return false;
  }
  if (!res.ok) return false;
  const blob = await res.blob();
  saveFile(URL.createObjectURL(blob), filename);
  return true;
}
