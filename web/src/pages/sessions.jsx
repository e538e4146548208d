// My sessions: GET /api/v1/sessions; revoke another with DELETE /api/v1/sessions/{id}.

import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { Page, ErrorBox, Notice, Loading, DateTime } from '../lib/ui.jsx';

/* A short name for a browser from its User-Agent, with the full string as a tooltip. */
function browserName(ua) {
  if (!ua) return 'Unknown';
  const m = /(Edg|OPR|Firefox|Chrome|Chromium|Safari|curl)\/[\d.]+/.exec(ua);
  const os = /(Windows|Android|iPhone|iPad|Mac OS X|Linux)/.exec(ua);
  const name = m ? m[1].replace('Edg', 'Edge').replace('OPR', 'Opera') : ua.slice(0, 40);
  return os ? `${name} on ${os[1].replace('Mac OS X', 'macOS')}` : name;
}

export function Sessions() {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    api('GET', '/sessions').then((r) => live && setItems(r.items || []), (e) => live && setError(e));
    return () => { live = false; };
  }, [reload]);

  async function revoke(sess) {
    if (!window.confirm('Sign out this other session? Whoever uses it will have to sign in again.')) return;
    setBusy(sess.id);
    setError(null);
    setNotice(null);
    try {
      await api('DELETE', `/sessions/${encodeURIComponent(sess.id)}`);
      setNotice('The session has been signed out.');
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const others = items ? items.filter((x) => !x.current) : [];

  return (
    <Page title="My sessions">
      <p class="lead">The places where you are signed in now. If you see one you do not recognise,
        sign it out and <Link href="/account/password">change your password</Link>.</p>
      <ErrorBox error={error} />
      <Notice message={notice} />
      {!items && !error && <Loading what="sessions" />}
      {items && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Sessions">
          <table class="reflow">
            <thead>
              <tr>
                <th scope="col">Browser</th>
                <th scope="col">IP address</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last active</th>
                <th scope="col">Expires</th>
                <th scope="col"><span class="visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id} class={x.current ? 'row-current' : undefined}>
                  <td data-label="Browser"><span title={x.user_agent || ''}>{browserName(x.user_agent)}</span></td>
                  <td data-label="IP address">{x.ip || '—'}</td>
                  <td data-label="Signed in"><DateTime value={x.created_at} /></td>
                  <td data-label="Last active"><DateTime value={x.last_seen_at} /></td>
                  <td data-label="Expires"><DateTime value={x.expires_at} /></td>
                  <td data-label="">
                    {x.current
                      ? <span class="tag tag-ok">This session</span>
                      : <button type="button" class="btn btn-secondary btn-small" disabled={busy === x.id}
                          onClick={() => revoke(x)}>Sign out<span class="visually-hidden"> session from {x.ip || 'unknown address'}</span></button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items && others.length === 0 && <p class="muted">You are signed in nowhere else.</p>}
    </Page>
  );
}
