// Sign in: POST /api/v1/session {login, password}.

import { useEffect, useState } from 'preact/hooks';
import { api, setSession } from '../lib/api.js';
import { navigate } from '../lib/router.js';
import { Page, ErrorBox, Field } from '../lib/ui.jsx';

/* Only paths inside this application are followed after sign-in. */
function safeNext(next) {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/api/') || next.startsWith('/sign-in')) return '/';
  return next;
}

export function SignIn({ next }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [lockedUntil, setLockedUntil] = useState(0);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    if (lockedUntil <= Date.now()) return undefined;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [lockedUntil]);

  const waitSeconds = Math.max(0, Math.ceil((lockedUntil - now) / 1000));

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    if (!login.trim() || !password) {
      setError({ message: 'Enter your login and your password.' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api('POST', '/session', { body: { login: login.trim(), password }, noAuthRedirect: true });
      setSession(r);
      navigate(r.must_change_password ? '/account/password' : safeNext(next), { replace: true });
    } catch (err) {
      setPassword('');
      if (err.status === 429) {
        const secs = parseInt(err.retryAfter, 10);
        if (secs > 0) {
          setLockedUntil(Date.now() + secs * 1000);
          setNow(Date.now());
        }
      }
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Page title="Sign in">
      <div class="narrow-form">
        <p class="lead">For officers of the Anti Human Trafficking Cell and of the States/UTs.</p>
        <ErrorBox error={error} />
        {waitSeconds > 0 && (
          <p class="msg msg-warn" role="timer" aria-live="off">
            The account is locked. You can try again in {waitSeconds} second{waitSeconds === 1 ? '' : 's'}.
          </p>
        )}
        <form onSubmit={submit} noValidate class="form">
          <Field id="login" label="Login">
            <input id="login" name="username" type="text" autoComplete="username" autoCapitalize="none"
              spellcheck={false} required value={login} onInput={(e) => setLogin(e.currentTarget.value)} />
          </Field>
          <Field id="password" label="Password">
            <input id="password" name="password" type="password" autoComplete="current-password" required
              value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
          </div>
        </form>
        <p class="hint">Forgotten your password? Ask an administrator of AHT Cell, or the State/UT
          officer who manages your account, to set a new one.</p>
      </div>
    </Page>
  );
}
