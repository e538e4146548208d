// The public directory: the present nodal officer of every State/UT, as the Cell publishes
// it. It is always the public's view, also for a signed-in officer: the list is asked for
// without the session cookie (a State user's own answer would hold only their State), and
// so are its downloads. The search filters the list in the browser (36 rows at most) and
// lives in the URL (/directory?q=…).

import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading } from '../lib/ui.jsx';
import { useStates } from '../lib/geo.js';
import { Breakable, Day, downloadAnonymously, exportHref, today } from '../lib/registers.jsx';

const REGISTER = 'officers';
const LIMIT = 500;
const COLUMNS = ['name', 'rank', 'designation', 'office', 'address', 'phone', 'email'];

/* Lower case, without accents: what the search compares. */
function fold(s) {
  return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export function Directory({ query }) {
  const q = query.get('q') || '';
  const [form, setForm] = useState(q);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [states] = useStates();
  const [downloadError, setDownloadError] = useState(null);

  useEffect(() => { setForm(q); }, [q]);

  useEffect(() => {
    let live = true;
    api('GET', `/${REGISTER}`, { anonymous: true, query: { sort: 'state', limit: LIMIT } })
      .then((r) => live && setData(r), (e) => live && setError(e));
    return () => { live = false; };
  }, []);

  function submit(e) {
    e.preventDefault();
    navigate(withQuery('/directory', { q: form.trim() }));
  }

  // The file of the public's list, fetched without the cookie; the link itself is the
  // fallback (and what a visitor without a session gets anyway).
  async function download(e, format) {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    setDownloadError(null);
    const ok = await downloadAnonymously(e.currentTarget.href, `nodal-officers-${today()}.${format}`);
    if (!ok) setDownloadError({ message: 'The list could not be downloaded. Check the connection and try again.' });
  }

  const items = data ? data.items || [] : [];
  const words = fold(q).split(/\s+/).filter(Boolean);
  const shown = words.length
    ? items.filter((r) => {
      const text = fold([r.state, ...COLUMNS.map((k) => r[k])].join(' '));
      return words.every((w) => text.includes(w));
    })
    : items;
  const listed = new Set(items.map((r) => r.state_lgd));
  const vacant = !words.length && states ? states.filter((x) => !listed.has(x.lgd)) : [];

  return (
    <Page title="Directory of nodal officers" heading="State/UT nodal officers for anti human trafficking" wide>
      <p class="lead">The officer whom each State and Union Territory has named its nodal officer for
        anti human trafficking, as listed by the Anti Human Trafficking Cell.</p>
      <form class="portal-search" role="search" aria-label="Directory search" onSubmit={submit}>
        <div class="field">
          <label for="dir-q">Search the directory</label>
          <p class="hint" id="dir-q-hint">A State/UT, a name, a designation, a place or an e-mail address.</p>
          <div class="input-with-buttons">
            <input id="dir-q" type="search" value={form} maxLength={200} autoComplete="off"
              aria-describedby="dir-q-hint" onInput={(e) => setForm(e.currentTarget.value)} />
            <button type="submit" class="btn btn-primary">Search</button>
          </div>
        </div>
        {q && <p class="portal-clear"><Link href="/directory">Clear the search and show every State/UT</Link></p>}
      </form>
      <p class="portal-links directory-links">
        <a class="download" href={exportHref(REGISTER, {}, 'pdf')} download onClick={(e) => download(e, 'pdf')}>Download the list (PDF)</a>
        <a class="download" href={exportHref(REGISTER, {}, 'xlsx')} download onClick={(e) => download(e, 'xlsx')}>Spreadsheet (XLSX)</a>
        <span class="muted">The printed list, dated today.</span>
      </p>
      <ErrorBox error={downloadError} />
      <ErrorBox error={error} />
      {!data && !error && <Loading what="the directory" />}
      {data && shown.length === 0 && (
        <div class="empty-state" role="status">
          {q
            ? <><h2>{`No nodal officer matches “${q}”`}</h2>
                <p>Check the spelling, or search for the name of the State/UT. <Link href="/directory">Show every State/UT</Link></p></>
            : <p>No nodal officer has been listed yet.</p>}
        </div>
      )}
      {data && shown.length > 0 && (
        <>
          {q && <p class="results-heading" role="status">{shown.length === 1 ? '1 State/UT matches' : `${shown.length} States/UTs match`} “{q}”</p>}
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="dir-caption">
            <table class="reflow data-table directory-table">
              <caption id="dir-caption" class="visually-hidden">Nodal officers, by State/UT</caption>
              <thead>
                <tr>
                  <th scope="col">State/UT</th>
                  <th scope="col">Name</th>
                  <th scope="col">Rank</th>
                  <th scope="col">Designation</th>
                  <th scope="col">Address</th>
                  <th scope="col">Telephone</th>
                  <th scope="col">E-mail</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.id}>
                    <th scope="row" data-label="State/UT" class="col-state">{r.state}</th>
                    <td data-label="Name" class="col-name"><div>{r.name}
                      {r.from && <span class="doc-meta">since <Day value={r.from} /></span>}</div></td>
                    <td data-label="Rank">{r.rank || <span class="muted">—</span>}</td>
                    <td data-label="Designation" class="col-designation"><div>{r.designation || <span class="muted">—</span>}
                      {r.office && <span class="doc-meta">{r.office}</span>}</div></td>
                    <td data-label="Address" class="col-address">{r.address ? <span class="value-lines">{r.address}</span> : <span class="muted">—</span>}</td>
                    <td data-label="Telephone"><div>{r.phone ? <span class="nowrap">{r.phone}</span> : <span class="muted">—</span>}
                      {r.fax && <span class="doc-meta nowrap">Fax: {r.fax}</span>}</div></td>
                    <td data-label="E-mail" class="col-email">{r.email ? <a href={'mailto:' + r.email}><Breakable text={r.email} /></a> : <span class="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {data && vacant.length > 0 && items.length > 0 && (
        <p class="muted directory-vacant">No nodal officer is listed for: {vacant.map((x) => x.name).join(', ')}.</p>
      )}
      {data && data.total > items.length && (
        <p class="msg msg-warn">The first {items.length} of {data.total} nodal officers are listed.</p>
      )}
    </Page>
  );
}
