// The first run: `ahtcell demo` (what `make run` calls) creates the admin
// with a random password printed once, which signs in and must be changed.
import { it, after } from 'node:test';
import assert from 'node:assert/strict';
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
