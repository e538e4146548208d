// One user: GET /api/v1/users/{id}; edit (PATCH), disable/enable, reset password
// (POST /users/{id}/password) and, for administrators, API tokens.
// A user outside the caller's jurisdiction answers 404 exactly like one that does not
// exist; the screen then says "not found" and shows nothing of the user.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, idempotencyFor, useSession } from '../lib/api.js';
import { Link } from '../lib/router.js';
import {
  Page, ErrorBox, Notice, Loading, Field, DateTime, JurisdictionName, JurisdictionPicker, jurisdictionOf, selOfUser,
  roleLabel, roleJurisdictionHint, describedBy, fieldError, copyText,
} from '../lib/ui.jsx';
import { UserStatus } from './users-list.jsx';
import { assignableRoles, suggestPassword } from './user-create.jsx';

export function UserPage({ id }) {
  const valid = /^[1-9][0-9]{0,17}$/.test(id);
  const [user, setUser] = useState(null);
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(!valid);
  const s = useSession();

  useEffect(() => {
    if (!valid) { setMissing(true); return undefined; }
    let live = true;
    setUser(null); setMissing(false); setError(null);
    api('GET', `/users/${encodeURIComponent(id)}`).then(
      (u) => live && setUser(u),
      (e) => { if (!live) return; if (e.status === 404) setMissing(true); else setError(e); },
    );
    return () => { live = false; };
  }, [id]);

  if (missing) {
    return (
      <Page title="User not found">
        <div class="empty-state">
          <p>There is no user with this number that you can see. It may not exist, or it may be
            outside your jurisdiction.</p>
          <p><Link href="/users">Back to users</Link></p>
        </div>
      </Page>
    );
  }
  if (!user) {
    return (
      <Page title="User">
        <ErrorBox error={error} />
        {!error && <Loading what="user" />}
        <p><Link href="/users">Back to users</Link></p>
      </Page>
    );
  }

  const me = s.user;
  const self = me && me.id === user.id;
  return (
    <Page title={`User ${user.login}`} heading={user.name ? `${user.name} (${user.login})` : user.login}>
      <p><Link href="/users">Back to users</Link></p>
      <UserSummary user={user} />
      <EditUser user={user} me={me} self={self} onSaved={setUser} />
      <DisableUser user={user} self={self} onSaved={setUser} />
      <ResetPassword user={user} self={self} onDone={(u) => setUser(u)} />
      {me.role === 'admin' && <Tokens user={user} />}
    </Page>
  );
}

function UserSummary({ user }) {
  return (
    <section class="panel" aria-labelledby="summary-h">
      <h2 id="summary-h">Summary</h2>
      <dl class="facts">
        <dt>Login</dt><dd>{user.login}</dd>
        <dt>Name</dt><dd>{user.name || '—'}</dd>
        <dt>Email</dt><dd>{user.email || '—'}</dd>
        <dt>Role</dt><dd>{roleLabel(user.role)}</dd>
        <dt>Jurisdiction</dt><dd><JurisdictionName jurisdiction={user.jurisdiction} stateLgd={user.state_lgd} /></dd>
        <dt>Status</dt><dd><UserStatus user={user} /></dd>
        <dt>Created</dt><dd><DateTime value={user.created_at} /></dd>
        <dt>Last sign-in</dt><dd><DateTime value={user.last_login_at} /></dd>
      </dl>
    </section>
  );
}

function EditUser({ user, me, self, onSaved }) {
  const stateCaller = me.role === 'state';
  const roles = assignableRoles(me);
  const initial = () => ({ name: user.name || '', email: user.email || '', role: user.role });
  const [f, setF] = useState(initial);
  const [sel, setSel] = useState(() => selOfUser(user));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);

  useEffect(() => { setF(initial()); setSel(selOfUser(user)); }, [user]);

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const body = {};
    if (f.name.trim() !== (user.name || '')) body.name = f.name.trim();
    if (f.email.trim() !== (user.email || '')) body.email = f.email.trim();
    if (f.role !== user.role) body.role = f.role;
    const j = jurisdictionOf(sel);
    if (j !== user.jurisdiction) body.jurisdiction = j;
    setNotice(null);
    if (!Object.keys(body).length) { setError({ message: 'Nothing has changed.' }); return; }
    setBusy(true);
    setError(null);
    try {
      const u = await api('PATCH', `/users/${encodeURIComponent(user.id)}`, { body });
      onSaved(u);
      setNotice('The changes have been saved.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const ferr = (k) => fieldError(error, k);
  const roleChoices = roles.some((r) => r.value === user.role) ? roles : [{ value: user.role, label: roleLabel(user.role) }, ...roles];
  return (
    <section class="panel" aria-labelledby="edit-h">
      <h2 id="edit-h">Edit details</h2>
      <ErrorBox error={error} />
      <Notice message={notice} />
      <form class="form form-wide" onSubmit={submit} noValidate>
        <div class="field-row">
          <Field id="edit-name" label="Full name" error={ferr('name')}>
            <input id="edit-name" type="text" maxLength={200} value={f.name} autoComplete="off"
              aria-describedby={describedBy('edit-name', null, ferr('name'))}
              onInput={(e) => setF({ ...f, name: e.currentTarget.value })} />
          </Field>
          <Field id="edit-email" label="Email" error={ferr('email')}>
            <input id="edit-email" type="email" maxLength={254} value={f.email} autoComplete="off"
              aria-describedby={describedBy('edit-email', null, ferr('email'))}
              onInput={(e) => setF({ ...f, email: e.currentTarget.value })} />
          </Field>
        </div>
        <Field id="edit-role" label="Role" hint={self ? 'You cannot change your own role.' : roleJurisdictionHint(f.role)} error={ferr('role')}>
          <select id="edit-role" value={f.role} disabled={self || roleChoices.length === 1}
            aria-describedby={describedBy('edit-role', true, ferr('role'))}
            onChange={(e) => setF({ ...f, role: e.currentTarget.value })}>
            {roleChoices.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
          </select>
        </Field>
        <JurisdictionPicker id="edit-jurisdiction" sel={sel} onChange={setSel}
          lockedState={stateCaller ? me.state_lgd : null} requireDistrict={stateCaller} error={ferr('jurisdiction')} />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : 'Save changes'}</button>
        </div>
      </form>
    </section>
  );
}

function DisableUser({ user, self, onSaved }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);

  async function toggle() {
    const disable = !user.disabled;
    if (disable && !window.confirm(`Disable ${user.login}? Their sessions and API tokens will stop working at once.`)) return;
    setBusy(true); setError(null); setNotice(null);
    try {
      const u = await api('PATCH', `/users/${encodeURIComponent(user.id)}`, { body: { disabled: disable } });
      onSaved(u);
      setNotice(disable ? 'The account has been disabled.' : 'The account has been enabled.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="status-h">
      <h2 id="status-h">Account status</h2>
      <ErrorBox error={error} />
      <Notice message={notice} />
      {self ? (
        <p>This is your own account. You cannot disable it.</p>
      ) : (
        <>
          <p>{user.disabled
            ? 'This account is disabled: the user cannot sign in and their API tokens do not work.'
            : 'Disabling the account signs the user out everywhere and stops their API tokens.'}</p>
          <button type="button" class={user.disabled ? 'btn btn-primary' : 'btn btn-danger'} disabled={busy} onClick={toggle}>
            {user.disabled ? 'Enable account' : 'Disable account'}
          </button>
        </>
      )}
    </section>
  );
}

function ResetPassword({ user, self, onDone }) {
  const [pw, setPw] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);

  if (self) {
    return (
      <section class="panel" aria-labelledby="reset-h">
        <h2 id="reset-h">Password</h2>
        <p>To change your own password, use <Link href="/account/password">Change password</Link>.</p>
      </section>
    );
  }

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    setNotice(null);
    if (pw.length < 12) { setError({ message: 'The new password needs at least 12 characters.', field: 'password' }); return; }
    setBusy(true); setError(null);
    try {
      await api('POST', `/users/${encodeURIComponent(user.id)}/password`, { body: { password: pw } });
      setPw(''); setShow(false);
      setNotice(`The password of ${user.login} has been reset. They must change it at their next sign-in; their sessions have been signed out.`);
      onDone({ ...user, must_change_password: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const ferr = error && (error.field === 'password' || error.code === 'password.weak') ? error.message : null;
  return (
    <section class="panel" aria-labelledby="reset-h">
      <h2 id="reset-h">Reset password</h2>
      <p>Set a temporary password when the user has forgotten theirs. They must change it at their next sign-in.</p>
      <ErrorBox error={error} />
      <Notice message={notice} />
      <form class="form" onSubmit={submit} noValidate>
        <Field id="reset-password" label="New temporary password" hint="At least 12 characters, not a common password." error={ferr}>
          <div class="input-with-buttons">
            <input id="reset-password" type={show ? 'text' : 'password'} autoComplete="new-password" maxLength={256}
              value={pw} aria-describedby={describedBy('reset-password', true, ferr)} onInput={(e) => setPw(e.currentTarget.value)} />
            <button type="button" class="btn btn-secondary" aria-pressed={show ? 'true' : 'false'} onClick={() => setShow(!show)}>{show ? 'Hide' : 'Show'}</button>
            <button type="button" class="btn btn-secondary" onClick={() => { setPw(suggestPassword()); setShow(true); }}>Suggest</button>
          </div>
        </Field>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Resetting…' : 'Reset password'}</button>
        </div>
      </form>
    </section>
  );
}

function Tokens({ user }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [reload, setReload] = useState(0);
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState(null);
  const [copied, setCopied] = useState(null);
  const keyRef = useRef(null);
  const tokenInput = useRef(null);

  useEffect(() => {
    let live = true;
    api('GET', `/users/${encodeURIComponent(user.id)}/tokens`).then((r) => live && setItems(r.items || []), (e) => live && setError(e));
    return () => { live = false; };
  }, [user.id, reload]);

  async function create(e) {
    e.preventDefault();
    if (busy) return;
    setNotice(null); setCopied(null);
    if (!name.trim()) { setError({ message: 'Give the token a name that says what it is for.', field: 'name' }); return; }
    const body = { name: name.trim() };
    if (days.trim()) {
      const n = Number(days);
      if (!Number.isInteger(n) || n < 1) { setError({ message: 'Days until expiry must be a whole number of 1 or more, or empty.', field: 'expires_days' }); return; }
      body.expires_days = n;
    }
    setBusy(true); setError(null);
    try {
      const t = await api('POST', `/users/${encodeURIComponent(user.id)}/tokens`, { body, idempotencyKey: idempotencyFor(keyRef, body) });
      keyRef.current = null;
      setCreated(t);
      setName('');
      setReload((n) => n + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(t) {
    if (!window.confirm(`Revoke the token "${t.name}"? Systems that use it will stop working.`)) return;
    setError(null); setNotice(null);
    try {
      await api('DELETE', `/tokens/${encodeURIComponent(t.id)}`);
      setNotice(`The token "${t.name}" has been revoked.`);
      setReload((n) => n + 1);
    } catch (err) {
      setError(err);
    }
  }

  function copy() {
    copyText(created.token, tokenInput.current).then(
      () => setCopied('The token has been copied.'),
      (e) => setCopied(e.message),
    );
  }

  const ferr = (k) => (error && error.field === k ? error.message : null);
  return (
    <section class="panel" aria-labelledby="tokens-h">
      <h2 id="tokens-h">API tokens</h2>
      <p>Tokens let another system use the API as this user (header <code>Authorization: Bearer …</code>).</p>
      <ErrorBox error={error} />
      <Notice message={notice} />
      {created && (
        <div class="token-once" role="region" aria-labelledby="token-once-h">
          <h3 id="token-once-h">New token “{created.name}”</h3>
          <p><strong>Copy this token now. It will not be shown again.</strong></p>
          <div class="input-with-buttons">
            <label for="token-value" class="visually-hidden">Token</label>
            <input id="token-value" ref={tokenInput} class="mono" type="text" readOnly value={created.token}
              onFocus={(e) => e.currentTarget.select()} />
            <button type="button" class="btn btn-primary" onClick={copy}>Copy</button>
            <button type="button" class="btn btn-secondary" onClick={() => { setCreated(null); setCopied(null); }}>Done</button>
          </div>
          <p role="status" aria-live="polite" class="hint">{copied || ''}</p>
        </div>
      )}
      {!items && !error && <Loading what="tokens" />}
      {items && items.length === 0 && <p class="muted">This user has no API tokens.</p>}
      {items && items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="API tokens">
          <table class="reflow">
            <thead>
              <tr>
                <th scope="col">Name</th><th scope="col">Created</th><th scope="col">Last used</th>
                <th scope="col">Expires</th><th scope="col">Status</th>
                <th scope="col"><span class="visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.id}>
                  <td data-label="Name">{t.name}</td>
                  <td data-label="Created"><DateTime value={t.created_at} /></td>
                  <td data-label="Last used"><DateTime value={t.last_used_at} /></td>
                  <td data-label="Expires">{t.expires_at ? <DateTime value={t.expires_at} /> : 'Never'}</td>
                  <td data-label="Status">{t.revoked ? <span class="tag tag-bad">Revoked</span> : <span class="tag tag-ok">Active</span>}</td>
                  <td data-label="">{!t.revoked && (
                    <button type="button" class="btn btn-secondary btn-small" onClick={() => revoke(t)}>
                      Revoke<span class="visually-hidden"> token {t.name}</span>
                    </button>
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Create a token</h3>
      <form class="form form-wide" onSubmit={create} noValidate>
        <div class="field-row">
          <Field id="token-name" label="Name" hint="What the token is for, e.g. “Odisha returns upload”." error={ferr('name')}>
            <input id="token-name" type="text" maxLength={100} value={name} autoComplete="off"
              aria-describedby={describedBy('token-name', true, ferr('name'))} onInput={(e) => setName(e.currentTarget.value)} />
          </Field>
          <Field id="token-days" label="Days until it expires" hint="Leave empty for a token that does not expire." error={ferr('expires_days')}>
            <input id="token-days" type="number" inputMode="numeric" min={1} max={3650} value={days}
              aria-describedby={describedBy('token-days', true, ferr('expires_days'))} onInput={(e) => setDays(e.currentTarget.value)} />
          </Field>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Creating…' : 'Create token'}</button>
        </div>
      </form>
    </section>
  );
}
