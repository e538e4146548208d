// Compliance of the States/UTs with the Cell's advisories (docs/api.md, "Advisory
// compliance"): the matrix of GET /api/v1/advisories/compliance, a row per State/UT and a
// column per advisory, each cell the State's latest report on it, coloured and marked by a
// symbol and a word (colour is never the only sign), with the legend, each advisory's
// counts under its header and the export as CSV, XLSX or PDF. A cell opens the advisory's
// page focused on that State (compliance-advisory.jsx), a State's name its record
// (compliance-state.jsx). A State user's matrix is its own row (the server's scope).
// The statuses, their chips and the addresses are shared with those two pages from here.

import { useEffect, useState } from 'preact/hooks';
import { api, useSession } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { Page, ErrorBox, Loading } from '../lib/ui.jsx';
import { IssuedOn } from '../lib/docs.jsx';
import { apiExportHref, isCell, isStateUser, national } from '../lib/meetings.jsx';

/* In the order the server lists them (src/compliance/api.c), then "not reported". */
export const STATUSES = [
  { value: 'not_started', label: 'Not started', sym: '○' },
  { value: 'in_progress', label: 'In progress', sym: '◐' },
  { value: 'complied', label: 'Complied', sym: '✓' },
  { value: 'not_applicable', label: 'Not applicable', sym: '⊘' },
];
export const NOT_REPORTED = { value: 'not_reported', label: 'Not reported', sym: '—' };

export function statusOf(value) {
  return STATUSES.find((x) => x.value === value) || NOT_REPORTED;
}

/* A status as a chip: its symbol and its word, coloured like the matrix's cells. */
export function StatusChip({ status }) {
  const s = statusOf(status);
  return (
    <span class={'tag cm-chip cm-' + s.value}>
      <span class="cm-sym" aria-hidden="true">{s.sym}</span> {s.label}
    </span>
  );
}

export function complianceHref(id, state) {
  return `/compliance/advisories/${encodeURIComponent(id)}` + (state ? `?state=${encodeURIComponent(state)}` : '');
}

export function stateRecordHref(lgd) {
  return `/compliance/states/${encodeURIComponent(lgd)}`;
}

/* A short header for an advisory: its title without "Advisory on", cut at a word. */
export function shortTitle(title) {
  let t = String(title || '').trim().replace(/^advisory\s+(on|regarding|for|about|to)\s+/i, '');
  t = t.charAt(0).toUpperCase() + t.slice(1);
  if (t.length <= 44) return t;
  const cut = t.slice(0, 44);
  const sp = cut.lastIndexOf(' ');
  return (sp > 24 ? cut.slice(0, sp) : cut).replace(/[\s,.;:()–-]+$/, '') + '…';
}

/* The export links of the matrix (?state= for one State's row). */
export function MatrixDownloads({ state, what }) {
  return (
    <p class="downloads">
      <span class="downloads-label">Download {what}:</span>
      {['csv', 'xlsx', 'pdf'].map((fmt) => (
        <a key={fmt} href={apiExportHref('/advisories/compliance', { state }, fmt)} download>
          {fmt.toUpperCase()}<span class="visually-hidden"> ({what}{fmt === 'pdf' ? ', printed' : ''})</span>
        </a>
      ))}
    </p>
  );
}

/* What the colours and the symbols mean. */
function Legend() {
  return (
    <ul class="cm-legend" aria-label="Key to the matrix">
      {[...STATUSES, NOT_REPORTED].map((s) => (
        <li key={s.value}><span class={'cm-swatch cm-' + s.value} aria-hidden="true">{s.sym}</span> {s.label}</li>
      ))}
    </ul>
  );
}

/* How many States/UTs are in each status, under an advisory's header. */
function Counts({ counts }) {
  const c = counts || {};
  return (
    <ul class="cm-counts">
      {[...STATUSES, NOT_REPORTED].map((s) => (
        <li key={s.value} class={'cm-count cm-' + s.value} title={`${c[s.value] || 0} ${s.label.toLowerCase()}`}>
          <span aria-hidden="true">{s.sym}</span>{c[s.value] || 0}<span class="visually-hidden"> {s.label.toLowerCase()}</span>
        </li>
      ))}
    </ul>
  );
}

export function ComplianceMatrix() {
  const s = useSession();
  const user = s.user;
  const nat = national(user);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let live = true;
    api('GET', '/advisories/compliance').then((r) => live && setData(r), (e) => live && setError(e));
    return () => { live = false; };
  }, []);

  const advisories = (data && data.advisories) || [];
  const states = (data && data.states) || [];
  const cellOf = new Map();
  for (const c of (data && data.cells) || []) cellOf.set(`${c.state_lgd}:${c.document_id}`, c);
  const own = !nat && states.length === 1 ? states[0] : null;

  return (
    <Page title="Compliance with the advisories" wide>
      <p class="lead">Each advisory of the Cell may ask actions of the States/UTs. Each State/UT reports its
        compliance, one report after another: the latest is its status.
        {advisories.length > 0 && (own
          ? <> You see the status of {own.name}{isStateUser(user) ? '; choose a cell to read the advisory’s actions and file a report' : ''}.</>
          : <> Choose a cell for the reports on that advisory, a State/UT for its record.</>)}</p>
      <ErrorBox error={error} />
      {!data && !error && <Loading what="the matrix" />}
      {data && advisories.length === 0 && (
        <div class="empty-state">
          <p>There is no advisory in the library yet. Once the Cell publishes one, the States/UTs report their
            compliance with it here.</p>
          {isCell(user) && <p><Link href="/library/upload">Upload an advisory to the library</Link></p>}
        </div>
      )}
      {data && advisories.length > 0 && states.length === 0 && (
        <div class="empty-state"><p>There is no State/UT in your reach.</p></div>
      )}
      {data && advisories.length > 0 && states.length > 0 && (
        <>
          <Legend />
          <div class="table-wrap cm-wrap" tabIndex={0} role="region" aria-labelledby="cm-caption">
            <table class="cm-table">
              <caption id="cm-caption" class="visually-hidden">
                Compliance with the advisories: a row per State/UT, a column per advisory, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col" class="cm-corner">State/UT</th>
                  {advisories.map((a) => (
                    <th scope="col" key={a.id} class="cm-adv">
                      <Link href={complianceHref(a.id)} class="cm-adv-title" title={a.title}>
                        <span aria-hidden="true">{shortTitle(a.title)}</span>
                        <span class="visually-hidden">{a.title}</span>
                      </Link>
                      <span class="cm-adv-date">{a.issued_on ? <IssuedOn value={a.issued_on} /> : 'Date not given'}</span>
                      {!own && <Counts counts={a.counts} />}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {states.map((st) => (
                  <tr key={st.lgd}>
                    <th scope="row" class="cm-state"><Link href={stateRecordHref(st.lgd)}>{st.name}</Link></th>
                    {advisories.map((a) => {
                      const c = cellOf.get(`${st.lgd}:${a.id}`);
                      const x = statusOf(c && c.status);
                      return (
                        <td key={a.id} class={'cm-cell cm-' + x.value}>
                          <Link href={complianceHref(a.id, st.lgd)} class="cm-link"
                            title={`${st.name}: ${x.label.toLowerCase()}${c && c.reported_on ? ` (${c.reported_on})` : ''} — ${a.title}`}>
                            <span class="cm-line">
                              <span class="cm-sym" aria-hidden="true">{x.sym}</span>
                              <span class={c ? 'cm-word' : 'visually-hidden'}>{x.label}</span>
                            </span>
                            <span class="visually-hidden">: {st.name}, {a.title}</span>
                            {c && c.reported_on && <span class="cm-date"><IssuedOn value={c.reported_on} /></span>}
                          </Link>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <MatrixDownloads state={own ? own.lgd : ''} what={own ? `the status of ${own.name}` : 'the matrix'} />
        </>
      )}
    </Page>
  );
}
