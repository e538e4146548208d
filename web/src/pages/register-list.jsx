// The list of a register's records (GET /api/v1/{name}?q=&state=&current=&sort=), drawn
// from the register's description: its columns are the fields marked `column` that the
// reader may see, with the State/UT and, for registers of terms, the term. The filters and
// the order live in the URL (/registers/officers?state=21&earlier=1&sort=-from) so that
// Back and a shared link show the same list; the same query downloads as CSV, XLSX or PDF.
// Fields marked `filter` (an enum) get a select (?status=suspended); a date field marked
// `range` gets a "lapses within 30 days" toggle (?licence_valid_to_within=30); an int field
// marked `filter` a number box (?year=2026). A register's entry in modules.js may add
// `tools` (buttons that POST to the API: the Cell makes the Compendium) and `see` (links to
// related registers).
// Also: /registers, the index of the registers.

import { useEffect, useState } from 'preact/hooks';
import { api, useSession } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, Notice, Pager } from '../lib/ui.jsx';
import { registerModule } from '../modules.js';
import { useStates } from '../lib/geo.js';
import {
  Day, FieldValue, capitalize, choiceLabel, exportHref, mayWrite, recordTitle, registerHref, recordsPath, useRegister,
  useRegisters, visibleFields, withArticle,
} from '../lib/registers.jsx';
import { NotFound } from './misc.jsx';

const LIMIT = 50;
/* Columns sorted newest first on the first click. */
const DESC_FIRST = new Set(['from', 'updated']);
/* The days of a range field's "within" toggle. */
const WITHIN = '30';

/* "Licence lapses within 30 days" for "Licence valid to"; "LABEL within the next 30 days" for another date. */
export function withinLabel(field) {
  if (/ valid (to|till|until)$/i.test(field.label)) return `${field.label.replace(/ valid (to|till|until)$/i, '')} lapses within ${WITHIN} days`;
  return `${field.label} within the next ${WITHIN} days`;
}

export function RegisterList({ name, query }) {
  const [schema, schemaErr] = useRegister(name);
  if (schemaErr && schemaErr.status === 404) return <NotFound />;
  if (!schema) {
    return (
      <Page title="Register">
        <ErrorBox error={schemaErr} />
        {!schemaErr && <Loading what="the register" />}
      </Page>
    );
  }
  return <List schema={schema} query={query} />;
}

function List({ schema, query }) {
  const s = useSession();
  const user = s.user;
  const name = schema.name;
  const base = registerHref(name);
  const national = user.jurisdiction === 'national';
  // A register of the national level (the Cell's calls for nominations) has no State/UT.
  const stateless = schema.level === 'national';
  const q = query.get('q') || '';
  const state = national ? query.get('state') || '' : '';
  const earlier = schema.terms && query.get('earlier') === '1';
  const sort = query.get('sort') || '';
  const offset = Math.max(0, parseInt(query.get('offset'), 10) || 0);
  const sortKey = sort.replace(/^-/, '');
  const sortDir = sort.startsWith('-') ? -1 : 1;
  // Filters by value (enum fields marked `filter`) and the range toggle (a date field marked `range`).
  const shownFields = visibleFields(schema, user);
  const filterFields = shownFields.filter((f) => f.filter && (f.type === 'enum' || f.type === 'int'));
  const filters = Object.fromEntries(filterFields.map((f) => {
    const v = query.get(f.name) || '';
    if (f.type === 'int') return [f.name, /^\d{1,9}$/.test(v) && +v >= (f.min ?? 0) && +v <= (f.max ?? 1e9) ? v : ''];
    return [f.name, (f.choices || []).some((c) => c.value === v) ? v : ''];
  }));
  const rangeField = shownFields.find((f) => f.range && f.type === 'date') || null;
  const rangeKey = rangeField ? `${rangeField.name}_within` : null;
  const within = rangeKey && query.get(rangeKey) === WITHIN ? WITHIN : '';
  const extra = { ...filters, ...(rangeKey ? { [rangeKey]: within } : {}) };
  const key = [name, q, state, earlier, sort, offset, JSON.stringify(extra)].join('|');

  const [form, setForm] = useState({ q, state, ...filters });
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [states] = useStates();

  useEffect(() => { setForm({ q, state, ...filters }); }, [key]);

  // What the server is asked, for the list and for its downloads.
  const listQuery = { q, state, current: earlier ? 0 : undefined, sort, ...extra };
  useEffect(() => {
    let live = true;
    setError(null);
    api('GET', recordsPath(name), { query: { ...listQuery, limit: LIMIT, offset } })
      .then((r) => live && setData(r), (e) => live && (setError(e), setData(null)));
    return () => { live = false; };
  }, [key]);

  const urlOf = (over) => withQuery(base, { q, state, earlier: earlier ? '1' : '', sort, ...extra, ...over });
  const formFilters = () => Object.fromEntries(filterFields.map((f) => [f.name, form[f.name] || '']));
  function submit(e) {
    e.preventDefault();
    navigate(urlOf({ q: form.q.trim(), state: form.state, ...formFilters(), offset: 0 }));
  }
  function page(o) { navigate(urlOf({ offset: o })); }
  function sortBy(k) {
    const first = DESC_FIRST.has(k) ? '-' + k : k;
    const next = sortKey === k ? (sortDir > 0 ? '-' + k : k) : first;
    navigate(urlOf({ sort: next, offset: 0 }));
  }
  function toggleEarlier(e) {
    navigate(urlOf({ q: form.q.trim(), state: form.state, ...formFilters(), earlier: e.currentTarget.checked ? '1' : '', offset: 0 }));
  }
  function toggleWithin(e) {
    navigate(urlOf({ q: form.q.trim(), state: form.state, ...formFilters(), [rangeKey]: e.currentTarget.checked ? WITHIN : '', offset: 0 }));
  }

  const fields = shownFields.filter((f) => f.column);
  const linkField = fields.find((f) => f.name === schema.title_field) || fields.find((f) => f.required) || fields[0];
  const shownSort = sortKey || schema.default_sort || 'state';
  const shownDir = sortKey ? sortDir : 1;
  const ariaSort = (k) => (shownSort === k ? (shownDir > 0 ? 'ascending' : 'descending') : undefined);
  // Called as a function, not used as a component, so that the button keeps focus across renders.
  const head = (k, label, sortable) => (sortable
    ? <th scope="col" key={k} aria-sort={ariaSort(k)}>
        <button type="button" class="sort" onClick={() => sortBy(k)}>{label}<SortIcon s={ariaSort(k)} /></button>
      </th>
    : <th scope="col" key={k}>{label}</th>);
  const sortLabel = shownSort === 'state' ? 'State/UT' : shownSort === 'from' ? 'start of term'
    : shownSort === 'updated' ? 'last change' : ((schema.fields || []).find((f) => f.name === shownSort) || {}).label || shownSort;

  const items = data ? data.items || [] : [];
  const filtered = !!(q || state || Object.values(extra).some(Boolean));
  const activeDesc = [
    ...filterFields.filter((f) => filters[f.name]).map((f) => `${f.label}: ${f.type === 'enum' ? choiceLabel(f, filters[f.name]) : filters[f.name]}`),
    ...(within ? [withinLabel(rangeField).toLowerCase()] : []),
  ].join('; ');
  const writer = mayWrite(name, user);
  const addLabel = schema.terms ? `Appoint ${withArticle(schema.label_one)}` : `Add ${withArticle(schema.label_one)}`;
  const addHref = registerHref(name, 'new') + (state ? `?state=${encodeURIComponent(state)}` : '');
  const stateName = !national && user.state_lgd && states ? (states.find((x) => x.lgd === user.state_lgd) || {}).name : null;
  const mod = registerModule(name) || {};
  const tools = (mod.tools || []).filter((t) => !t.roles || t.roles.includes(user.role));

  return (
    <Page title={schema.label} wide
      actions={writer ? <Link href={addHref} class="btn btn-primary">{addLabel}</Link> : null}>
      <p class="lead">
        {schema.terms && schema.level === 'state'
          ? <>One {schema.label_one} per State/UT at a time: appointing a new one ends the term of the one before. Every change is kept in the record's history.</>
          : <>{schema.title}. Every change is kept in the record's history.</>}
        {stateName && <> You see the records of {stateName}.</>}
        {mod.see && mod.see.length > 0 && <> See also: {mod.see.map((x, i) => (
          <span key={x.href}>{i > 0 && '; '}<Link href={x.href}>{x.label}</Link></span>
        ))}.</>}
      </p>
      {tools.map((t) => <Tool key={t.label} tool={t} />)}
      <form class="filters" role="search" aria-label={`Search the ${schema.label.toLowerCase()}`} onSubmit={submit}>
        <div class="field">
          <label for="reg-q">Search</label>
          <input id="reg-q" type="search" value={form.q} maxLength={200} autoComplete="off"
            onInput={(e) => setForm({ ...form, q: e.currentTarget.value })} />
        </div>
        {national && !stateless && (
          <div class="field">
            <label for="reg-state">State/UT</label>
            <select id="reg-state" value={form.state} onChange={(e) => setForm({ ...form, state: e.currentTarget.value })}>
              <option value="">All States/UTs</option>
              {form.state && !states && <option value={form.state}>State/UT {form.state}</option>}
              {(states || []).map((x) => <option key={x.lgd} value={String(x.lgd)}>{x.name}</option>)}
            </select>
          </div>
        )}
        {filterFields.map((f) => (f.type === 'int'
          ? <div class="field field-narrow" key={f.name}>
              <label for={'reg-f-' + f.name}>{f.label}</label>
              <input id={'reg-f-' + f.name} type="number" inputMode="numeric" min={f.min} max={f.max} step={1}
                value={form[f.name] || ''} onInput={(e) => setForm({ ...form, [f.name]: e.currentTarget.value })} />
            </div>
          : <div class="field field-narrow-select" key={f.name}>
            <label for={'reg-f-' + f.name}>{f.label}</label>
            <select id={'reg-f-' + f.name} value={form[f.name] || ''} onChange={(e) => setForm({ ...form, [f.name]: e.currentTarget.value })}>
              <option value="">Any {f.label.toLowerCase()}</option>
              {(f.choices || []).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
            </select>
          </div>
        ))}
        {schema.terms && (
          <div class="field field-check">
            <label class="check">
              <input type="checkbox" checked={earlier} onChange={toggleEarlier} />
              <span>Show earlier terms</span>
            </label>
          </div>
        )}
        {rangeField && (
          <div class="field field-check">
            <label class="check">
              <input type="checkbox" checked={!!within} onChange={toggleWithin} />
              <span>{withinLabel(rangeField)}</span>
            </label>
          </div>
        )}
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">Search</button>
          {filtered && <Link class="btn btn-secondary" href={withQuery(base, { earlier: earlier ? '1' : '', sort })}>Clear</Link>}
        </div>
      </form>

      <ErrorBox error={error} />
      {!data && !error && <Loading what={schema.label.toLowerCase()} />}
      {data && items.length === 0 && (
        <div class="empty-state">
          {filtered
            ? <p>No {schema.label_one} matches this search{earlier ? '' : schema.terms ? ' among the present holders' : ''}{activeDesc && <> ({activeDesc})</>}.
                {schema.terms && !earlier && <> <Link href={urlOf({ earlier: '1', offset: 0 })}>Search the earlier terms too</Link>.</>}</p>
            : <p>No {schema.label_one} has been entered yet.
                {writer && <> <Link href={addHref}>{capitalize(addLabel)}</Link>.</>}</p>}
        </div>
      )}
      {data && items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="reg-caption">
          <table class="reflow data-table register-table">
            <caption id="reg-caption" class="visually-hidden">
              {schema.label}{earlier ? ', with earlier terms' : ''}, sorted by {sortLabel}{shownDir < 0 ? ', descending' : ''}
            </caption>
            <thead>
              <tr>
                {!stateless && head('state', 'State/UT', true)}
                {schema.level === 'district' && head('district', 'District', false)}
                {fields.map((f) => head(f.name, f.label, f.sortable))}
                {schema.terms && head('from', earlier ? 'From – To' : 'From', true)}
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} class={schema.terms && r.to ? 'row-ended' : undefined}>
                  {!stateless && <td data-label="State/UT">{r.state || '—'}</td>}
                  {schema.level === 'district' && <td data-label="District">{r.district || '—'}</td>}
                  {fields.map((f) => (
                    <td key={f.name} data-label={f.label} class={'col-' + f.type}>
                      {f === linkField
                        ? <Link href={registerHref(name, r.id)} class="record-link">{r[f.name] ? String(r[f.name]) : recordTitle(schema, r)}</Link>
                        : schema.workflow && f.name === schema.workflow.status_field && r[f.name]
                          ? <span class={'tag status-' + r[f.name]}>{choiceLabel(f, r[f.name])}</span>
                          : <FieldValue field={f} value={r[f.name]} />}
                    </td>
                  ))}
                  {schema.terms && !earlier && <td data-label="From" class="nowrap"><Day value={r.from} /></td>}
                  {earlier && (
                    <td data-label="From – To" class="col-term">
                      <span><span class="nowrap"><Day value={r.from} /> –</span>{' '}
                        {r.to ? <span class="nowrap"><Day value={r.to} /></span> : <span class="tag tag-ok">Current</span>}</span>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.total > 0 && <Pager total={data.total} limit={data.limit || LIMIT} offset={data.offset ?? offset} onPage={page}
        label={`Pages of ${schema.label.toLowerCase()}`} />}
      {data && items.length > 0 && (
        <p class="downloads">
          <span class="downloads-label">Download this list:</span>
          {['csv', 'xlsx', 'pdf'].map((fmt) => (
            <a key={fmt} href={exportHref(name, listQuery, fmt)} download>
              {fmt.toUpperCase()}<span class="visually-hidden"> ({schema.label.toLowerCase()}{fmt === 'pdf' ? ', printed list' : ''})</span>
            </a>
          ))}
          <span class="muted">{schema.public ? 'The printed PDF shows the public fields only.' : ''}</span>
        </p>
      )}
    </Page>
  );
}

/*
 * A register's tool: a POST to the API, asked for once more before it is sent (it makes
 * something others will see, such as the Compendium in the library). What it made, when the
 * answer names a document, is linked.
 */
function Tool({ tool }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  async function go() {
    setBusy(true); setError(null); setDone(null);
    try {
      const r = await api('POST', tool.post, { body: {} });
      setAsking(false);
      setDone(r);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const doc = done && done.document;
  return (
    <div class="register-tool">
      <ErrorBox error={error} />
      {done && (
        <Notice message={doc
          ? <>Done: <Link href={`/documents/${encodeURIComponent(doc.id)}`}>{doc.title || 'the document'}</Link>
              {done.practices !== undefined && <>, with {done.practices} {done.practices === 1 ? 'practice' : 'practices'}</>}, is in the library.</>
          : 'Done.'} />
      )}
      {!asking && <button type="button" class="btn btn-secondary" onClick={() => { setAsking(true); setDone(null); }}>{tool.label}…</button>}
      {asking && (
        <div class="msg msg-info tool-confirm" role="group" aria-label={tool.label}>
          <p>{tool.confirm || `${tool.label}?`}</p>
          <div class="form-actions">
            <button type="button" class="btn btn-primary" disabled={busy} onClick={go}>{busy ? 'Working…' : tool.label}</button>
            <button type="button" class="btn btn-secondary" disabled={busy} onClick={() => setAsking(false)}>Cancel</button>
          </div>
        </div>
      )}
    </div>
  );
}

function SortIcon({ s }) {
  return <span class="sort-icon" aria-hidden="true">{s === 'ascending' ? '▲' : s === 'descending' ? '▼' : '↕'}</span>;
}

/* /registers: every register the caller may read. */
export function RegisterIndex() {
  const [items, error] = useRegisters();
  return (
    <Page title="Registers" lead="Records the Cell keeps, each described once: lists, records with their history, and forms.">
      <ErrorBox error={error} />
      {!items && !error && <Loading what="the registers" />}
      {items && items.length === 0 && <div class="empty-state"><p>There is no register yet.</p></div>}
      {items && items.length > 0 && (
        <ul class="cards module-cards">
          {items.map((r) => (
            <li class="card" key={r.name}>
              <h2><Link href={registerHref(r.name)}>{r.label}</Link></h2>
              <p>{r.title}</p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
