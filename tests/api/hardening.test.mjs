// Regressions from the security review of the foundation: each of these was
// exploitable before its fix.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Server, Client, ahtcell, assertError, assertStatus } from './lib.mjs';

let srv;
let admin;
before(async () => {
  srv = await Server.start({
    setup: (s) => {
      s.addUser('hard-admin', { role: 'admin' });
      s.addUser('hard-od', { role: 'state', jurisdiction: 'state:21' });
    },
  });
  admin = await Client.signedIn(srv, 'hard-admin');
});
after(async () => { if (srv) await srv.stop(); });

// Sends one raw request line (as written, no normalisation) and returns the
// status and body of the answer.
function raw(line) {
  return new Promise((resolve, reject) => {
    const s = net.connect(srv.port, '127.0.0.1');
    let data = '';
    s.setTimeout(5000, () => { s.destroy(); reject(new Error(`no answer to ${line}`)); });
    s.on('data', (d) => { data += d; });
    s.on('end', () => resolve({ status: Number(data.split(' ')[1]), text: data }));
    s.on('error', reject);
    s.write(`${line} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  });
}

it('serves no file outside the web folder, however the path is spelled', async () => {
  for (const p of [`//${srv.dir}/ahtcell.db`, `//${srv.dir}/keys/field.keys`, `/%2F${srv.dir.slice(1)}/keys/field.keys`,
    '//etc/hostname.conf', '/../../etc/adduser.conf', '/assets/../../etc/adduser.conf']) {
    const r = await raw(`GET ${p}`);
    assert.ok(!r.text.includes('ahtcell.db') || r.status !== 200, p);
    assert.ok(r.status === 404 || r.status === 400, `${p} answered ${r.status}`);
    assert.ok(!/SQLite format|^\d+ [0-9a-f]{64}$/m.test(r.text), `${p} leaked a file`);
  }
});

it('a request path without a leading slash is answered, and the server lives on', async () => {
  const r = await raw('GET xy');
  assert.equal(r.status, 404);
  assertStatus(await srv.request('GET', '/api/v1/health'), 200);
});

it('a newline in the path cannot forge an access-log line', async () => {
  await raw('GET /api/v1/he%0A2026-01-01T00:00:00Z%20access%20GET%20/forged');
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(!/^2026-01-01T00:00:00Z access GET \/forged/m.test(srv.stderrText), 'forged line in the log');
});

it('a body that is not sent as JSON is refused (no sign-in from a cross-site form)', async () => {
  const r = await srv.request('POST', '/api/v1/session', {
    body: JSON.stringify({ login: 'hard-admin', password: 'x' }), headers: { 'Content-Type': 'text/plain' },
  });
  assertError(r, 415, 'request.content_type');
});

it('an API token is shown once: an Idempotency-Key replay withholds it', async () => {
  const u = (await admin.get('/api/v1/users?q=hard-od')).json.items[0];
  const first = await admin.post(`/api/v1/users/${u.id}/tokens`, { name: 'once' }, { headers: { 'Idempotency-Key': 'tok-1' } });
  assertStatus(first, 201);
  assert.match(first.json.token, /^aht_/);
  const again = await admin.post(`/api/v1/users/${u.id}/tokens`, { name: 'once' }, { headers: { 'Idempotency-Key': 'tok-1' } });
  assertStatus(again, 201);
  assert.equal(again.headers.get('idempotent-replay'), 'true');
  assert.equal(again.json.id, first.json.id);
  assert.equal(again.json.token, null);
  assert.equal(again.json.secret_withheld, true);
});

it('a refusal decided inside a handler is audited', async () => {
  const od = await Client.signedIn(srv, 'hard-od');
  const r = await od.post('/api/v1/users', {
    login: 'hard-cell', name: 'Cell by a State', role: 'cell', jurisdiction: 'national', password: 'Tidal-Orchid-Compass-56',
  });
  assertError(r, 403, 'auth.forbidden');
  const a = await admin.get('/api/v1/audit?action=access.denied');
  assertStatus(a, 200);
  assert.ok(a.json.items.some((e) => e.login === 'hard-od' && e.object_id === 'auth.forbidden'),
    JSON.stringify(a.json.items));
});

it('a new password from the command line signs the user out everywhere', async () => {
  const od = await Client.signedIn(srv, 'hard-od');
  assertStatus(await od.get('/api/v1/session'), 200);
  const r = ahtcell(['user', 'passwd', 'hard-od', '--data', srv.dir], { input: 'Quarry-Velvet-Mango-44\n' });
  assert.equal(r.status, 0, r.stderr);
  assertError(await od.get('/api/v1/session'), 401, 'auth.required');
});

it('concurrent wrong passwords all count towards the lock-out', async () => {
  ahtcell(['user', 'add', 'hard-race', '--role', 'viewer', '--jurisdiction', 'national', '--data', srv.dir],
    { input: 'Lantern-Copper-Field-29\n' });
  const tries = await Promise.all(Array.from({ length: 5 }, () =>
    srv.request('POST', '/api/v1/session', { json: { login: 'hard-race', password: 'wrong-wrong-wrong' } })));
  assert.deepEqual(tries.map((r) => r.status), Array(5).fill(401));
  const r = await srv.request('POST', '/api/v1/session', { json: { login: 'hard-race', password: 'Lantern-Copper-Field-29' } });
  assertError(r, 429, 'auth.locked');
});
