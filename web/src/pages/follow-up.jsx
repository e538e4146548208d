// The follow-up of action points (GET /api/v1/action-points): one row per action point and
// State/UT, in views — overdue, due in the next 14 days, all pending, closed, all — with a
// State/UT filter (national users), a meeting filter, the server's sorting (due, State,
// meeting) and paging. Everything lives in the URL (/follow-up?view=overdue&state=19) so
// that Back and a shared link show the same list; the same query downloads as CSV, XLSX
// or PDF. A State user's list holds only its own State's rows (the server's scope).

import { useEffect, useState } from 'preact/hooks';
import { api, useSession } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, Pager } from '../lib/ui.jsx';
import { useStates } from '../lib/geo.js';
import { Day } from '../lib/registers.jsx';
import {
  ApStatus, Decision, Downloads, Overdue, SortIcon, actionHref, meetingHref, national, readsDigest,
} from '../lib/meetings.jsx';

const LIMIT = 50;
export const VIEWS = [
  { value: 'overdue', label: 'Overdue', query: { overdue: 1 } },
  { value: 'soon', label: 'Due in 14 days', query: { due_within: 14 } },
  { value: 'pending', label: 'All pending', query: { status: 'pending' } },
  { value: 'closed', label: 'Closed', query: { status: 'closed' } },
  { value: 'all', label: 'All', query: {} },
];
const SORTS = ['due', '-due', 'state', 'meeting'];

/* The list's rows, for the meeting filter's choices. */
function useMeetingChoices() {
  const [items, setItems] = useState(null);
  useEffect(() => {
    let live = true;
    api('GET', '/meetings', { query: { limit: 200 } })
      .then((r) => live && setItems(r.items || []), () => live && setItems([]));
    return () => { live = false; };
  }, []);
  return items;
}

export function FollowUp({ query }) {
  const s = useSession();
  const user = s.user;
  const nat = national(user);
  const view = VIEWS.find((v) => v.value === query.get('view')) || VIEWS[0];
  const state = nat && /^\d+$/.test(query.get('state') || '') ? query.get('state') : '';
  const meeting = /^\d+$/.test(query.get('meeting') || '') ? query.get('meeting') : '';
  const sort = SORTS.includes(query.get('sort')) ? query.get('sort') : '';
  const offset = Math.max(0, parseInt(query.get('offset'), 10) || 0);
  const key = [view.value, state, meeting, sort, offset].join('|');

  const [form, setForm] = useState({ state, meeting });
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [states] = useStates();
  const meetings = useMeetingChoices();

  useEffect(() => { setForm({ state, meeting }); }, [key]);

  const listQuery = { ...view.query, state, meeting, sort };
  useEffect(() => {
    let live = true;
    setError(null);
    api('GET', '/action-points', { query: { ...listQuery, limit: LIMIT, offset } })
      .then((r) => live && setData(r), (e) => live && (setError(e), setData(null)));
    return () => { live = false; };
  }, [key]);

  const urlOf = (over) => withQuery('/follow-up', {
    view: view.value === VIEWS[0].value ? '' : view.value, state, meeting, sort, ...over,
  });
  const viewHref = (v) => urlOf({ view: v === VIEWS[0].value ? '' : v, offset: 0 });
  function submit(e) {
    e.preventDefault();
    navigate(urlOf({ state: form.state, meeting: form.meeting, offset: 0 }));
  }
  function page(o) { navigate(urlOf({ offset: o })); }
  function sortBy(k) {
    let next = k;
    if (k === 'due') next = sort === '' || sort === 'due' ? '-due' : 'due';
    navigate(urlOf({ sort: next === 'due' ? '' : next, offset: 0 }));
  }

  const shown = sort || 'due';
  const ariaSort = (k) => {
    if (k === 'due') return shown === 'due' ? 'ascending' : shown === '-due' ? 'descending' : undefined;
    return shown === k ? 'ascending' : undefined;
  };
  // Called as a function, not used as a component, so that the button keeps focus across renders.
  const head = (k, label) => (
    <th scope="col" aria-sort={ariaSort(k)}>
      <button type="button" class="sort" onClick={() => sortBy(k)}>{label}<SortIcon s={ariaSort(k)} /></button>
    </th>
  );

  const items = data ? data.items || [] : [];
  const stateName = (lgd) => (states ? (states.find((x) => String(x.lgd) === String(lgd)) || {}).name : null) || `State/UT ${lgd}`;
  const meetingName = (id) => {
    const m = (meetings || []).find((x) => String(x.id) === String(id));
    return m ? m.title : `meeting no. ${id}`;
  };
  const ownName = !nat && user.state_lgd ? stateName(user.state_lgd) : null;
  const where = (state ? ` for ${stateName(state)}` : ownName ? ` for ${ownName}` : '') + (meeting ? ` in “${meetingName(meeting)}”` : '');
  const empty = {
    overdue: `No action point is overdue${where}.`,
    soon: `No action point falls due in the next 14 days${where}.`,
    pending: `No action point is pending${where}: every one has been closed.`,
    closed: `No action point has been closed yet${where}.`,
    all: `No action point has been set${where} yet.`,
  }[view.value];
  const sortLabel = { due: 'due date', '-due': 'due date, latest first', state: 'State/UT', meeting: 'meeting' }[shown];

  return (
    <Page title="Follow-up" heading="Follow-up of action points" wide
      actions={readsDigest(user) ? <Link href={state ? `/digest?state=${encodeURIComponent(state)}` : '/digest'} class="btn btn-secondary">
        {nat ? 'Digest for a State/UT' : 'Digest of your State/UT'}</Link> : null}>
      <p class="lead">Each action point of the coordination meetings, for each State/UT it is assigned to. It is closed
        only when the Cell accepts the State’s action-taken report.{ownName && <> You see the action points of {ownName}.</>}</p>

      <nav class="tabs" aria-label="Which action points">
        <ul>
          {VIEWS.map((v) => (
            <li key={v.value}>
              <Link href={viewHref(v.value)} aria-current={v === view ? 'page' : undefined}>{v.label}</Link>
            </li>
          ))}
        </ul>
      </nav>

      <form class="filters" role="search" aria-label="Filter the action points" onSubmit={submit}>
        {nat && (
          <div class="field">
            <label for="fu-state">State/UT</label>
            <select id="fu-state" value={form.state} onChange={(e) => setForm({ ...form, state: e.currentTarget.value })}>
              <option value="">All States/UTs</option>
              {form.state && !states && <option value={form.state}>State/UT {form.state}</option>}
              {(states || []).map((x) => <option key={x.lgd} value={String(x.lgd)}>{x.name}</option>)}
            </select>
          </div>
        )}
        <div class="field field-wide">
          <label for="fu-meeting">Meeting</label>
          <select id="fu-meeting" value={form.meeting} onChange={(e) => setForm({ ...form, meeting: e.currentTarget.value })}>
            <option value="">All meetings</option>
            {form.meeting && !(meetings || []).some((m) => String(m.id) === form.meeting) && (
              <option value={form.meeting}>Meeting no. {form.meeting}</option>
            )}
            {(meetings || []).map((m) => (
              <option key={m.id} value={String(m.id)}>{(m.starts_at || '').slice(0, 10)} · {m.title}</option>
            ))}
          </select>
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">Show</button>
          {(state || meeting) && <Link class="btn btn-secondary" href={withQuery('/follow-up', { view: view.value === VIEWS[0].value ? '' : view.value, sort })}>Clear</Link>}
        </div>
      </form>

      <ErrorBox error={error} />
      {!data && !error && <Loading what="action points" />}
      {data && items.length === 0 && (
        <div class="empty-state">
          <p>{empty}</p>
          {view.value !== 'all' && <p><Link href={viewHref('all')}>See every action point{where}</Link></p>}
        </div>
      )}
      {data && items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="fu-caption">
          <table class="reflow data-table followup-table">
            <caption id="fu-caption" class="visually-hidden">
              Action points: {view.label.toLowerCase()}{where}, sorted by {sortLabel}
            </caption>
            <thead>
              <tr>
                {nat && head('state', 'State/UT')}
                {head('meeting', 'Meeting')}
                <th scope="col">Action point</th>
                {head('due', 'Due')}
                <th scope="col">Status</th>
                <th scope="col">Last report</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={`${r.action_point_id}-${r.state_lgd}`} class={r.days_overdue > 0 && r.status !== 'closed' ? 'row-overdue' : undefined}>
                  {nat && <td data-label="State/UT" class="col-state">{r.state}</td>}
                  <td data-label="Meeting" class="col-meeting">
                    <span class="cell-stack">
                      <Link href={meetingHref(r.meeting_id)}>{r.meeting_title}</Link>
                      <span class="doc-meta"><Day value={r.meeting_date} />, item {r.number}</span>
                    </span>
                  </td>
                  <td data-label="Action point" class="col-text">
                    <Link href={actionHref(r.action_point_id)} class="ap-text">{r.text}</Link>
                  </td>
                  <td data-label="Due">
                    <span class="due-cell"><Day value={r.due_on} />
                      {r.status !== 'closed' && <Overdue days={r.days_overdue} />}</span>
                  </td>
                  <td data-label="Status"><ApStatus status={r.status} /></td>
                  <td data-label="Last report">
                    {r.status === 'closed' && r.closed_on
                      ? <span>Closed on <Day value={r.closed_on} /></span>
                      : r.last_report
                        ? <span class="last-report"><Day value={r.last_report.reported_on} /> <Decision decision={r.last_report.decision} /></span>
                        : <span class="muted">None yet</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && (items.length > 0 || data.total > 0) && <Pager total={data.total} limit={data.limit || LIMIT} offset={data.offset ?? offset} onPage={page} label="Pages of action points" />}
      {data && items.length > 0 && <Downloads path="/action-points" query={listQuery} what="action points" />}
    </Page>
  );
}
