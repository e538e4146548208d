// Shared pieces of the document screens (docs/api.md, "Documents"): categories and
// languages, dates of issue, the search snippet, facets, file links.

import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

/* In the order the server lists them (src/documents/rules.c). */
export const CATEGORIES = [
  { value: 'advisory', label: 'Advisory' },
  { value: 'sop', label: 'SOP' },
  { value: 'minutes', label: 'Minutes' },
  { value: 'guidelines', label: 'Guidelines' },
  { value: 'report', label: 'Report' },
  { value: 'scheme', label: 'Scheme' },
  { value: 'award', label: 'Award' },
  { value: 'training', label: 'Training' },
  { value: 'compendium', label: 'Compendium' },
  { value: 'directory', label: 'Directory' },
  { value: 'corrigendum', label: 'Corrigendum' },
  { value: 'other', label: 'Other' },
];

export function categoryLabel(doc) {
  if (doc.category_label) return doc.category_label;
  const c = CATEGORIES.find((x) => x.value === doc.category);
  return c ? c.label : doc.category;
}

/* The usual three first, then India's other scheduled languages with an ISO 639-1 code. */
export const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'hi', label: 'Hindi' },
  { value: 'en+hi', label: 'English and Hindi' },
];
export const OTHER_LANGUAGES = [
  { value: 'as', label: 'Assamese' },
  { value: 'bn', label: 'Bengali' },
  { value: 'gu', label: 'Gujarati' },
  { value: 'kn', label: 'Kannada' },
  { value: 'ml', label: 'Malayalam' },
  { value: 'mr', label: 'Marathi' },
  { value: 'ne', label: 'Nepali' },
  { value: 'or', label: 'Odia' },
  { value: 'pa', label: 'Punjabi' },
  { value: 'ta', label: 'Tamil' },
  { value: 'te', label: 'Telugu' },
  { value: 'ur', label: 'Urdu' },
];

export function languageLabel(code) {
  const l = LANGUAGES.find((x) => x.value === code) || OTHER_LANGUAGES.find((x) => x.value === code);
  return l ? l.label : code || '—';
}

export const DEFAULT_GROUP = 'Anti Trafficking Cell';
export const FILE_MAX = 50 * 1024 * 1024;

/* A size written like the server's size_text: "512 B", "82.13 KB", "1.75 MB". */
export function sizeText(bytes) {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return i === 0 ? `${v} B` : `${Number(v.toFixed(2))} ${units[i]}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/* A date of issue ("2012-04-30") as "30 Apr 2012"; '—' for null. */
export function IssuedOn({ value }) {
  if (!value) return <span class="muted">—</span>;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return <span>{String(value)}</span>;
  return <time dateTime={value}>{`${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`}</time>;
}

export function docHref(id) {
  return `/documents/${encodeURIComponent(id)}`;
}

/* A file address from the server, used only when it stays on this server. */
export function fileHref(file) {
  const u = file && typeof file.url === 'string' ? file.url : '';
  return u.startsWith('/') && !u.startsWith('//') ? u : null;
}

/* The file's address for download (Content-Disposition: attachment). */
export function downloadHref(file) {
  const u = fileHref(file);
  return u && u + (u.includes('?') ? '&' : '?') + 'download=1';
}

/* "text before ", "hit", " text after": the odd positions are highlighted, all as text. */
export function Snippet({ parts }) {
  if (!Array.isArray(parts) || parts.length === 0) return null;
  // Mostly Devanagari: say so, for screen readers and fonts.
  const text = parts.join('');
  const deva = (text.match(/[\u0900-\u097F]/g) || []).length;
  const latin = (text.match(/[A-Za-z]/g) || []).length;
  return (
    <p class="snippet" lang={deva > latin ? 'hi' : undefined}>
      {parts.map((s, i) => (i % 2 ? <mark key={i}>{String(s)}</mark> : String(s)))}
    </p>
  );
}

/* "Download (82.13 KB) pdf", named after the document for screen readers. */
export function DownloadLink({ doc }) {
  const f = doc.file;
  if (!fileHref(f)) return <span class="muted">No file</span>;
  return (
    <a class="download" href={downloadHref(f)} download>
      Download<span class="visually-hidden"> {doc.title}</span> ({f.size_text || sizeText(f.size || 0)}) {f.format || ''}
    </a>
  );
}

/* The state of a file's text extraction, for the Cell. */
export function TextStatus({ file }) {
  const s = file && file.text_status;
  if (s === 'done') return <span class="tag tag-ok">text: done</span>;
  if (s === 'pending') return <span class="tag tag-warn">text: pending</span>;
  if (s === 'failed') return <span class="tag tag-bad">text: failed</span>;
  return <span class="tag">text: none</span>;
}

export function DocStatusTags({ doc }) {
  return (
    <>
      {doc.status === 'withdrawn' && <span class="tag tag-bad">Withdrawn</span>}
      {doc.latest === false && <span class="tag tag-warn">Superseded</span>}
      {doc.visibility === 'restricted' && <span class="tag">Restricted</span>}
    </>
  );
}

/* [facets|null, error|null] of GET /documents/facets (what the caller may see). */
export function useFacets() {
  const [s, set] = useState([null, null]);
  useEffect(() => {
    let live = true;
    api('GET', '/documents/facets', { noAuthRedirect: true })
      .then((f) => live && set([f, null]), (e) => live && set([null, e]));
    return () => { live = false; };
  }, []);
  return s;
}

/* A valid document id in a path: a positive integer. */
export function validId(id) {
  return /^[1-9][0-9]{0,17}$/.test(String(id));
}
