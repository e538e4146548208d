// Audit log: GET /api/v1/audit, newest first, with filters kept in the URL.

import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, Pager, DateTime } from '../lib/ui.jsx';

const LIMIT = 50;
const ACTIONS = [
  'session.', 'session.login', 'session.logout', 'session.revoke', 'password.', 'password.change', 'password.reset',
  'user.', 'user.create', 'user.update', 'token.', 'token.create', 'token.revoke', 'access.denied',
];
const FILTERS = ['action', 'outcome', 'user_id', 'from', 'to'];

function detailText(d) {
  if (d === null || d === undefined || d === '') return '';
  if (typeof d !== 'object') return String(d);
  if (Array.isArray(d)) return JSON.stringify(d);
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

export function Audit({ query }) {
  const current = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) || '']));
  const offset = Math.max(0, parseInt(query.get('offset'), 10) || 0);
  const key = FILTERS.map((k) => current[k]).join('|') + '|' + offset;

  const [form, setForm] = useState(current);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => { setForm(current); }, [key]);

  useEffect(() => {
    let live = true;
    setError(null);
    api('GET', '/audit', { query: { ...current, limit: LIMIT, offset } })
      .then((r) => live && setData(r), (e) => live && (setError(e), setData(null)));
    return () => { live = false; };
  }, [key]);

  function submit(e) {
    e.preventDefault();
    if (form.user_id && !/^\d+$/.test(form.user_id.trim())) {
      setError({ message: 'A user id is a number.' });
      return;
    }
    navigate(withQuery('/audit', { ...form, action: form.action.trim(), user_id: form.user_id.trim() }));
  }
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const filtered = FILTERS.some((k) => current[k]);
  const items = data ? data.items || [] : [];

  return (
    <Page title="Audit log" wide lead="Every sign-in, change and refused request, newest first. The log cannot be edited.">
      <form class="filters" role="search" aria-label="Filter the audit log" onSubmit={submit}>
        <div class="field">
          <label for="audit-action">Action starts with</label>
          <input id="audit-action" type="text" list="audit-actions" value={form.action} maxLength={64}
            autoComplete="off" spellcheck={false} onInput={set('action')} />
          <datalist id="audit-actions">{ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
        </div>
        <div class="field">
          <label for="audit-outcome">Outcome</label>
          <select id="audit-outcome" value={form.outcome} onChange={set('outcome')}>
            <option value="">Any outcome</option>
            <option value="ok">OK</option>
            <option value="denied">Denied</option>
            <option value="failed">Failed</option>
          </select>
        </div>
        <div class="field field-narrow">
          <label for="audit-user">User id</label>
          <input id="audit-user" type="text" inputMode="numeric" pattern="[0-9]*" value={form.user_id} maxLength={18} onInput={set('user_id')} />
        </div>
        <div class="field">
          <label for="audit-from">From date</label>
          <input id="audit-from" type="date" value={form.from} onInput={set('from')} />
        </div>
        <div class="field">
          <label for="audit-to">To date</label>
          <input id="audit-to" type="date" value={form.to} onInput={set('to')} />
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">Filter</button>
          {filtered && <button type="button" class="btn btn-secondary" onClick={() => navigate('/audit')}>Clear</button>}
        </div>
      </form>

      <ErrorBox error={error} />
      {!data && !error && <Loading what="the audit log" />}
      {data && items.length === 0 && (
        <div class="empty-state"><p>{filtered ? 'No entry matches these filters.' : 'The audit log is empty.'}</p></div>
      )}
      {data && items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Audit log entries">
          <table class="reflow data-table audit-table">
            <thead>
              <tr>
                <th scope="col">Time</th><th scope="col">User</th><th scope="col">IP address</th>
                <th scope="col">Action</th><th scope="col">Object</th><th scope="col">Outcome</th><th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id}>
                  <td data-label="Time" class="nowrap"><DateTime value={x.at} /></td>
                  <td data-label="User"><span>{x.user_id
                    ? <>{x.login || '—'} <Link href={withQuery('/audit', { user_id: x.user_id })} class="muted">
                        #{x.user_id}<span class="visually-hidden"> (only this user's entries)</span></Link></>
                    : (x.login || <span class="muted">—</span>)}</span></td>
                  <td data-label="IP address" class="mono">{x.ip || '—'}</td>
                  <td data-label="Action" class="mono">{x.action}</td>
                  <td data-label="Object">{x.object_type ? `${x.object_type}${x.object_id !== null && x.object_id !== undefined && x.object_id !== '' ? ' ' + x.object_id : ''}` : '—'}</td>
                  <td data-label="Outcome"><span class={'tag ' + (x.outcome === 'ok' ? 'tag-ok' : x.outcome === 'denied' ? 'tag-bad' : 'tag-warn')}>{x.outcome}</span></td>
                  <td data-label="Detail" class="detail">{detailText(x.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pager total={data.total} limit={data.limit || LIMIT} offset={data.offset ?? offset}
        onPage={(o) => navigate(withQuery('/audit', { ...current, offset: o }))} label="Pages of the audit log" />}
    </Page>
  );
}
