// The coordination meetings (GET /api/v1/meetings?q=&kind=&from=&to=&state=&sort=), newest
// first unless asked otherwise, paged. The filters and the order live in the URL
// (/meetings?kind=nodal_officers&from=2026-01-01) so that Back and a shared link show the
// same list; the same query downloads as CSV, XLSX or PDF. The Cell schedules from here.

import { useEffect, useState } from 'preact/hooks';
import { api, useSession } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, Pager } from '../lib/ui.jsx';
import { useStates } from '../lib/geo.js';
import {
  Downloads, KINDS, MeetingStatus, MeetingWhen, SortIcon, isCell, kindLabel, meetingHref, national,
} from '../lib/meetings.jsx';

const LIMIT = 25;
const FILTERS = ['q', 'kind', 'from', 'to', 'state'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function MeetingsList({ query }) {
  const s = useSession();
  const user = s.user;
  const nat = national(user);
  const current = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) || '']));
  if (!nat) current.state = '';
  if (!DATE.test(current.from)) current.from = '';
  if (!DATE.test(current.to)) current.to = '';
  const sort = query.get('sort') === 'starts_at' ? 'starts_at' : '';
  const offset = Math.max(0, parseInt(query.get('offset'), 10) || 0);
  const key = [...FILTERS.map((k) => current[k]), sort, offset].join('|');

  const [form, setForm] = useState(current);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [states] = useStates();

  useEffect(() => { setForm(current); }, [key]);

  const listQuery = { ...current, sort };
  useEffect(() => {
    let live = true;
    setError(null);
    api('GET', '/meetings', { query: { ...listQuery, limit: LIMIT, offset } })
      .then((r) => live && setData(r), (e) => live && (setError(e), setData(null)));
    return () => { live = false; };
  }, [key]);

  const urlOf = (over) => withQuery('/meetings', { ...current, sort, ...over });
  function submit(e) {
    e.preventDefault();
    navigate(urlOf({ ...form, q: form.q.trim(), offset: 0 }));
  }
  function page(o) { navigate(urlOf({ offset: o })); }
  function sortByDate() { navigate(urlOf({ sort: sort ? '' : 'starts_at', offset: 0 })); }
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });

  const items = data ? data.items || [] : [];
  const filtered = FILTERS.some((k) => current[k]);
  const cell = isCell(user);
  const dir = sort ? 'ascending' : 'descending';
  const stateName = !nat && user.state_lgd && states ? (states.find((x) => x.lgd === user.state_lgd) || {}).name : null;

  return (
    <Page title="Meetings" heading="Coordination meetings" wide
      actions={<>
        <Link href="/follow-up" class="btn btn-secondary">Follow-up of action points</Link>
        {cell && <Link href="/meetings/new" class="btn btn-primary">Schedule a meeting</Link>}
      </>}>
      <p class="lead">Meetings of the Cell with the States/UTs: who is invited and who attends, the minutes, and the
        action points each State/UT reports on.{stateName && <> You see the meetings {stateName} is invited to.</>}</p>
      <form class="filters" role="search" aria-label="Search the meetings" onSubmit={submit}>
        <div class="field">
          <label for="mtg-q">Search</label>
          <input id="mtg-q" type="search" value={form.q} maxLength={200} autoComplete="off" onInput={set('q')} />
        </div>
        <div class="field">
          <label for="mtg-kind">Kind</label>
          <select id="mtg-kind" value={form.kind} onChange={set('kind')}>
            <option value="">All kinds</option>
            {KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
          </select>
        </div>
        <div class="field field-date">
          <label for="mtg-from">From</label>
          <input id="mtg-from" type="date" value={form.from} min="2000-01-01" max="2100-12-31" onInput={set('from')} />
        </div>
        <div class="field field-date">
          <label for="mtg-to">To</label>
          <input id="mtg-to" type="date" value={form.to} min="2000-01-01" max="2100-12-31" onInput={set('to')} />
        </div>
        {nat && (
          <div class="field">
            <label for="mtg-state">State/UT invited</label>
            <select id="mtg-state" value={form.state} onChange={set('state')}>
              <option value="">All States/UTs</option>
              {form.state && !states && <option value={form.state}>State/UT {form.state}</option>}
              {(states || []).map((x) => <option key={x.lgd} value={String(x.lgd)}>{x.name}</option>)}
            </select>
          </div>
        )}
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">Search</button>
          {filtered && <Link class="btn btn-secondary" href={withQuery('/meetings', { sort })}>Clear</Link>}
        </div>
      </form>

      <ErrorBox error={error} />
      {!data && !error && <Loading what="meetings" />}
      {data && items.length === 0 && (
        <div class="empty-state">
          {filtered
            ? <p>No meeting matches this search.</p>
            : <p>{nat ? 'No meeting has been scheduled yet.' : `No meeting${stateName ? ` ${stateName} is` : ' your State/UT is'} invited to has been scheduled yet.`}
                {cell && <> <Link href="/meetings/new">Schedule a meeting</Link>.</>}</p>}
        </div>
      )}
      {data && items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="mtg-caption">
          <table class="reflow data-table meetings-table">
            <caption id="mtg-caption" class="visually-hidden">
              Meetings, sorted by date{sort ? ', oldest first' : ', newest first'}
            </caption>
            <thead>
              <tr>
                <th scope="col" aria-sort={dir}>
                  <button type="button" class="sort" onClick={sortByDate}>Date and time<SortIcon s={dir} /></button>
                </th>
                <th scope="col">Title</th>
                <th scope="col">Kind</th>
                <th scope="col">Venue</th>
                <th scope="col">Status</th>
                <th scope="col" class="col-num">States invited</th>
                <th scope="col" class="col-num">Action points</th>
                <th scope="col" class="col-num">Open for States</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id} class={m.status === 'cancelled' ? 'row-ended' : undefined}>
                  <td data-label="Date and time"><MeetingWhen m={m} /></td>
                  <td data-label="Title" class="col-title"><Link href={meetingHref(m.id)} class="record-link">{m.title}</Link></td>
                  <td data-label="Kind" class="col-kind">{kindLabel(m)}</td>
                  <td data-label="Venue">{m.venue || (m.video_link ? 'By video' : <span class="muted">—</span>)}</td>
                  <td data-label="Status"><MeetingStatus status={m.status} /></td>
                  <td data-label="States invited" class="col-num">{m.invited ?? 0}</td>
                  <td data-label="Action points" class="col-num">{m.action_points ?? 0}</td>
                  <td data-label="Open for States" class="col-num">
                    {m.open_assignments ? <span class="tag tag-warn">{m.open_assignments}</span> : <span class="muted">0</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && (items.length > 0 || data.total > 0) && <Pager total={data.total} limit={data.limit || LIMIT} offset={data.offset ?? offset} onPage={page} label="Pages of meetings" />}
      {data && items.length > 0 && <Downloads path="/meetings" query={listQuery} what="meetings" />}
    </Page>
  );
}
