// `ahtcell digest send`: each State's reminders (action points overdue and
// due in 14 days) e-mailed to its nodal officer through an SMTP server —
// here a small SMTP sink on loopback that keeps what it receives — and,
// without a mail server, printed instead with nothing else failing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { BIN, Server, Client, assertStatus } from './lib.mjs';

const OD = 21;
const WB = 19;
let srv, cell, sink;
const received = [];

// A minimal SMTP server (RFC 5321 commands libcurl sends) that stores each message.
function smtpSink() {
  return new Promise((resolve) => {
    const server = net.createServer((sock) => {
      let buf = '';
      let data = null;
      let mail = { from: null, to: [] };
      sock.write('220 sink ESMTP\r\n');
      sock.on('data', (chunk) => {
        buf += chunk.toString('utf8');
        let i;
        while ((i = buf.indexOf('\r\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (data !== null) {
            if (line === '.') {
              received.push({ ...mail, data: data.join('\r\n') });
              mail = { from: null, to: [] };
              data = null;
              sock.write('250 OK queued\r\n');
            } else {
              data.push(line.startsWith('..') ? line.slice(1) : line);
            }
            continue;
          }
          const cmd = line.slice(0, 4).toUpperCase();
          if (cmd === 'EHLO') sock.write('250-sink\r\n250 8BITMIME\r\n');
          else if (cmd === 'HELO') sock.write('250 sink\r\n');
          else if (cmd === 'MAIL') { mail.from = line.match(/<([^>]*)>/)?.[1]; sock.write('250 OK\r\n'); }
          else if (cmd === 'RCPT') { mail.to.push(line.match(/<([^>]*)>/)?.[1]); sock.write('250 OK\r\n'); }
          else if (cmd === 'DATA') { data = []; sock.write('354 go ahead\r\n'); }
          else if (cmd === 'QUIT') { sock.end('221 bye\r\n'); }
          else sock.write('250 OK\r\n');
        }
      });
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function run(args) {
  return new Promise((resolve) => {
    const c = spawn(BIN, [...args, '--data', srv.dir]);
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => { stdout += d; });
    c.stderr.on('data', (d) => { stderr += d; });
    c.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function day(n) { return new Date(Date.now() + 19800e3 + n * 86400e3).toISOString().slice(0, 10); }

before(async () => {
  srv = await Server.start({ setup: (s) => s.addUser('dm-cell', { role: 'cell' }) });
  cell = await Client.signedIn(srv, 'dm-cell');
  assertStatus(await cell.post('/api/v1/officers', { state_lgd: OD, name: 'Shri A. K. Mishra, IPS', designation: 'IGP, CID',
    email: 'igcid@odishapolice.example' }), 201);
  const m = await cell.post('/api/v1/meetings', { title: 'Nodal officers\' meeting', kind: 'nodal_officers',
    starts_at: `${day(-30)}T10:30`, invited: [OD, WB] });
  assertStatus(await cell.post(`/api/v1/meetings/${m.json.id}/action-points`,
    { text: 'Notify AHTUs in every district.', due_on: day(-3), states: 'invited' }), 201);
  assertStatus(await cell.post(`/api/v1/meetings/${m.json.id}/action-points`,
    { text: 'Send the quarter\'s rescue figures.', due_on: day(5), states: [OD] }), 201);
  sink = await smtpSink();
});
after(async () => {
  if (sink) sink.close();
  if (srv) await srv.stop();
});

describe('digest send', () => {
  it('without a mail server prints the digests and fails nothing', async () => {
    const r = await run(['digest', 'send']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /no mail server configured/);
    assert.match(r.stdout, /---- to igcid@odishapolice\.example\nAction points of Odisha: 1 overdue, 1 due in 14 days/);
    assert.match(r.stderr, /West Bengal has no nodal officer's e-mail/);
    assert.match(r.stdout, /1 digest printed/);
  });
  it('mails each State\'s digest to its nodal officer through SMTP', async () => {
    const { port } = sink.address();
    const r = await run(['digest', 'send', '--smtp', `smtp://127.0.0.1:${port}`, '--mail-from', 'aht-cell@mha.example']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /sent to igcid@odishapolice\.example: Odisha/);
    assert.equal(received.length, 1);
    const msg = received[0];
    assert.equal(msg.from, 'aht-cell@mha.example');
    assert.deepEqual(msg.to, ['igcid@odishapolice.example']);
    assert.match(msg.data, /^Subject: Action points of Odisha: 1 overdue, 1 due in 14 days/m);
    assert.match(msg.data, /^Content-Type: text\/plain; charset=utf-8$/m);
    assert.match(msg.data, /Notify AHTUs in every district\.\r\n\s+Due \d{4}-\d{2}-\d{2}, overdue by 3 days/);
    assert.match(msg.data, /Send the quarter's rescue figures\./);
    const a = await cell.get('/api/v1/audit?limit=50');
    assert.ok(a.json.items.some((x) => x.action === 'digest.sent' && x.object_id === String(OD)));
  });
  it('one State only; and a mail server that is down is an error, not a crash', async () => {
    received.length = 0;
    const { port } = sink.address();
    let r = await run(['digest', 'send', '--state', String(WB), '--smtp', `smtp://127.0.0.1:${port}`, '--mail-from', 'a@b.example']);
    assert.equal(r.status, 0);
    assert.equal(received.length, 0, 'West Bengal has no officer\'s e-mail: nothing sent');
    r = await run(['digest', 'send', '--smtp', 'smtp://127.0.0.1:1', '--mail-from', 'a@b.example']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /could not be made or sent/);
    r = await run(['digest', 'send', '--smtp', `smtp://127.0.0.1:${port}`]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--mail-from/);
  });
});
