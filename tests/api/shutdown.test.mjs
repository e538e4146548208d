// SIGTERM while requests are in flight: every request already received is
// answered, every acknowledged write is on disk, and the process exits 0.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Server, PASSWORD, ahtcell } from './lib.mjs';

it('finishes the requests in flight on SIGTERM and keeps their writes', async () => {
  const srv = await Server.start({ setup: (s) => s.addUser('shut-admin', { role: 'admin' }) });
  try {
    // Each sign-in spends ~0.1 s in argon2id and writes a session and an
    // audit entry: eight of them keep the server busy when SIGTERM lands.
    const n = 8;
    const pending = Array.from({ length: n }, () =>
      srv.request('POST', '/api/v1/session', { json: { login: 'shut-admin', password: PASSWORD } }));
    // SIGTERM once the server is busy with them (the first answer is in),
    // while the others are still being verified or waiting for a thread.
    await Promise.race(pending);
    srv.child.kill('SIGTERM');
    const answers = await Promise.all(pending);
    assert.deepEqual(answers.map((r) => r.status), Array(n).fill(200));
    const exit = await srv.exited;
    assert.deepEqual(exit, { code: 0, signal: null }, srv.stderrText.slice(-2000));
    assert.match(srv.stderrText, /finishing requests in flight/);
    assert.match(srv.stderrText, /stopped cleanly/);
    // 1 user.create (CLI) + n sign-ins, all on disk and chained.
    const v = ahtcell(['audit-verify', '--data', srv.dir]);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, new RegExp(`intact: ${n + 1} entries`));
  } finally {
    if (!srv.exit) srv.child.kill('SIGKILL');
    fs.rmSync(srv.dir, { recursive: true, force: true });
  }
});
