// Change of password: POST /api/v1/session/password {current, new}. Forced while the
// session says must_change_password; otherwise reached from the account menu.

import { useState } from 'preact/hooks';
import { api, flash, loadSession, useSession } from '../lib/api.js';
import { navigate } from '../lib/router.js';
import { Page, ErrorBox, Field, describedBy } from '../lib/ui.jsx';

export function PasswordPolicy({ id }) {
  return (
    <div class="policy" id={id}>
      <p>A good password:</p>
      <ul>
        <li>has at least 12 characters (at most 256) — a few unrelated words make a strong one;</li>
        <li>is not a common password, nor a common one with digits or symbols added;</li>
        <li>does not contain your login.</li>
      </ul>
    </div>
  );
}

export function ChangePassword({ next }) {
  const s = useSession();
  const forced = s.mustChange;
  const [current, setCurrent] = useState('');
  const [pw, setPw] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [fieldErrs, setFieldErrs] = useState({});

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!current) errs.current = 'Enter your current password.';
    if (pw.length < 12) errs.pw = 'The new password needs at least 12 characters.';
    else if (pw.length > 256) errs.pw = 'The new password can have at most 256 characters.';
    if (pw !== again) errs.again = 'The two new passwords are not the same.';
    setFieldErrs(errs);
    if (Object.keys(errs).length) {
      setError({ message: 'Please correct the marked fields.' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/session/password', { body: { current, new: pw } });
      await loadSession();
      flash('Your password has been changed. Your other sessions have been signed out.');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: forced });
    } catch (err) {
      setBusy(false);
      if (err.status === 401) return;
      if (err.code === 'password.weak') setFieldErrs({ pw: err.message });
      else if (err.field === 'current' || err.code === 'auth.invalid_credentials') setFieldErrs({ current: err.message });
      setError(err);
    }
  }

  return (
    <Page title={forced ? 'Choose a new password' : 'Change password'}>
      <div class="narrow-form">
        {forced && (
          <p class="lead">Before you continue, choose a new password of your own in place of the one
            you were given.</p>
        )}
        <ErrorBox error={error} />
        <PasswordPolicy id="pw-policy" />
        <form onSubmit={submit} noValidate class="form">
          <input type="text" name="username" autoComplete="username" value={s.user ? s.user.login : ''} hidden readOnly aria-hidden="true" tabIndex={-1} />
          <Field id="current" label="Current password" error={fieldErrs.current}>
            <input id="current" type="password" autoComplete="current-password" required value={current}
              aria-invalid={fieldErrs.current ? 'true' : undefined} aria-describedby={describedBy('current', null, fieldErrs.current)}
              onInput={(e) => setCurrent(e.currentTarget.value)} />
          </Field>
          <Field id="new-password" label="New password" error={fieldErrs.pw}>
            <input id="new-password" type="password" autoComplete="new-password" required minLength={12} maxLength={256}
              value={pw} aria-invalid={fieldErrs.pw ? 'true' : undefined}
              aria-describedby={['pw-policy', fieldErrs.pw ? 'new-password-error' : null].filter(Boolean).join(' ')}
              onInput={(e) => setPw(e.currentTarget.value)} />
          </Field>
          <Field id="new-password-again" label="New password again" error={fieldErrs.again}>
            <input id="new-password-again" type="password" autoComplete="new-password" required value={again}
              aria-invalid={fieldErrs.again ? 'true' : undefined} aria-describedby={describedBy('new-password-again', null, fieldErrs.again)}
              onInput={(e) => setAgain(e.currentTarget.value)} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Changing…' : 'Change password'}</button>
          </div>
        </form>
      </div>
    </Page>
  );
}
