// Sign-in, sessions, CSRF, lock-out, forced password change, password
// policy, bearer tokens and the audit chain.  Contract: docs/api.md.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Server, Client, PASSWORD, parseSetCookie, assertError, assertStatus, assertUser, ISO_Z, sleep } from './lib.mjs';

let srv;
let admin;

before(async () => {
  srv = await Server.start({
    setup: (s) => {
      s.addUser('sess-admin', { role: 'admin' });
      s.addUser('alice', { role: 'cell' });
      s.addUser('bob', { role: 'viewer', jurisdiction: 'state:21' });
      s.addUser('locky', { role: 'viewer' });
      s.addUser('newbie', { role: 'admin', temporary: true });
      s.addUser('robot', { role: 'admin' });
      s.addUser('weakling', { role: 'cell' });
    },
  });
  admin = await Client.signedIn(srv, 'sess-admin');
});
after(async () => { if (srv) await srv.stop(); });

const signIn = (login, password) => srv.request('POST', '/api/v1/session', { json: { login, password } });

describe('sign-in', () => {
  it('right password: 200, USER, csrf, cookie HttpOnly + SameSite=Strict', async () => {
    const r = await signIn('alice', PASSWORD);
    assertStatus(r, 200);
    assertUser(r.json.user, 'session user');
    assert.equal(r.json.user.login, 'alice');
    assert.equal(r.json.user.role, 'cell');
    assert.equal(r.json.user.jurisdiction, 'national');
    assert.equal(r.json.user.state_lgd, null);
    assert.equal(r.json.must_change_password, false);
    assert.ok(typeof r.json.csrf === 'string' && r.json.csrf.length >= 16, `csrf: ${r.json.csrf}`);
    assert.match(r.json.expires_at, ISO_Z);
    const c = parseSetCookie(r.headers);
    assert.ok(c, `no ahtcell_session cookie: ${r.headers.get('set-cookie')}`);
    assert.ok(c.value.length >= 16, 'session token too short');
    const attrs = c.attrs.map((a) => a.toLowerCase());
    assert.ok(attrs.includes('httponly'), `HttpOnly missing: ${c.raw}`);
    assert.ok(attrs.includes('samesite=strict'), `SameSite=Strict missing: ${c.raw}`);
    assert.ok(attrs.includes('path=/'), `Path=/ missing: ${c.raw}`);
    assert.ok(!r.text.includes(c.value), 'the session token must travel only in the cookie');
  });

  it('GET /api/v1/session answers the signed-in user', async () => {
    const c = await Client.signedIn(srv, 'alice');
    const r = await c.get('/api/v1/session');
    assertStatus(r, 200);
    assertUser(r.json.user);
    assert.equal(r.json.user.login, 'alice');
    assert.equal(r.json.csrf, c.csrf);
    assert.equal(r.json.must_change_password, false);
    assert.match(r.json.expires_at, ISO_Z);
    assert.match(r.json.user.last_login_at, ISO_Z);
  });

  it('without a session: 401 auth.required', async () => {
    assertError(await srv.request('GET', '/api/v1/session'), 401, 'auth.required');
    assertError(await srv.request('GET', '/api/v1/session', { headers: { Cookie: 'ahtcell_session=forged-value-0000000000000000' } }),
      401, 'auth.required');
  });

  it('wrong password and unknown login give the same 401 auth.invalid_credentials', async () => {
    const wrong = await signIn('alice', 'Not-The-Password-42x');
    const unknown = await signIn('nobody-here', 'Not-The-Password-42x');
    assertError(wrong, 401, 'auth.invalid_credentials');
    assertError(unknown, 401, 'auth.invalid_credentials');
    assert.deepEqual(unknown.json, wrong.json, 'unknown login must answer exactly like a wrong password');
    assert.equal(parseSetCookie(wrong.headers)?.value || '', '', 'no session cookie on failure');
  });

  it('5 failures lock the account: 429 auth.locked with Retry-After, even for the right password', async () => {
    for (let i = 1; i <= 5; i++) {
      assertError(await signIn('locky', `Wrong-Password-Nr-${i}x`), 401, 'auth.invalid_credentials');
    }
    const locked = await signIn('locky', PASSWORD);
    assertError(locked, 429, 'auth.locked');
    const ra = Number(locked.headers.get('retry-after'));
    assert.ok(Number.isInteger(ra) && ra >= 1 && ra <= 30, `Retry-After ${locked.headers.get('retry-after')} (lock is 30 s)`);
    assert.equal(parseSetCookie(locked.headers)?.value || '', '', 'no session while locked');
    assertError(await signIn('locky', 'Wrong-Password-Nr-6x'), 429, 'auth.locked');
    // Other accounts are not affected.
    assertStatus(await signIn('alice', PASSWORD), 200);
  });

  it('the lock lifts after Retry-After', { timeout: 150_000 }, async () => {
    let r = await signIn('locky', PASSWORD);
    for (let i = 0; i < 3 && r.status === 429; i++) {
      const ra = Number(r.headers.get('retry-after'));
      assert.ok(ra >= 1 && ra <= 3600, `Retry-After ${ra}`);
      await sleep(Math.min(ra, 65) * 1000 + 300);
      r = await signIn('locky', PASSWORD);
    }
    assertStatus(r, 200);
  });
});

describe('CSRF and logout', () => {
  it('a cookie request that changes state without X-CSRF-Token answers 403 auth.csrf', async () => {
    const c = await Client.signedIn(srv, 'alice');
    assertError(await c.del('/api/v1/session', { csrf: false }), 403, 'auth.csrf');
    assertError(await c.post('/api/v1/session/password', { current: PASSWORD, new: 'Another-Fine-Pass-88' }, { csrf: false }),
      403, 'auth.csrf');
    assertError(await c.del('/api/v1/session', { csrf: false, headers: { 'X-CSRF-Token': 'x'.repeat(43) } }), 403, 'auth.csrf');
    // A CSRF token of another session does not do either.
    const other = await Client.signedIn(srv, 'alice');
    assertError(await c.del('/api/v1/session', { csrf: false, headers: { 'X-CSRF-Token': other.csrf } }), 403, 'auth.csrf');
    assertStatus(await c.get('/api/v1/session'), 200);
    // The password did not change.
    assertStatus(await signIn('alice', PASSWORD), 200);
  });

  it('DELETE /api/v1/session logs out: 204, cookie cleared, cookie no longer works', async () => {
    const c = await Client.signedIn(srv, 'alice');
    const r = await c.del('/api/v1/session');
    assertStatus(r, 204);
    const cleared = parseSetCookie(r.headers);
    assert.ok(cleared, 'logout must clear the ahtcell_session cookie');
    assert.ok(cleared.value === '' || cleared.attrs.some((a) => /^max-age=0$/i.test(a) || /^expires=/i.test(a)),
      `cookie not cleared: ${cleared.raw}`);
    assertError(await c.get('/api/v1/session'), 401, 'auth.required');
    assertError(await c.get('/api/v1/sessions'), 401, 'auth.required');
  });
});

describe('own sessions', () => {
  it('list own sessions, revoke another of own; another user\'s session is 404', async () => {
    const c1 = await Client.signedIn(srv, 'bob');
    const c2 = await Client.signedIn(srv, 'bob');
    const r = await c1.get('/api/v1/sessions');
    assertStatus(r, 200);
    assert.ok(Array.isArray(r.json.items));
    assert.ok(r.json.items.length >= 2, `bob has 2 sessions: ${r.text}`);
    const current = r.json.items.filter((s) => s.current === true);
    assert.equal(current.length, 1, 'exactly one current session');
    for (const s of r.json.items) {
      for (const f of ['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent', 'current']) {
        assert.ok(f in s, `session field ${f} missing: ${JSON.stringify(s)}`);
      }
      assert.match(s.created_at, ISO_Z);
      assert.ok(!Object.values(s).includes(c1.cookie) && !Object.values(s).includes(c2.cookie), 'session list must not show tokens');
    }
    const c2id = (await c2.get('/api/v1/sessions')).json.items.find((s) => s.current).id;
    assert.notEqual(c2id, current[0].id);

    // Another user's session: 404 for bob, and for an admin too.
    const alice = await Client.signedIn(srv, 'alice');
    const aliceId = (await alice.get('/api/v1/sessions')).json.items.find((s) => s.current).id;
    const missing = await c1.del('/api/v1/sessions/999999999');
    assertError(missing, 404);
    const foreign = await c1.del(`/api/v1/sessions/${encodeURIComponent(aliceId)}`);
    assertError(foreign, 404);
    assert.deepEqual(foreign.json, missing.json, "another user's session must answer like a missing one");
    assertError(await admin.del(`/api/v1/sessions/${encodeURIComponent(aliceId)}`), 404);
    assertStatus(await alice.get('/api/v1/session'), 200);

    // Revoke one of own.
    assertStatus(await c1.del(`/api/v1/sessions/${encodeURIComponent(c2id)}`), 204);
    assertError(await c2.get('/api/v1/session'), 401, 'auth.required');
    assertStatus(await c1.get('/api/v1/session'), 200);
    const after = (await c1.get('/api/v1/sessions')).json.items.map((s) => s.id);
    assert.ok(!after.includes(c2id), 'revoked session still listed as active');
  });
});

describe('forced password change and password policy', () => {
  it('a --temporary user is held at 403 auth.password_change_required until it changes the password', async () => {
    const c = new Client(srv, { login: 'newbie' });
    const s = await c.signIn();
    assertStatus(s, 200);
    assert.equal(s.json.must_change_password, true);
    assert.equal(s.json.user.must_change_password, true);
    assertError(await c.get('/api/v1/users'), 403, 'auth.password_change_required');
    assertError(await c.get('/api/v1/audit'), 403, 'auth.password_change_required');
    assertError(await c.post('/api/v1/users', { login: 'sneaky', name: 'S', email: 's@example.org', role: 'cell',
      jurisdiction: 'national', password: 'Sneaky-Long-Pass-91' }), 403, 'auth.password_change_required');
    // The session routes stay open.
    const g = await c.get('/api/v1/session');
    assertStatus(g, 200);
    assert.equal(g.json.must_change_password, true);
    assertStatus(await c.get('/api/v1/sessions'), 200);

    const weak = [
      ['Short-1x', 'too short'],
      ['password123456', 'common password'],
      ['Password123456!', 'common password with digits and symbols'],
      ['My-newbie-Pass-2026', 'contains the login'],
    ];
    for (const [pw, why] of weak) {
      const r = await c.post('/api/v1/session/password', { current: PASSWORD, new: pw });
      assertError(r, 400, 'password.weak');
      assert.ok(r.json.error.message.length > 5, `message must say why (${why})`);
    }
    assertError(await c.get('/api/v1/users'), 403, 'auth.password_change_required');

    const next = 'Fresh-Copper-Kettle-58';
    assertStatus(await c.changePassword(next), 204);
    const g2 = await c.get('/api/v1/session');
    assertStatus(g2, 200);
    assert.equal(g2.json.must_change_password, false);
    assertStatus(await c.get('/api/v1/users'), 200);
    assertError(await signIn('newbie', PASSWORD), 401, 'auth.invalid_credentials');
    const again = await signIn('newbie', next);
    assertStatus(again, 200);
    assert.equal(again.json.must_change_password, false);
  });

  it('a password over 256 characters is refused with password.weak', async () => {
    const c = await Client.signedIn(srv, 'weakling');
    const long = 'Kq7-' + 'river-stone-'.repeat(21) + 'zz1'; // 4 + 252 + 3 = 259 characters
    assert.ok(long.length > 256);
    assertError(await c.post('/api/v1/session/password', { current: PASSWORD, new: long }), 400, 'password.weak');
    const l257 = long.slice(0, 257);
    assertError(await c.post('/api/v1/session/password', { current: PASSWORD, new: l257 }), 400, 'password.weak');
    assertStatus(await signIn('weakling', PASSWORD), 200);
  });

  it('changing the password revokes the other sessions of the user', async () => {
    const a = await Client.signedIn(srv, 'weakling');
    const b = await Client.signedIn(srv, 'weakling');
    assertStatus(await a.changePassword('Quiet-Meadow-Lamp-63'), 204);
    assertStatus(await a.get('/api/v1/session'), 200);
    assertError(await b.get('/api/v1/session'), 401, 'auth.required');
  });
});

describe('bearer tokens', () => {
  it('a token from `ahtcell user token` works without CSRF and dies when an admin revokes it', async () => {
    const token = srv.userToken('robot', 'ci');
    assert.match(token, /^aht_[A-Za-z0-9_-]{20,}$/, `token format: ${token}`);
    const bot = new Client(srv, { bearer: token });
    assertStatus(await bot.get('/api/v1/users'), 200);
    // State-changing request with the bearer token and no CSRF header.
    const created = await bot.post('/api/v1/users', { login: 'made-by-robot', name: 'Made By Robot',
      email: 'mbr@example.org', role: 'viewer', jurisdiction: 'national', password: 'Robot-Made-This-Pass-4' });
    assertStatus(created, 201);
    assertError(await srv.request('GET', '/api/v1/users', { headers: { Authorization: 'Bearer aht_notarealtoken000000000000000' } }),
      401, 'auth.required');

    const list = await admin.get('/api/v1/users?q=robot');
    assertStatus(list, 200);
    const robot = list.json.items.find((u) => u.login === 'robot');
    assert.ok(robot, 'robot in the user list');
    const toks = await admin.get(`/api/v1/users/${robot.id}/tokens`);
    assertStatus(toks, 200);
    const t = toks.json.items.find((x) => x.name === 'ci');
    assert.ok(t, `token "ci" listed: ${toks.text}`);
    for (const f of ['id', 'name', 'created_at', 'last_used_at', 'expires_at', 'revoked']) assert.ok(f in t, `token field ${f}`);
    assert.equal(t.revoked, false);
    assert.ok(!toks.text.includes(token), 'the token list must not show the secret');

    assertStatus(await admin.del(`/api/v1/tokens/${t.id}`), 204);
    assertError(await bot.get('/api/v1/users'), 401, 'auth.required');
    const toks2 = await admin.get(`/api/v1/users/${robot.id}/tokens`);
    assert.equal(toks2.json.items.find((x) => x.id === t.id)?.revoked, true, 'revoked token shows revoked:true');
  });
});

describe('audit chain', () => {
  function sqlite(db, sql) {
    const r = spawnSync('sqlite3', ['-cmd', '.timeout 10000', db, sql], { encoding: 'utf8' });
    assert.equal(r.status, 0, `sqlite3 ${sql}: ${r.stderr}`);
    return r.stdout;
  }

  it('audit-verify passes, then fails naming the entry after one audit row is changed', async () => {
    const ok = srv.cli(['audit-verify']);
    assert.equal(ok.status, 0, `audit-verify on an untouched log: ${ok.stderr}${ok.stdout}`);

    const audit = await admin.get('/api/v1/audit?limit=5');
    assertStatus(audit, 200);
    assert.ok(audit.json.total >= 10, `the tests above made audit entries (total ${audit.json.total})`);

    const db = path.join(srv.dir, 'ahtcell.db');
    const tables = sqlite(db, "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE '%audit%' ORDER BY length(name);")
      .split('\n').filter(Boolean);
    assert.ok(tables.length > 0, `no audit table in ${db}:\n${sqlite(db, '.schema')}`);
    const table = tables[0];
    const cols = sqlite(db, `SELECT name || '|' || type || '|' || pk FROM pragma_table_info('${table}');`)
      .split('\n').filter(Boolean).map((l) => { const [name, type, pk] = l.split('|'); return { name, type, pk: Number(pk) }; });
    const pk = cols.find((c) => c.pk === 1)?.name || 'rowid';
    const target = ['detail', 'action', 'outcome', 'object_id', 'ip'].find((n) => cols.some((c) => c.name === n));
    assert.ok(target, `audit table ${table} has none of the expected columns: ${cols.map((c) => c.name)}`);
    // An append-only table may defend itself with triggers: an attacker with
    // the file drops them first, so do we.
    const triggers = sqlite(db, `SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='${table}';`).split('\n').filter(Boolean);
    const id = sqlite(db, `SELECT ${pk} FROM ${table} ORDER BY ${pk} LIMIT 1 OFFSET 3;`).trim();
    assert.ok(id, 'an audit row to change');
    const drop = triggers.map((t) => `DROP TRIGGER "${t}";`).join(' ');
    sqlite(db, `BEGIN; ${drop} UPDATE ${table} SET ${target} = coalesce(${target}, '') || 'x' WHERE ${pk} = ${id}; COMMIT;`);
    assert.match(sqlite(db, `SELECT ${target} FROM ${table} WHERE ${pk} = ${id};`), /x\s*$/, 'the row was changed');

    const bad = srv.cli(['audit-verify']);
    assert.notEqual(bad.status, 0, `audit-verify must fail after row ${id} of ${table} was changed:\n${bad.stdout}${bad.stderr}`);
    const out = bad.stdout + bad.stderr;
    assert.match(out, new RegExp(`\\b${id}\\b`), `audit-verify must name the changed entry ${id}: ${out}`);
  });
});
