// The public's side of two registers, as the Cell publishes them: the best practices of the
// States' police (/practices: search by any word of the text, filter by theme and State/UT;
// /practices/ID: one practice in full) and the awardees of the awards for outstanding
// anti-trafficking work (/awards, by year, with the calls for nominations still open). Every
// list is asked for without the session cookie (`anonymous`), so that a signed-in officer
// sees what the public sees: only published practices and awarded nominations, and only
// their public fields. The search lives in the URL (/practices?q=…&theme=…&offset=…).

import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, Pager } from '../lib/ui.jsx';
import { useStates } from '../lib/geo.js';
import { Day, choiceLabel, useRegister, validRecordId } from '../lib/registers.jsx';

const LIMIT = 20;
const EXCERPT = 320;

/* The first words of a long text, cut at a word. */
function excerpt(text) {
  const t = String(text || '').replace(/\s+/g, ' ').trim();
  if (t.length <= EXCERPT) return t;
  const cut = t.slice(0, EXCERPT);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT - 40)) + ' …';
}

/* The newest Compendium in the library: [document|null|false (none), error]. */
function useCompendium() {
  const [s, set] = useState([null, null]);
  useEffect(() => {
    let live = true;
    api('GET', '/documents', { anonymous: true, query: { category: 'compendium', sort: '-published', limit: 1 } })
      .then((r) => live && set([(r.items || [])[0] || false, null]), (e) => live && set([false, e]));
    return () => { live = false; };
  }, []);
  return s;
}

function CompendiumLink() {
  const [doc] = useCompendium();
  if (!doc) return null;
  return (
    <p class="portal-links">
      <Link href={`/documents/${encodeURIComponent(doc.id)}`}>{doc.title}</Link>
      <span class="muted"> — every published practice in one PDF.</span>
    </p>
  );
}

export function PublicPractices({ query }) {
  const [schema, schemaErr] = useRegister('practices');
  const [states] = useStates();
  const q = query.get('q') || '';
  const themeField = schema ? (schema.fields || []).find((f) => f.name === 'theme') : null;
  const themeAsked = query.get('theme') || '';
  const theme = themeField && (themeField.choices || []).some((c) => c.value === themeAsked) ? themeAsked : '';
  const state = /^\d{1,6}$/.test(query.get('state') || '') ? query.get('state') : '';
  const offset = Math.max(0, parseInt(query.get('offset'), 10) || 0);
  const key = [q, theme, state, offset, !!schema].join('|');
  const [form, setForm] = useState({ q, theme, state });
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => { setForm({ q, theme, state }); }, [key]);
  useEffect(() => {
    if (!schema) return undefined;
    let live = true;
    setError(null);
    api('GET', '/practices', { anonymous: true, query: { q, theme, state, sort: 'state', limit: LIMIT, offset } })
      .then((r) => live && setData(r), (e) => live && (setError(e), setData(null)));
    return () => { live = false; };
  }, [key]);

  function submit(e) {
    e.preventDefault();
    navigate(withQuery('/practices', { q: form.q.trim(), theme: form.theme, state: form.state }));
  }
  const items = data ? data.items || [] : [];
  const filtered = !!(q || theme || state);
  return (
    <Page title="Best practices" heading="Best practices against human trafficking" wide>
      <p class="lead">What the police of the States and Union Territories have done that worked — rescues,
        investigations, prosecutions, prevention — with its results, as reviewed and published by the
        Anti Human Trafficking Cell.</p>
      <CompendiumLink />
      <ErrorBox error={schemaErr} />
      <form class="filters" role="search" aria-label="Search the best practices" onSubmit={submit}>
        <div class="field">
          <label for="bp-q">Search</label>
          <input id="bp-q" type="search" value={form.q} maxLength={200} autoComplete="off"
            onInput={(e) => setForm({ ...form, q: e.currentTarget.value })} />
        </div>
        <div class="field field-narrow-select">
          <label for="bp-theme">Theme</label>
          <select id="bp-theme" value={form.theme} onChange={(e) => setForm({ ...form, theme: e.currentTarget.value })}>
            <option value="">Any theme</option>
            {((themeField && themeField.choices) || []).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="bp-state">State/UT</label>
          <select id="bp-state" value={form.state} onChange={(e) => setForm({ ...form, state: e.currentTarget.value })}>
            <option value="">All States/UTs</option>
            {(states || []).map((x) => <option key={x.lgd} value={String(x.lgd)}>{x.name}</option>)}
          </select>
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">Search</button>
          {filtered && <Link class="btn btn-secondary" href="/practices">Clear</Link>}
        </div>
      </form>
      <ErrorBox error={error} />
      {schema && !data && !error && <Loading what="the best practices" />}
      {data && items.length === 0 && (
        <div class="empty-state" role="status">
          {filtered
            ? <p>No published practice matches this search. <Link href="/practices">See every practice</Link></p>
            : <p>No practice has been published yet.</p>}
        </div>
      )}
      {data && items.length > 0 && (
        <>
          <p class="results-heading" role="status">{data.total === 1 ? '1 practice' : `${data.total} practices`}{filtered ? ' found' : ''}</p>
          <ul class="practice-list">
            {items.map((p) => (
              <li key={p.id} class="practice-card">
                <h2><Link href={`/practices/${encodeURIComponent(p.id)}`}>{p.title}</Link></h2>
                <p class="doc-meta">
                  <span>{p.state}</span>
                  {p.districts && <span> · {p.districts}</span>}
                  {themeField && p.theme && <span> · <span class="tag">{choiceLabel(themeField, p.theme)}</span></span>}
                  {p.period && <span> · {p.period}</span>}
                </p>
                <p class="practice-excerpt">{excerpt(p.results || p.action)}</p>
              </li>
            ))}
          </ul>
        </>
      )}
      {data && <Pager total={data.total} limit={data.limit || LIMIT} offset={data.offset ?? offset}
        onPage={(o) => navigate(withQuery('/practices', { q, theme, state, offset: o }))} label="Pages of best practices" />}
    </Page>
  );
}

export function PublicPractice({ id }) {
  const [schema] = useRegister('practices');
  const valid = validRecordId(id);
  const [rec, setRec] = useState(null);
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(!valid);
  useEffect(() => {
    if (!valid) { setMissing(true); return undefined; }
    let live = true;
    setRec(null); setMissing(false); setError(null);
    api('GET', `/practices/${encodeURIComponent(id)}`, { anonymous: true }).then(
      (r) => live && setRec(r),
      (e) => { if (!live) return; if (e.status === 404) setMissing(true); else setError(e); },
    );
    return () => { live = false; };
  }, [id]);
  const back = <Link href="/practices">All best practices</Link>;
  if (missing) {
    return (
      <Page title="Practice not found" heading="This practice is not published" back={back}>
        <div class="empty-state"><p>There is no published practice at this address. <Link href="/practices">See the best practices</Link></p></div>
      </Page>
    );
  }
  if (!rec) {
    return <Page title="Best practice" back={back}><ErrorBox error={error} />{!error && <Loading what="the practice" />}</Page>;
  }
  const field = (n) => schema && (schema.fields || []).find((f) => f.name === n);
  const themeField = field('theme');
  const sections = ['problem', 'action', 'results'].filter((k) => rec[k]);
  return (
    <Page title={rec.title} back={back}>
      <p class="record-kind">Best practice of {rec.state}{rec.districts && <> — {rec.districts}</>}</p>
      <dl class="facts">
        {rec.theme && <><dt>Theme</dt><dd>{themeField ? choiceLabel(themeField, rec.theme) : rec.theme}</dd></>}
        {rec.period && <><dt>Period</dt><dd>{rec.period}</dd></>}
        {rec.contact && <><dt>Contact</dt><dd>{rec.contact}</dd></>}
      </dl>
      {sections.map((k) => (
        <section key={k} aria-labelledby={`bp-${k}-h`}>
          <h2 id={`bp-${k}-h`}>{(field(k) || { label: k }).label}</h2>
          <p class="value-lines">{rec[k]}</p>
        </section>
      ))}
      <CompendiumLink />
    </Page>
  );
}

/* The awardees, newest year first; the calls still open. */
export function PublicAwards() {
  const [data, setData] = useState(null);
  const [calls, setCalls] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    Promise.all([
      api('GET', '/nominations', { anonymous: true, query: { sort: '-year', limit: 500 } }),
      api('GET', '/award-calls', { anonymous: true, query: { status: 'open', sort: '-year', limit: 50 } }),
    ]).then(([n, c]) => { if (live) { setData(n); setCalls(c.items || []); } }, (e) => live && setError(e));
    return () => { live = false; };
  }, []);
  const items = data ? data.items || [] : [];
  const years = [...new Set(items.map((r) => r.year))].sort((a, b) => b - a);
  return (
    <Page title="Awards" heading="Awards for outstanding anti-trafficking work" wide>
      <p class="lead">Police officers and units whose work against human trafficking the Anti Human
        Trafficking Cell has recognised, on the nomination of their State or Union Territory.</p>
      <ErrorBox error={error} />
      {!data && !error && <Loading what="the awards" />}
      {calls && calls.length > 0 && (
        <section aria-labelledby="calls-h">
          <h2 id="calls-h">Calls for nominations now open</h2>
          <ul class="link-list">
            {calls.map((c) => (
              <li key={c.id}><strong>{c.title}</strong> ({c.year}): nominations by the States/UTs until <Day value={c.last_date} />.
                {c.description && <span class="doc-meta value-lines">{c.description}</span>}</li>
            ))}
          </ul>
        </section>
      )}
      {data && items.length === 0 && <div class="empty-state"><p>No award has been given yet.</p></div>}
      {years.map((y) => (
        <section key={y} aria-labelledby={`aw-${y}`}>
          <h2 id={`aw-${y}`}>{y}</h2>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={`aw-${y}`}>
            <table class="reflow data-table">
              <thead>
                <tr><th scope="col">Officer</th><th scope="col">Unit</th><th scope="col">State/UT</th><th scope="col">Award</th><th scope="col">Citation</th></tr>
              </thead>
              <tbody>
                {items.filter((r) => r.year === y).map((r) => (
                  <tr key={r.id}>
                    <th scope="row" data-label="Officer"><div>{r.officer}{r.rank && <span class="doc-meta">{r.rank}</span>}</div></th>
                    <td data-label="Unit">{r.unit || <span class="muted">—</span>}</td>
                    <td data-label="State/UT">{r.state}</td>
                    <td data-label="Award">{r.award}</td>
                    <td data-label="Citation" class="value-lines">{r.citation}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      {data && data.total > items.length && <p class="msg msg-warn">The newest {items.length} of {data.total} awardees are listed.</p>}
    </Page>
  );
}
