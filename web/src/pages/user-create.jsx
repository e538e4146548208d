// Create a user: POST /api/v1/users with an Idempotency-Key, so that a double click or a
// retry never makes two users.

import { useRef, useState } from 'preact/hooks';
import { api, flash, idempotencyFor, useSession } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import {
  Page, ErrorBox, Field, describedBy, fieldError, ROLES, JurisdictionPicker, jurisdictionOf, roleJurisdictionHint,
} from '../lib/ui.jsx';

/* A random password of 16 letters and digits without look-alikes (about 90 bits). */
export function suggestPassword() {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const out = [];
  const buf = new Uint32Array(16);
  crypto.getRandomValues(buf);
  for (const x of buf) out.push(alphabet[x % alphabet.length]);
  return out.join('').replace(/(.{4})(?!$)/g, '$1-');
}

/* The roles a caller may give: an admin any, a State officer only "district". */
export function assignableRoles(me) {
  return me.role === 'admin' ? ROLES : ROLES.filter((r) => r.value === 'district');
}

export function UserCreate() {
  const s = useSession();
  const me = s.user;
  const stateUser = me.role === 'state';
  const roles = assignableRoles(me);
  const [f, setF] = useState({
    login: '', name: '', email: '', role: stateUser ? 'district' : 'viewer', password: '',
  });
  const [sel, setSel] = useState({ state: stateUser && me.state_lgd ? String(me.state_lgd) : '', district: '' });
  const [showPw, setShowPw] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [local, setLocal] = useState({});
  const keyRef = useRef(null);

  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!/^[a-z0-9._-]{3,64}$/.test(f.login)) errs.login = 'A login has 3 to 64 characters: small letters a–z, digits, dot, dash or underscore.';
    if (!f.name.trim()) errs.name = 'Enter the name of the person.';
    if (f.password.length < 12) errs.password = 'The initial password needs at least 12 characters.';
    if (stateUser && !sel.district) errs.jurisdiction = 'Choose the district of the new user.';
    setLocal(errs);
    if (Object.keys(errs).length) {
      setError({ message: 'Please correct the marked fields.' });
      return;
    }
    const body = {
      login: f.login, name: f.name.trim(), email: f.email.trim(), role: f.role,
      jurisdiction: jurisdictionOf(sel), password: f.password,
    };
    setBusy(true);
    setError(null);
    try {
      const u = await api('POST', '/users', { body, idempotencyKey: idempotencyFor(keyRef, body) });
      flash(`User ${u.login} has been created. They must change the password at first sign-in.`);
      navigate(`/users/${encodeURIComponent(u.id)}`);
    } catch (err) {
      setBusy(false);
      setError(err);
    }
  }

  const ferr = (k) => local[k] || fieldError(error, k) || (k === 'login' && error && error.code === 'user.exists' ? error.message : null);

  return (
    <Page title="Create user" lead={stateUser ? 'As a State/UT officer you can create district officers of your own State/UT.' : null}>
      <p><Link href="/users">Back to users</Link></p>
      <ErrorBox error={error} />
      <form class="form form-wide" onSubmit={submit} noValidate>
        <div class="field-row">
          <Field id="new-login" label="Login" hint="3 to 64 characters: a–z, 0–9, dot, dash, underscore." error={ferr('login')}>
            <input id="new-login" type="text" autoComplete="off" autoCapitalize="none" spellcheck={false} required
              maxLength={64} value={f.login} aria-invalid={ferr('login') ? 'true' : undefined}
              aria-describedby={describedBy('new-login', true, ferr('login'))}
              onInput={(e) => setF({ ...f, login: e.currentTarget.value.toLowerCase() })} />
          </Field>
          <Field id="new-name" label="Full name" error={ferr('name')}>
            <input id="new-name" type="text" autoComplete="off" required maxLength={200} value={f.name}
              aria-invalid={ferr('name') ? 'true' : undefined} aria-describedby={describedBy('new-name', null, ferr('name'))}
              onInput={set('name')} />
          </Field>
        </div>
        <div class="field-row">
          <Field id="new-email" label="Email" error={ferr('email')}>
            <input id="new-email" type="email" autoComplete="off" maxLength={254} value={f.email}
              aria-invalid={ferr('email') ? 'true' : undefined} aria-describedby={describedBy('new-email', null, ferr('email'))}
              onInput={set('email')} />
          </Field>
          <Field id="new-role" label="Role" hint={roleJurisdictionHint(f.role)} error={ferr('role')}>
            <select id="new-role" value={f.role} disabled={roles.length === 1}
              aria-describedby={describedBy('new-role', true, ferr('role'))} onChange={set('role')}>
              {roles.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
            </select>
          </Field>
        </div>
        <JurisdictionPicker id="new-jurisdiction" sel={sel} onChange={setSel}
          lockedState={stateUser ? me.state_lgd : null} requireDistrict={stateUser} error={ferr('jurisdiction')} />
        <Field id="new-password" label="Initial password"
          hint="At least 12 characters, not a common password. The user must change it at first sign-in. Give it to them by a safe channel."
          error={ferr('password')}>
          <div class="input-with-buttons">
            <input id="new-password" type={showPw ? 'text' : 'password'} autoComplete="new-password" required
              maxLength={256} value={f.password} aria-invalid={ferr('password') ? 'true' : undefined}
              aria-describedby={describedBy('new-password', true, ferr('password'))} onInput={set('password')} />
            <button type="button" class="btn btn-secondary" aria-pressed={showPw ? 'true' : 'false'}
              onClick={() => setShowPw(!showPw)}>{showPw ? 'Hide' : 'Show'}</button>
            <button type="button" class="btn btn-secondary"
              onClick={() => { setF({ ...f, password: suggestPassword() }); setShowPw(true); }}>Suggest</button>
          </div>
        </Field>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Creating…' : 'Create user'}</button>
          <Link href="/users" class="btn btn-secondary">Cancel</Link>
        </div>
      </form>
    </Page>
  );
}
