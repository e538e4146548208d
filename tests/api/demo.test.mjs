// The first run: `ahtcell demo` (what `make run` calls) creates the admin
// with a random password printed once, which signs in and must be changed.
import { it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Server, Client, ahtcell, assertError, assertStatus } from './lib.mjs';

let srv;
after(async () => { if (srv) await srv.stop(); });

it('demo prints a working admin password once, and the admin must change it', async () => {
  let printed;
  srv = await Server.start({
    setup: (s) => {
      const first = ahtcell(['demo', '--data', s.dir]);
      assert.equal(first.status, 0, first.stderr);
      const m = first.stdout.match(/password\s+(\S{20})\s/);
      assert.ok(m, `no password in:\n${first.stdout}`);
      printed = m[1];
      const again = ahtcell(['demo', '--data', s.dir]);
      assert.equal(again.status, 0, again.stderr);
      assert.ok(!again.stdout.includes(printed), 'the password is shown only once');
    },
  });
  const admin = await Client.signedIn(srv, 'admin', printed);
  const me = await admin.get('/api/v1/session');
  assertStatus(me, 200);
  assert.equal(me.json.user.role, 'admin');
  assert.equal(me.json.must_change_password, true);
  assertError(await admin.get('/api/v1/users'), 403, 'auth.password_change_required');
  assertStatus(await admin.post('/api/v1/session/password', { current: printed, new: 'Monsoon-Ledger-Quiet-81' }), 204);
  assertStatus(await admin.get('/api/v1/users'), 200);
});

it('audit-verify prints the head, and --head checks it later', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ahtcell-head-'));
  try {
    assert.equal(ahtcell(['demo', '--data', dir]).status, 0);
    const v = ahtcell(['audit-verify', '--data', dir]);
    assert.equal(v.status, 0, v.stderr);
    const head = v.stdout.match(/^head: (\d+:[0-9a-f]{64})$/m);
    assert.ok(head, v.stdout);
    assert.equal(ahtcell(['audit-verify', '--data', dir, '--head', head[1]]).status, 0);
    const forged = head[1].replace(/:(.)/, (m, c) => `:${c === 'a' ? 'b' : 'a'}`);
    const bad = ahtcell(['audit-verify', '--data', dir, '--head', forged]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /BROKEN/);
    assert.equal(ahtcell(['audit-verify', '--data', dir, '--head', 'nonsense']).status, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
