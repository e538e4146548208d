// The library for the Cell: every document (active, withdrawn or all), filtered, searched and
// sorted by the server (GET /documents?status=&category=&visibility=&q=&sort=), paged. The
// filters and the order live in the URL so that Back and a shared link show the same list.

import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, Pager, DateTime } from '../lib/ui.jsx';
import { CATEGORIES, DocStatusTags, IssuedOn, TextStatus, categoryLabel, docHref } from '../lib/docs.jsx';

const LIMIT = 25;
const FILTERS = ['q', 'status', 'category', 'visibility'];
/* Columns the server sorts by; dates sort newest first on the first click. */
const SORTS = { title: 1, issued: -1, published: -1 };

export function Library({ query }) {
  const current = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) || '']));
  const offset = Math.max(0, parseInt(query.get('offset'), 10) || 0);
  const sort = query.get('sort') || '';
  const sortKey = sort.replace(/^-/, '');
  const sortDir = sort.startsWith('-') ? -1 : 1;
  const key = [...FILTERS.map((k) => current[k]), sort, offset].join('|');

  const [form, setForm] = useState(current);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [tick, setTick] = useState(0);

  useEffect(() => { setForm(current); }, [key]);

  useEffect(() => {
    let live = true;
    setError(null);
    const effectiveSort = sort || (current.q ? '' : '-published');
    api('GET', '/documents', { query: { ...current, status: current.status || 'all', sort: effectiveSort, limit: LIMIT, offset } })
      .then((r) => live && setData(r), (e) => live && (setError(e), setData(null)));
    return () => { live = false; };
  }, [key, tick]);

  // While a file's text is being extracted, look again every few seconds.
  const pending = data && (data.items || []).some((d) => d.file && d.file.text_status === 'pending');
  useEffect(() => {
    if (!pending) return undefined;
    const t = setTimeout(() => setTick((n) => n + 1), 3000);
    return () => clearTimeout(t);
  }, [pending, data]);

  function submit(e) {
    e.preventDefault();
    navigate(withQuery('/library', { ...form, q: form.q.trim(), sort }));
  }
  function page(o) {
    navigate(withQuery('/library', { ...current, sort, offset: o }));
  }
  function sortBy(k) {
    const first = SORTS[k] < 0 ? '-' + k : k;
    const next = sortKey === k ? (sortDir > 0 ? '-' + k : k) : first;
    navigate(withQuery('/library', { ...current, sort: next }));
  }
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });

  const items = data ? data.items || [] : [];
  const shownSort = sortKey || (current.q ? 'relevance' : 'published');
  const shownDir = sortKey ? sortDir : -1;
  const ariaSort = (k) => (shownSort === k ? (shownDir > 0 ? 'ascending' : 'descending') : undefined);
  // Called as a function, not used as a component, so that the button keeps focus across renders.
  const sortHead = (k, label) => (
    <th scope="col" key={k} aria-sort={ariaSort(k)}>
      <button type="button" class="sort" onClick={() => sortBy(k)}>{label}<SortIcon s={ariaSort(k)} /></button>
    </th>
  );
  const filtered = FILTERS.some((k) => current[k]);

  return (
    <Page title="Library" heading="Document library" wide
      lead="Every document of the Cell, including withdrawn and restricted ones. The public portal shows the public, active, latest versions."
      actions={<Link href="/library/upload" class="btn btn-primary">Upload a document</Link>}>
      <form class="filters" role="search" aria-label="Search the library" onSubmit={submit}>
        <div class="field">
          <label for="lib-q">Title, reference or text</label>
          <input id="lib-q" type="search" value={form.q} maxLength={200} autoComplete="off" onInput={set('q')} />
        </div>
        <div class="field field-narrow">
          <label for="lib-status">Status</label>
          <select id="lib-status" value={form.status} onChange={set('status')}>
            <option value="">All</option>
            <option value="active">Active</option>
            <option value="withdrawn">Withdrawn</option>
          </select>
        </div>
        <div class="field">
          <label for="lib-category">Category</label>
          <select id="lib-category" value={form.category} onChange={set('category')}>
            <option value="">All categories</option>
            {CATEGORIES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </select>
        </div>
        <div class="field field-narrow">
          <label for="lib-visibility">Visibility</label>
          <select id="lib-visibility" value={form.visibility} onChange={set('visibility')}>
            <option value="">All</option>
            <option value="public">Public</option>
            <option value="restricted">Restricted</option>
          </select>
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">Search</button>
          {filtered && <Link class="btn btn-secondary" href={withQuery('/library', { sort })}>Clear</Link>}
        </div>
      </form>

      <ErrorBox error={error} />
      {!data && !error && <Loading what="documents" />}
      {data && items.length === 0 && (
        <div class="empty-state">
          {filtered
            ? <p>No document matches this search.</p>
            : <p>The library is empty. <Link href="/library/upload">Upload the first document</Link>.</p>}
        </div>
      )}
      {data && items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="lib-caption">
          <table class="reflow data-table library-table">
            <caption id="lib-caption" class="visually-hidden">
              Documents, sorted by {shownSort}{shownDir < 0 && shownSort !== 'relevance' ? ', descending' : ''}
            </caption>
            <thead>
              <tr>
                {sortHead('title', 'Title')}
                <th scope="col">Category</th>
                {sortHead('issued', 'Issued')}
                {sortHead('published', 'Published')}
                <th scope="col">Status</th>
                <th scope="col">File</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} class={d.status === 'withdrawn' ? 'row-withdrawn' : undefined}>
                  <td data-label="Title" class="col-title">
                    <Link href={docHref(d.id)}>{d.title}</Link>
                    {d.reference && <span class="doc-meta">{d.reference}</span>}
                  </td>
                  <td data-label="Category">{categoryLabel(d)}</td>
                  <td data-label="Issued" class="nowrap"><IssuedOn value={d.issued_on} /></td>
                  <td data-label="Published" class="nowrap"><DateTime value={d.published_at} /></td>
                  <td data-label="Status">
                    <span class="tag-list">
                      {d.status !== 'withdrawn' && <span class="tag tag-ok">Active</span>}
                      <DocStatusTags doc={d} />
                    </span>
                  </td>
                  <td data-label="File">
                    <span class="tag-list">
                      <span class="nowrap">{(d.file && d.file.format || '').toUpperCase()} {d.file && d.file.size_text}</span>
                      <TextStatus file={d.file} />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pager total={data.total} limit={data.limit || LIMIT} offset={data.offset ?? offset} onPage={page} label="Pages of documents" />}
    </Page>
  );
}

function SortIcon({ s }) {
  return <span class="sort-icon" aria-hidden="true">{s === 'ascending' ? '▲' : s === 'descending' ? '▼' : '↕'}</span>;
}
