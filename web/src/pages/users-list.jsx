// Users: GET /api/v1/users with ?q=, ?role=, ?disabled=, ?sort=, paged. The filters and the
// order live in the URL (/users?q=…&sort=-name&offset=…) so that Back and a shared link show
// the same list; the server sorts, so the order holds across pages.

import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, Pager, DateTime, JurisdictionName, ROLES, roleLabel } from '../lib/ui.jsx';

const LIMIT = 25;

export function UsersList({ query }) {
  const q = query.get('q') || '';
  const role = query.get('role') || '';
  const disabled = query.get('disabled') || '';
  const offset = Math.max(0, parseInt(query.get('offset'), 10) || 0);
  const sort = query.get('sort') || '';
  const sortKey = sort.replace(/^-/, '');
  const sortDir = sort.startsWith('-') ? -1 : 1;

  const [form, setForm] = useState({ q, role, disabled });
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => { setForm({ q, role, disabled }); }, [q, role, disabled]);

  useEffect(() => {
    let live = true;
    setError(null);
    api('GET', '/users', { query: { q, role, disabled, sort, limit: LIMIT, offset } })
      .then((r) => live && setData(r), (e) => live && (setError(e), setData(null)));
    return () => { live = false; };
  }, [q, role, disabled, sort, offset]);

  function search(e) {
    e.preventDefault();
    navigate(withQuery('/users', { q: form.q.trim(), role: form.role, disabled: form.disabled, sort }));
  }
  function clear() {
    navigate('/users');
  }
  function page(o) {
    navigate(withQuery('/users', { q, role, disabled, sort, offset: o }));
  }
  function sortBy(key) {
    const next = sortKey === key && sortDir > 0 ? '-' + key : key;
    navigate(withQuery('/users', { q, role, disabled, sort: next }));
  }

  const items = data ? data.items || [] : [];
  const current = sortKey || 'login';
  const ariaSort = (key) => (current === key ? (sortDir > 0 ? 'ascending' : 'descending') : undefined);
  // Called as a function, not used as a component, so that the button keeps focus across renders.
  const sortHead = (k, label) => (
    <th scope="col" key={k} aria-sort={ariaSort(k)}>
      <button type="button" class="sort" onClick={() => sortBy(k)}>{label}<SortIcon s={ariaSort(k)} /></button>
    </th>
  );
  const filtered = q || role || disabled;

  return (
    <Page title="Users" wide actions={<Link href="/users/new" class="btn btn-primary">Create user</Link>}>
      <form class="filters" role="search" aria-label="Search users" onSubmit={search}>
        <div class="field">
          <label for="users-q">Login or name contains</label>
          <input id="users-q" type="search" value={form.q} maxLength={100}
            onInput={(e) => setForm({ ...form, q: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="users-role">Role</label>
          <select id="users-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value })}>
            <option value="">Any role</option>
            {ROLES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="users-disabled">Status</label>
          <select id="users-disabled" value={form.disabled} onChange={(e) => setForm({ ...form, disabled: e.currentTarget.value })}>
            <option value="">Any status</option>
            <option value="false">Active</option>
            <option value="true">Disabled</option>
          </select>
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">Search</button>
          {filtered && <button type="button" class="btn btn-secondary" onClick={clear}>Clear</button>}
        </div>
      </form>

      <ErrorBox error={error} />
      {!data && !error && <Loading what="users" />}
      {data && items.length === 0 && (
        <div class="empty-state">
          <p>{filtered ? 'No user matches this search.' : 'There are no users you can see yet.'}</p>
        </div>
      )}
      {data && items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="users-caption">
          <table class="reflow data-table">
            <caption id="users-caption" class="visually-hidden">Users, sorted by {current}{sortDir < 0 ? ', descending' : ''}</caption>
            <thead>
              <tr>
                {sortHead('login', 'Login')}
                {sortHead('name', 'Name')}
                {sortHead('role', 'Role')}
                <th scope="col">Jurisdiction</th>
                <th scope="col">Status</th>
                {sortHead('last_login_at', 'Last sign-in')}
              </tr>
            </thead>
            <tbody>
              {items.map((u) => (
                <tr key={u.id}>
                  <td data-label="Login"><Link href={`/users/${encodeURIComponent(u.id)}`}>{u.login}</Link></td>
                  <td data-label="Name">{u.name}</td>
                  <td data-label="Role">{roleLabel(u.role)}</td>
                  <td data-label="Jurisdiction"><JurisdictionName jurisdiction={u.jurisdiction} stateLgd={u.state_lgd} /></td>
                  <td data-label="Status"><UserStatus user={u} /></td>
                  <td data-label="Last sign-in"><DateTime value={u.last_login_at} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pager total={data.total} limit={data.limit || LIMIT} offset={data.offset ?? offset} onPage={page} label="Pages of users" />}
    </Page>
  );
}

function SortIcon({ s }) {
  return <span class="sort-icon" aria-hidden="true">{s === 'ascending' ? '▲' : s === 'descending' ? '▼' : '↕'}</span>;
}

export function UserStatus({ user }) {
  if (user.disabled) return <span class="tag tag-bad">Disabled</span>;
  if (user.must_change_password) return <span class="tag tag-warn">Must change password</span>;
  return <span class="tag tag-ok">Active</span>;
}
