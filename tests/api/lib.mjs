// Shared helpers of the HTTP API tests (tests/api/*.test.mjs).
//
// Each test file starts its own `ahtcell serve` on a free loopback port with
// its own temporary data directory, so files may run in parallel.  Node 18+
// only: node:test, global fetch, no npm packages.
//
//   import { Server, Client, PASSWORD } from './lib.mjs';
//   const srv = await Server.start();          // before()
//   srv.addUser('admin', { role: 'admin' });   // CLI, password on stdin
//   const admin = await Client.signedIn(srv, 'admin');
//   const r = await admin.get('/api/v1/users');  // { status, headers, text, json }
//   await srv.stop();                          // after(): SIGTERM, asserts exit 0

import { spawn, spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const BIN = path.resolve(process.env.AHTCELL_BIN || 'build/ahtcell');
export const WEB = path.resolve('web/dist');

// A password that satisfies the documented policy for every login used here
// (12+ characters, not common, does not contain the login).
export const PASSWORD = 'Qv7-harbour-Lantern-92';

const running = new Set();
process.on('exit', () => {
  for (const s of running) {
    try { s.child.kill('SIGKILL'); } catch { /* already gone */ }
    try { fs.rmSync(s.dir, { recursive: true, force: true }); } catch { /* ignore */ }
  }
});

// Runs the binary synchronously; returns { status, stdout, stderr }.
export function ahtcell(args, { input } = {}) {
  if (!fs.existsSync(BIN)) {
    throw new Error(`ahtcell binary not found at ${BIN} (build it with make, or set AHTCELL_BIN)`);
  }
  const r = spawnSync(BIN, args, { input: input ?? '', encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

// The route table as `ahtcell routes` prints it.
export function routeTable() {
  const r = ahtcell(['routes']);
  assert.equal(r.status, 0, `ahtcell routes failed: ${r.stderr}`);
  const routes = JSON.parse(r.stdout);
  assert.ok(Array.isArray(routes) && routes.length > 0, 'ahtcell routes printed no routes');
  return routes;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function parseSetCookie(headers, name = 'ahtcell_session') {
  const all = typeof headers.getSetCookie === 'function'
    ? headers.getSetCookie()
    : (headers.get('set-cookie') ? headers.get('set-cookie').split(/,(?=\s*[A-Za-z0-9_]+=)/) : []);
  for (const c of all) {
    const m = c.trim().match(/^([^=]+)=([^;]*)(.*)$/);
    if (m && m[1] === name) {
      const attrs = m[3].split(';').map((a) => a.trim()).filter(Boolean);
      return { value: m[2], attrs, raw: c.trim() };
    }
  }
  return null;
}

export class Server {
  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ahtcell-api-'));
    this.stderrText = '';
    this.child = null;
    this.port = 0;
    this.exit = null;
  }

  // Creates a data dir, starts the server on a free port and waits for
  // GET /api/v1/health = 200 (10 s).  `setup(srv)` runs before the server
  // starts (e.g. to create users with the CLI).
  static async start({ setup } = {}) {
    const srv = new Server();
    running.add(srv);
    if (setup) await setup(srv);
    let lastErr;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await srv.#spawn(await freePort());
        return srv;
      } catch (e) {
        lastErr = e;
        if (!/address|in use|bind/i.test(String(e.message))) break;
      }
    }
    throw lastErr;
  }

  async #spawn(port) {
    this.port = port;
    this.base = `http://127.0.0.1:${port}`;
    this.stderrText = '';
    this.exit = null;
    const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--data', this.dir, '--web', WEB],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { this.stderrText += d; });
    child.stdout.resume();
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      resolve(this.exit);
    }));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (this.exit) {
        throw new Error(`ahtcell serve exited (${JSON.stringify(this.exit)}) before it was healthy:\n${this.stderrText}`);
      }
      try {
        const r = await fetch(`${this.base}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
        await r.arrayBuffer();
        if (r.status === 200) return;
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    child.kill('SIGKILL');
    throw new Error(`ahtcell serve did not answer GET /api/v1/health with 200 within 10 s:\n${this.stderrText}`);
  }

  // SIGTERM, waits (10 s) and asserts exit status 0; removes the data dir.
  async stop() {
    try {
      if (!this.child || this.exit) {
        assert.fail(`ahtcell serve was not running at stop: ${JSON.stringify(this.exit)}\n${this.stderrText.slice(-2000)}`);
      }
      this.child.kill('SIGTERM');
      let timer;
      const res = await Promise.race([this.exited,
        new Promise((r) => { timer = setTimeout(() => r(null), 10_000); })]);
      clearTimeout(timer);
      if (!res) {
        this.child.kill('SIGKILL');
        assert.fail('ahtcell serve did not exit within 10 s of SIGTERM');
      }
      assert.deepEqual(res, { code: 0, signal: null },
        `ahtcell serve should exit 0 after SIGTERM\n${this.stderrText.slice(-2000)}`);
    } finally {
      running.delete(this);
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }

  get stderr() { return this.stderrText; }

  // Waits until the captured stderr matches `re` (the access log may lag a little).
  async waitLog(re, timeout = 3000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      if (re.test(this.stderrText)) return true;
      await sleep(50);
    }
    return re.test(this.stderrText);
  }

  // Runs `ahtcell ARGS --data DIR`.
  cli(args, input) { return ahtcell([...args, '--data', this.dir], { input }); }

  // `ahtcell user add LOGIN --role ROLE --jurisdiction J --data DIR`, password on stdin.
  addUser(login, { role, jurisdiction = 'national', password = PASSWORD, temporary = false } = {}) {
    const args = ['user', 'add', login, '--role', role, '--jurisdiction', jurisdiction];
    if (temporary) args.push('--temporary');
    const r = this.cli(args, password + '\n');
    assert.equal(r.status, 0, `ahtcell ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
    return r;
  }

  // `ahtcell user token LOGIN --name NAME`: the bearer token it prints.
  userToken(login, name) {
    const r = this.cli(['user', 'token', login, '--name', name]);
    assert.equal(r.status, 0, `ahtcell user token failed: ${r.stderr}`);
    return r.stdout.trim();
  }

  // One HTTP request.  `json` is sent as a JSON body; `body` raw.
  // Returns { status, headers, text, json } (json undefined when not JSON).
  async request(method, urlPath, { json, body, headers = {}, timeout = 15_000 } = {}) {
    const h = { ...headers };
    if (json !== undefined) {
      body = JSON.stringify(json);
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
    }
    let r;
    try {
      r = await fetch(this.base + urlPath, { method, headers: h, body, redirect: 'manual',
        signal: AbortSignal.timeout(timeout) });
    } catch (e) {
      throw new Error(`${method} ${urlPath}: no answer (${e.cause?.code || e.message})\n` +
        `server stderr tail:\n${this.stderrText.slice(-1500)}`);
    }
    const text = await r.text();
    let parsed;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
    return { status: r.status, headers: r.headers, text, json: parsed, method, path: urlPath };
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// A signed-in (cookie + CSRF) or bearer caller.
export class Client {
  constructor(srv, { login, password = PASSWORD, bearer } = {}) {
    this.srv = srv;
    this.login = login;
    this.password = password;
    this.bearer = bearer;
    this.cookie = null;
    this.csrf = null;
    this.user = null;
  }

  static async signedIn(srv, login, password = PASSWORD) {
    const c = new Client(srv, { login, password });
    const r = await c.signIn();
    assert.equal(r.status, 200, `sign-in of ${login} failed: ${r.status} ${r.text}`);
    return c;
  }

  async signIn(password = this.password) {
    const r = await this.srv.request('POST', '/api/v1/session', { json: { login: this.login, password } });
    if (r.status === 200) {
      const c = parseSetCookie(r.headers);
      assert.ok(c && c.value, `sign-in of ${this.login} set no ahtcell_session cookie`);
      this.cookie = c.value;
      this.csrf = r.json?.csrf;
      this.user = r.json?.user;
      this.password = password;
    }
    return r;
  }

  // Changes the password of the signed-in user (forced change included).
  async changePassword(next) {
    const r = await this.post('/api/v1/session/password', { current: this.password, new: next });
    if (r.status === 204) this.password = next;
    return r;
  }

  // Signs in again when the cookie stopped working (e.g. after a logout probe).
  async ensureAlive() {
    if (this.bearer || !this.login) return;
    const r = await this.get('/api/v1/session');
    if (r.status !== 200) {
      const s = await this.signIn();
      assert.equal(s.status, 200, `re-sign-in of ${this.login} failed: ${s.status} ${s.text}`);
    }
  }

  headersFor(method, { csrf = true, cookie = true } = {}) {
    const h = {};
    if (this.bearer) h.Authorization = `Bearer ${this.bearer}`;
    if (this.cookie && cookie) {
      h.Cookie = `ahtcell_session=${this.cookie}`;
      if (csrf && UNSAFE.has(method) && this.csrf) h['X-CSRF-Token'] = this.csrf;
    }
    return h;
  }

  async req(method, urlPath, { json, body, headers = {}, csrf = true, cookie = true } = {}) {
    const h = { ...this.headersFor(method, { csrf, cookie }), ...headers };
    return this.srv.request(method, urlPath, { json, body, headers: h });
  }

  get(p, o) { return this.req('GET', p, o); }
  post(p, json, o = {}) { return this.req('POST', p, { ...o, json }); }
  patch(p, json, o = {}) { return this.req('PATCH', p, { ...o, json }); }
  put(p, json, o = {}) { return this.req('PUT', p, { ...o, json }); }
  del(p, o) { return this.req('DELETE', p, o); }
}

// Asserts the documented error shape and (optionally) status and code.
export function assertError(r, status, code) {
  const where = `${r.method} ${r.path}`;
  if (status !== undefined) {
    if (Array.isArray(status)) assert.ok(status.includes(r.status), `${where}: status ${r.status}, want one of ${status}; body ${r.text}`);
    else assert.equal(r.status, status, `${where}: status ${r.status}, want ${status}; body ${r.text}`);
  }
  assert.match(r.headers.get('content-type') || '', /^application\/json/, `${where}: error must be JSON`);
  assert.ok(r.json && typeof r.json.error === 'object', `${where}: no {"error":…} in ${r.text}`);
  assert.equal(typeof r.json.error.code, 'string', `${where}: error.code missing: ${r.text}`);
  assert.ok(typeof r.json.error.message === 'string' && r.json.error.message.length > 0,
    `${where}: error.message missing: ${r.text}`);
  if (code !== undefined) {
    if (Array.isArray(code)) assert.ok(code.includes(r.json.error.code), `${where}: code ${r.json.error.code}, want one of ${code}`);
    else assert.equal(r.json.error.code, code, `${where}: code; body ${r.text}`);
  }
  return r.json.error;
}

export function assertStatus(r, status) {
  assert.equal(r.status, status, `${r.method} ${r.path}: status ${r.status}, want ${status}; body ${r.text}`);
}

export const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export const USER_FIELDS = ['id', 'login', 'name', 'email', 'role', 'jurisdiction', 'state_lgd',
  'district_lgd', 'disabled', 'must_change_password', 'created_at', 'last_login_at'];

export function assertUser(u, where = 'USER') {
  assert.ok(u && typeof u === 'object', `${where}: not an object`);
  for (const f of USER_FIELDS) assert.ok(f in u, `${where}: field ${f} missing in ${JSON.stringify(u)}`);
  assert.equal(typeof u.disabled, 'boolean', `${where}: disabled`);
  assert.equal(typeof u.must_change_password, 'boolean', `${where}: must_change_password`);
  assert.match(u.created_at, ISO_Z, `${where}: created_at`);
  for (const k of Object.keys(u)) {
    assert.ok(!/^(password|passwd|hash|salt|secret|totp_secret)$|_hash$|_salt$/i.test(k), `${where}: USER must not carry ${k}`);
  }
}

export { sleep };

// A small, well-formed one-page PDF (Helvetica) whose text holds `lines`,
// with a correct cross-reference table, so that poppler reads it.  Returns a Buffer.
export function makePdf(lines, { title = 'Test document' } = {}) {
  const esc = (s) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = lines.map((l, i) => `BT /F1 12 Tf 72 ${740 - i * 18} Td (${esc(l)}) Tj ET`).join('\n');
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    `<< /Title (${esc(title)}) /Producer (ahtcell tests) >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => { offsets.push(Buffer.byteLength(out)); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// Uploads a file to POST /api/v1/documents as multipart/form-data, the way
// a browser form does.  `fields` are the metadata; `file` a Buffer (or null
// to send none).  client: a Client (cookie + CSRF) or null for the public.
export async function uploadDocument(srv, client, fields, file, { filename = 'upload.pdf', type = 'application/pdf', headers = {} } = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) form.append(k, String(v));
  if (file) form.append('file', new Blob([file], { type }), filename);
  const h = { ...(client ? client.headersFor('POST') : {}), ...headers };
  return srv.request('POST', '/api/v1/documents', { body: form, headers: h, timeout: 60_000 });
}

// Attaches a file to a State's record: POST /api/v1/attachments, multipart.
export async function uploadAttachment(srv, client, ownerType, ownerId, file, { filename = 'orders.pdf', type = 'application/pdf' } = {}) {
  const form = new FormData();
  form.append('owner_type', ownerType);
  form.append('owner_id', String(ownerId));
  if (file) form.append('file', new Blob([file], { type }), filename);
  return srv.request('POST', '/api/v1/attachments', { body: form, headers: client.headersFor('POST'), timeout: 60_000 });
}

// Files under DIR/blobs (stored blobs and, separately, unfinished uploads in tmp/).
export function blobFiles(dataDir) {
  const root = path.join(dataDir, 'blobs');
  const stored = [];
  const tmp = fs.existsSync(path.join(root, 'tmp')) ? fs.readdirSync(path.join(root, 'tmp')) : [];
  if (fs.existsSync(root)) {
    for (const d of fs.readdirSync(root)) {
      if (d === 'tmp' || d.startsWith('.')) continue;
      for (const f of fs.readdirSync(path.join(root, d))) stored.push(f);
    }
  }
  return { stored, tmp };
}

// A zip archive (entries stored, not compressed) of [name, text] pairs, in
// order: enough for an ODT/ODS (whose first entry must be "mimetype") or a
// DOCX/XLSX that libmagic and libzip recognise.  Returns a Buffer.
export function makeZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text, 'utf8');
    const fname = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6);
    local.writeUInt16LE(0, 8); local.writeUInt32LE(0, 10); local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fname.length, 26); local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc >>> 0, 16); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fname.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, fname, data);
    centrals.push(central, fname);
    offset += 30 + fname.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// A minimal OpenDocument text and a minimal Word document holding `text`.
export function makeOdt(text) {
  return makeZip([
    ['mimetype', 'application/vnd.oasis.opendocument.text'],
    ['META-INF/manifest.xml', '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'],
    ['content.xml', `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text><text:p>${text}</text:p></office:text></office:body></office:document-content>`],
  ]);
}
export function makeDocx(text) {
  return makeZip([
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'],
    ['word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`],
  ]);
}
