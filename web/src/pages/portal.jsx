// The public portal: the library grouped the way the Cell's own page shows it (group,
// then newest first: GET /documents?sort=portal), and search. The search and its filters
// live in the URL (/?q=…&category=…&offset=…) so that a search can be linked and Back works.
// It is the home page of visitors (base "/") and the Documents page of signed-in users
// (base "/documents", which also lists restricted documents).

import { useEffect, useState } from 'preact/hooks';
import { api, useSession } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, Pager } from '../lib/ui.jsx';
import {
  DownloadLink, DocStatusTags, IssuedOn, Snippet, categoryLabel, docHref, languageLabel, useFacets,
} from '../lib/docs.jsx';

const LIMIT = 20;
const BROWSE_LIMIT = 500;
const FILTERS = ['category', 'year', 'language', 'group'];
export const FEED_URL = '/api/v1/documents/feed';

export function Portal({ base, query }) {
  const s = useSession();
  const q = query.get('q') || '';
  const current = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) || '']));
  const offset = Math.max(0, parseInt(query.get('offset'), 10) || 0);
  const searching = !!(q || FILTERS.some((k) => current[k]));
  const key = [q, ...FILTERS.map((k) => current[k]), offset].join('|');

  const [form, setForm] = useState({ q, ...current });
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [facets] = useFacets();
  useFeedLink();

  useEffect(() => { setForm({ q, ...current }); }, [key]);

  useEffect(() => {
    let live = true;
    setError(null);
    setData(null);
    const query = searching
      ? { q, ...current, limit: LIMIT, offset }
      : { sort: 'portal', limit: BROWSE_LIMIT };
    api('GET', '/documents', { query, noAuthRedirect: true })
      .then((r) => live && setData(r), (e) => live && setError(e));
    return () => { live = false; };
  }, [key]);

  function submit(e) {
    e.preventDefault();
    navigate(withQuery(base, { q: form.q.trim(), ...Object.fromEntries(FILTERS.map((k) => [k, form[k]])) }));
  }
  function page(o) {
    navigate(withQuery(base, { q, ...current, offset: o }));
  }

  const title = searching ? (q ? `Search: ${q}` : 'Search results') : base === '/' ? '' : 'Documents';
  const cell = s.status === 'signed-in' && s.user.role === 'cell';
  return (
    <Page title={title} heading="Anti Trafficking Cell — Documents" wide
      actions={cell ? <Link href="/library" class="btn btn-secondary">Manage the library</Link> : null}>
      <p class="lead">Advisories, standard operating procedures, minutes, guidelines and reports
        issued by the Anti Trafficking Cell for the States and Union Territories.</p>
      <SearchForm form={form} setForm={setForm} facets={facets} onSubmit={submit} searching={searching} base={base}
        filtered={FILTERS.some((k) => current[k])} />
      <p class="portal-links">
        <span>
          <a class="feed-link" href={FEED_URL} type="application/atom+xml">Atom feed</a>
          <span class="muted"> of newly published documents</span>
        </span>
        <Link href="/directory" class="directory-link">Directory of the State/UT nodal officers</Link>
      </p>
      <ErrorBox error={error} />
      {!data && !error && <Loading what="documents" />}
      {data && searching && <Results data={data} q={q} offset={offset} onPage={page} base={base} />}
      {data && !searching && <Library data={data} />}
      {s.status !== 'signed-in' && (
        <aside class="card card-help portal-help" aria-labelledby="help-h">
          <h2 id="help-h">If someone is in danger now</h2>
          <p>Call <strong>112</strong>, the national emergency number. For a child who needs
            care and protection, call <strong>1098</strong>.</p>
        </aside>
      )}
    </Page>
  );
}

/* <link rel="alternate"> to the Atom feed while the portal shows, for feed readers. */
function useFeedLink() {
  useEffect(() => {
    const link = document.createElement('link');
    link.rel = 'alternate';
    link.type = 'application/atom+xml';
    link.title = 'Anti Trafficking Cell — new documents';
    link.href = FEED_URL;
    document.head.appendChild(link);
    return () => link.remove();
  }, []);
}

function SearchForm({ form, setForm, facets, onSubmit, searching, base, filtered }) {
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const f = facets || {};
  // Called as a function, not used as a component, so that a select keeps focus across renders.
  const select = (k, label, anyLabel, options) => (
    <div class="field" key={k}>
      <label for={'portal-' + k}>{label}</label>
      <select id={'portal-' + k} value={form[k]} onChange={set(k)}>
        <option value="">{anyLabel}</option>
        {form[k] && !options.some((o) => o.value === form[k]) && <option value={form[k]}>{form[k]}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
  return (
    <form class="portal-search" role="search" aria-label="Document search" onSubmit={onSubmit}>
      <div class="field">
        <label for="portal-q">Search the documents</label>
        <p class="hint" id="portal-q-hint">Words, "a phrase", a number such as 370A, a date such as
          30.04.2012, or Hindi.</p>
        <div class="input-with-buttons">
          <input id="portal-q" type="search" value={form.q} maxLength={200} autoComplete="off"
            aria-describedby="portal-q-hint" onInput={set('q')} />
          <button type="submit" class="btn btn-primary">Search</button>
        </div>
      </div>
      <details class="portal-filters" open={filtered || undefined}>
        <summary>Filter by category, year, language or group</summary>
        <div class="filter-row">
          {select('category', 'Category', 'All categories',
            (f.categories || []).map((c) => ({ value: c.name, label: `${c.label || c.name} (${c.count})` })))}
          {select('year', 'Year of issue', 'All years',
            [...(f.years || [])].sort((a, b) => b.year - a.year).map((y) => ({ value: String(y.year), label: `${y.year} (${y.count})` })))}
          {select('language', 'Language', 'All languages',
            (f.languages || []).map((l) => ({ value: l.name, label: `${languageLabel(l.name)} (${l.count})` })))}
          {select('group', 'Group', 'All groups',
            (f.groups || []).map((g) => ({ value: g.name, label: `${g.name} (${g.count})` })))}
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">Apply filters</button>
        </div>
      </details>
      {searching && <p class="portal-clear"><Link href={base}>Clear the search and show all documents</Link></p>}
    </form>
  );
}

/* The whole library, one numbered table per group, in the server's order. */
function Library({ data }) {
  const items = data.items || [];
  if (items.length === 0) {
    return (
      <div class="empty-state">
        <p>No documents have been published yet.</p>
      </div>
    );
  }
  const groups = [];
  const byName = new Map();
  for (const d of items) {
    const name = d.group || 'Other documents';
    if (!byName.has(name)) {
      const g = { name, items: [] };
      byName.set(name, g);
      groups.push(g);
    }
    byName.get(name).items.push(d);
  }
  return (
    <>
      {data.total > items.length && (
        <p class="msg msg-warn">The first {items.length} of {data.total} documents are listed. Search to find the others.</p>
      )}
      {groups.map((g, gi) => (
        <section class="doc-group" key={g.name} aria-labelledby={'group-' + gi}>
          <h2 id={'group-' + gi}>{g.name}</h2>
          <div class="table-wrap">
            <table class="portal-table">
              <thead>
                <tr>
                  <th scope="col" class="col-sr">SR-No</th>
                  <th scope="col">Title</th>
                  <th scope="col" class="col-dl">Download</th>
                </tr>
              </thead>
              <tbody>
                {g.items.map((d, i) => (
                  <tr key={d.id}>
                    <td class="col-sr">{i + 1}</td>
                    <td class="col-title">
                      <Link href={docHref(d.id)}>{d.title}</Link>
                      {d.title_hi && <span class="title-hi" lang="hi">{d.title_hi}</span>}
                      <span class="doc-meta">
                        {categoryLabel(d)}
                        {d.issued_on && <> · <IssuedOn value={d.issued_on} /></>}
                        {' '}<DocStatusTags doc={d} />
                      </span>
                    </td>
                    <td class="col-dl"><DownloadLink doc={d} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

/* Ranked search results with their snippets. */
function Results({ data, q, offset, onPage, base }) {
  const items = data.items || [];
  const total = data.total || 0;
  if (items.length === 0) {
    return (
      <div class="empty-state" role="status">
        <h2>{q ? `No documents match “${q}”` : 'No documents match these filters'}</h2>
        <p>Check the spelling, use fewer or other words, or remove a filter. You can search for
          a number such as 370A or a date of issue such as 30.04.2012; the last word also finds
          words that begin with it.</p>
        <p><Link href={base}>Show all documents</Link></p>
      </div>
    );
  }
  return (
    <section aria-labelledby="results-h">
      <h2 id="results-h" class="results-heading">
        {total === 1 ? '1 document matches' : `${total} documents match`}
        {q ? ` “${q}”` : ' the filters'}
      </h2>
      <ol class="results" start={offset + 1}>
        {items.map((d) => (
          <li class="result" key={d.id}>
            <h3 class="result-title"><Link href={docHref(d.id)}>{d.title}</Link></h3>
            {d.title_hi && <p class="title-hi" lang="hi">{d.title_hi}</p>}
            <Snippet parts={d.snippet} />
            <p class="doc-meta">
              {categoryLabel(d)}
              {d.issued_on && <> · <IssuedOn value={d.issued_on} /></>}
              {d.language && <> · {languageLabel(d.language)}</>}
              {d.group && <> · {d.group}</>}
              {' '}<DocStatusTags doc={d} />
            </p>
            <p class="result-download"><DownloadLink doc={d} /></p>
          </li>
        ))}
      </ol>
      <Pager total={total} limit={data.limit || LIMIT} offset={data.offset ?? offset} onPage={onPage} label="Pages of results" />
    </section>
  );
}
