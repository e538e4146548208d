// The document library and the public portal, through the real binary:
// demo content, upload (streamed, content-addressed, typed by content),
// search, filters, download with ETag and Range, restricted documents,
// withdraw/restore, versions, corrigenda, edit, the Atom feed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { BIN, Server, Client, assertError, assertStatus, makePdf, makeOdt, makeDocx, uploadDocument, blobFiles, ISO_Z } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/* The upload's temporary files left: the server removes one when its request ends, which is
   just after the answer has been sent, so a client may look a moment too early. */
async function tmpLeft() {
  let tmp = blobFiles(srv.dir).tmp;
  for (let i = 0; i < 30 && tmp.length; i++) { await sleep(100); tmp = blobFiles(srv.dir).tmp; }
  return tmp;
}
let srv, cell, viewer, admin, state;

// Polls a search until it finds `id` (the indexer works off the request path).
async function searchUntil(q, id, { client = null, timeout = 15_000 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    const p = `/api/v1/documents?q=${encodeURIComponent(q)}`;
    last = client ? await client.get(p) : await srv.request('GET', p);
    assertStatus(last, 200);
    const hit = last.json.items.find((d) => d.id === id);
    if (hit) return hit;
    await sleep(200);
  }
  assert.fail(`search for ${q} did not find document ${id} within ${timeout} ms: ${last?.text.slice(0, 300)}`);
}

async function upload(fields, file, opts) {
  return uploadDocument(srv, cell, fields, file, opts);
}

before(async () => {
  srv = await Server.start({
    setup: (s) => {
      const r = s.cli(['demo']);
      assert.equal(r.status, 0, `ahtcell demo failed: ${r.stderr}`);
      s.addUser('lib-cell', { role: 'cell' });
      s.addUser('lib-viewer', { role: 'viewer' });
      s.addUser('lib-admin', { role: 'admin' });
      s.addUser('lib-state', { role: 'state', jurisdiction: 'state:21' });
    },
  });
  cell = await Client.signedIn(srv, 'lib-cell');
  viewer = await Client.signedIn(srv, 'lib-viewer');
  admin = await Client.signedIn(srv, 'lib-admin');
  state = await Client.signedIn(srv, 'lib-state');
});
after(async () => { if (srv) await srv.stop(); });

describe('demo content: the Cell\'s published list', () => {
  it('lists the 21 documents grouped and ordered like the Cell\'s page', async () => {
    const r = await srv.request('GET', '/api/v1/documents?limit=100');
    assertStatus(r, 200);
    assert.equal(r.json.total, 21);
    const groups = [...new Set(r.json.items.map((d) => d.group))];
    assert.deepEqual(groups, ['Anti Trafficking Cell',
      'Compendium on Best Practices on Anti Human Trafficking by Law Enforcement Agencies']);
    assert.match(r.json.items[0].title, /^Minutes of the Meeting of the State\/UT Nodal officers.*3rd July 2013$/);
    assert.equal(r.json.items[19].title, 'Corrigendum on the minutes');
    for (const d of r.json.items) {
      assert.equal(d.file.format, 'pdf');
      assert.match(d.file.size_text, /^\d+(\.\d{1,2})? (B|KB|MB)$/);
      assert.match(d.file.sha256, /^[0-9a-f]{64}$/);
      assert.match(d.published_at, ISO_Z);
      assert.equal(d.file.text_status, 'done', `demo document ${d.id} is indexed`);
      assert.ok(d.file.pages >= 1);
    }
    const advisory = r.json.items.find((d) => /organized crime/.test(d.title));
    assert.equal(advisory.issued_on, '2012-04-30');
    assert.equal(advisory.category, 'advisory');
    assert.equal(advisory.category_label, 'Advisory');
  });

  it('shows the corrigendum (row 20) with the minutes of 28.08.2009 it corrects (row 19)', async () => {
    const list = (await srv.request('GET', '/api/v1/documents?limit=100')).json.items;
    const minutes = list.find((d) => /28\.08\.2009/.test(d.title));
    const corr = list.find((d) => d.category === 'corrigendum');
    assert.equal(corr.corrects_id, minutes.id);
    const m = await srv.request('GET', `/api/v1/documents/${minutes.id}`);
    assertStatus(m, 200);
    assert.deepEqual(m.json.corrigenda.map((c) => c.id), [corr.id]);
    const c = await srv.request('GET', `/api/v1/documents/${corr.id}`);
    assert.equal(c.json.corrects.id, minutes.id);
    assert.deepEqual(c.json.versions.map((v) => v.id), [corr.id]);
  });

  it('finds documents by words that are only inside their PDFs, in English and Hindi', async () => {
    const r = await srv.request('GET', '/api/v1/documents?q=syndicates');
    assertStatus(r, 200);
    assert.ok(r.json.items.some((d) => /organized crime/.test(d.title)), `syndicates: ${r.text.slice(0, 300)}`);
    const hit = r.json.items[0];
    assert.ok(Array.isArray(hit.snippet) && hit.snippet.length >= 3, 'a snippet with a hit');
    assert.match(hit.snippet[1].toLowerCase(), /syndicate/);
    const hi = await srv.request('GET', `/api/v1/documents?q=${encodeURIComponent('मानव तस्करी')}`);
    assertStatus(hi, 200);
    assert.ok(hi.json.total >= 1, `Hindi search finds the demo's Hindi sentences: ${hi.text.slice(0, 200)}`);
    assert.ok(hi.json.items[0].snippet.some((s, i) => i % 2 === 1 && /तस्करी|मानव/.test(s)));
  });

  it('never fails on what a person might type', async () => {
    for (const q of ['"child labour"', 'child-labour', '370A', '30.04.2012', '"unbalanced', '""', '-', '*', 'a OR',
      'NOT', 'NEAR(a b)', 'title:x', '^x', "'; DROP TABLE documents; --", '(((', 'बाल श्रम', 'क्या', '\u0000x',
      'x'.repeat(300), 'a '.repeat(100), '%ff%fe']) {
      const r = await srv.request('GET', `/api/v1/documents?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, `q=${JSON.stringify(q).slice(0, 40)}: ${r.status} ${r.text.slice(0, 200)}`);
    }
    const d = await srv.request('GET', '/api/v1/documents?q=30.04.2012');
    assert.ok(d.json.items.some((x) => /30\.04\.2012/.test(x.title)));
    const p = await srv.request('GET', `/api/v1/documents?q=${encodeURIComponent('"child labour"')}`);
    assert.ok(p.json.items.some((x) => /Child Labour/.test(x.title)));
  });

  it('filters by category, group, year and language, and sorts', async () => {
    const adv = await srv.request('GET', '/api/v1/documents?category=advisory&limit=100');
    assert.equal(adv.json.total, 7);
    assert.ok(adv.json.items.every((d) => d.category === 'advisory'));
    const y = await srv.request('GET', '/api/v1/documents?year=2012');
    assert.ok(y.json.total >= 3);
    assert.ok(y.json.items.every((d) => d.issued_on.startsWith('2012')));
    const g = await srv.request('GET', `/api/v1/documents?group=${encodeURIComponent('Compendium on Best Practices on Anti Human Trafficking by Law Enforcement Agencies')}`);
    assert.equal(g.json.total, 1);
    assert.equal(g.json.items[0].category, 'compendium');
    const hi = await srv.request('GET', '/api/v1/documents?language=hi');
    assert.equal(hi.json.total, 0);
    const pubOnly = await cell.get('/api/v1/documents?visibility=restricted&limit=100');
    assert.ok(pubOnly.json.items.every((d) => d.visibility === 'restricted'));
    assertError(await srv.request('GET', '/api/v1/documents?visibility=secret'), 400, 'request.invalid');
    assert.equal((await srv.request('GET', `/api/v1/documents?q=${encodeURIComponent('(*)')}`)).json.total, 0,
      'nothing searchable typed: nothing found, not everything');
    const both = await srv.request('GET', '/api/v1/documents?q=advisory&category=advisory&year=2012');
    assert.ok(both.json.items.every((d) => d.category === 'advisory' && d.issued_on.startsWith('2012')));
    const t = await srv.request('GET', '/api/v1/documents?sort=title&limit=100');
    const titles = t.json.items.map((d) => d.title.toLowerCase());
    assert.deepEqual(titles, [...titles].sort());
    const iss = await srv.request('GET', '/api/v1/documents?sort=-issued&limit=3');
    assert.equal(iss.json.items[0].issued_on, '2013-07-03');
    const page = await srv.request('GET', '/api/v1/documents?limit=5&offset=5');
    assert.equal(page.json.items.length, 5);
    assert.equal(page.json.total, 21);
    assertError(await srv.request('GET', '/api/v1/documents?category=memo'), 400, 'request.invalid');
    assertError(await srv.request('GET', '/api/v1/documents?year=12'), 400, 'request.invalid');
    assertError(await srv.request('GET', '/api/v1/documents?sort=size'), 400, 'request.invalid');
    assertError(await srv.request('GET', '/api/v1/documents?language=xx'), 400, 'request.invalid');
    const f = await srv.request('GET', '/api/v1/documents/facets');
    assertStatus(f, 200);
    assert.equal(f.json.categories.find((c) => c.name === 'advisory').count, 7);
    assert.equal(f.json.groups[0].name, 'Anti Trafficking Cell');
    assert.ok(f.json.years.some((x) => x.year === 2012));
  });
});

describe('upload', () => {
  it('stores an upload at once, then finds it by a word inside the file', async () => {
    const pdf = makePdf(['Internal memo about quokkaberry routes', 'Second line']);
    const r = await upload({ title: 'Advisory on interstate routes', category: 'advisory', issued_on: '2026-11-01',
      reference: 'F.No. 15011/10/2026-ATC' }, pdf, { filename: 'C:\\Users\\x\\memo.pdf' });
    assertStatus(r, 201);
    assert.equal(r.json.title, 'Advisory on interstate routes');
    assert.equal(r.json.file.size, pdf.length);
    assert.equal(r.json.file.type, 'application/pdf');
    assert.equal(r.json.file.name, 'advisory-on-interstate-routes.pdf');
    assert.match(r.json.file.text_status, /^(pending|done)$/);
    assert.equal(r.json.visibility, 'public');
    assert.equal(r.json.group, 'Anti Trafficking Cell');
    const hit = await searchUntil('quokkaberry', r.json.id);
    assert.ok(hit.snippet.some((s, i) => i % 2 === 1 && /quokkaberry/i.test(s)));
    const again = await srv.request('GET', `/api/v1/documents/${r.json.id}`);
    assert.equal(again.json.file.pages, 1);
    assert.equal(again.json.file.text_status, 'done');
    const audit = await admin.get('/api/v1/audit?action=document.create');
    assertStatus(audit, 200);
    assert.ok(audit.json.items.some((a) => a.object_id === String(r.json.id)));
  });

  it('answers a common word over a large text quickly (snippets from an excerpt, a time budget)', async () => {
    const big = Buffer.from(('the cat and the dog walked past the ' + 'x'.repeat(4) + ' ').repeat(40_000).slice(0, 1_900_000));
    const r = await upload({ title: 'A long plain text', category: 'other' }, big, { filename: 'long.txt', type: 'text/plain' });
    assertStatus(r, 201);
    await searchUntil('dog', r.json.id, { timeout: 30_000 });
    const t0 = Date.now();
    const s = await srv.request('GET', '/api/v1/documents?q=the&limit=50');
    assertStatus(s, 200);
    assert.ok(Date.now() - t0 < 2000, `a common word in a 2 MB text took ${Date.now() - t0} ms`);
    assert.ok(s.json.items.find((d) => d.id === r.json.id).snippet.length >= 3);
  });

  it('stores the same file once, however often it is uploaded', async () => {
    const pdf = makePdf(['The same bytes twice: marmalixen']);
    const a = await upload({ title: 'Copy one', category: 'report' }, pdf);
    assertStatus(a, 201);
    const before = blobFiles(srv.dir).stored.length;
    const b = await upload({ title: 'Copy two', category: 'report' }, pdf);
    assertStatus(b, 201);
    assert.notEqual(a.json.id, b.json.id);
    assert.equal(a.json.file.sha256, b.json.file.sha256);
    assert.equal(blobFiles(srv.dir).stored.length, before, 'no second stored file');
    assert.ok(blobFiles(srv.dir).stored.includes(a.json.file.sha256));
    await searchUntil('marmalixen', b.json.id);
  });

  it('takes plain text, ODT-free text in Hindi too, and refuses other types with a clear error', async () => {
    const txt = Buffer.from('सूचना: मानव तस्करी पर परामर्श। Plain note with the word vexillary.\n');
    const t = await upload({ title: 'एक सूचना', category: 'other', language: 'hi' }, txt, { filename: 'n.txt', type: 'text/plain' });
    assertStatus(t, 201);
    assert.equal(t.json.file.format, 'txt');
    assert.equal(t.json.file.name, `document-${t.json.id}.txt`);
    await searchUntil('vexillary', t.json.id);
    await searchUntil('परामर्श', t.json.id);
    const total = (await cell.get('/api/v1/documents?status=all&limit=1')).json.total;
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    for (const [bytes, name, ctype] of [[png, 'x.pdf', 'application/pdf'],
      [Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), 'x.pdf', 'application/pdf'],
      [Buffer.from('\x7fELF\x02\x01\x01\x00' + '\x00'.repeat(200), 'latin1'), 'x.txt', 'text/plain']]) {
      const r = await upload({ title: 'Not a document', category: 'other' }, bytes, { filename: name, type: ctype });
      const e = assertError(r, 415, 'document.type_refused');
      assert.match(e.message, /PDF/);
    }
    assert.equal((await cell.get('/api/v1/documents?status=all&limit=1')).json.total, total, 'no row for a refused file');
    assert.deepEqual(await tmpLeft(), [], 'no temporary file left');
  });

  it('takes ODT and DOCX documents, typed by their content, and indexes their text', async () => {
    const odt = await upload({ title: 'Note on rescue camps', category: 'other' }, makeOdt('Camp logistics: brindlewort'),
      { filename: 'note.bin', type: 'application/octet-stream' });
    assertStatus(odt, 201);
    assert.equal(odt.json.file.format, 'odt');
    assert.equal(odt.json.file.type, 'application/vnd.oasis.opendocument.text');
    const docx = await upload({ title: 'Draft SOP on shelters', category: 'sop' }, makeDocx('Shelter audits: quillonfen'),
      { filename: 'draft.pdf', type: 'application/pdf' });
    assertStatus(docx, 201);
    assert.equal(docx.json.file.format, 'docx');
    await searchUntil('brindlewort', odt.json.id);
    await searchUntil('quillonfen', docx.json.id);
    const f = await fetch(`${srv.base}${docx.json.file.url}`);
    await f.arrayBuffer();
    assert.match(f.headers.get('content-disposition'), /^attachment; filename="draft-sop-on-shelters\.docx"$/,
      'office files are always downloaded');
  });

  it('checks the metadata: required fields, categories, links, dates', async () => {
    const pdf = makePdf(['metadata checks']);
    assert.equal(assertError(await upload({ category: 'advisory' }, pdf), 400, 'request.invalid').field, 'title');
    assert.equal(assertError(await upload({ title: 'x', category: 'memo' }, pdf), 400, 'request.invalid').field, 'category');
    assert.equal(assertError(await upload({ title: 'x', category: 'advisory' }, null), 400, 'request.invalid').field, 'file');
    assert.equal(assertError(await upload({ title: 'x', category: 'corrigendum' }, pdf), 400).field, 'corrects_id');
    assert.equal(assertError(await upload({ title: 'x', category: 'advisory', corrects_id: 1 }, pdf), 400).field, 'corrects_id');
    assert.equal(assertError(await upload({ title: 'x', category: 'corrigendum', corrects_id: 99999 }, pdf), 400).field, 'corrects_id');
    assert.equal(assertError(await upload({ title: 'x', category: 'advisory', meeting_id: 3 }, pdf), 400).field, 'meeting_id');
    assert.equal(assertError(await upload({ title: 'x', category: 'advisory', issued_on: '2012-02-30' }, pdf), 400).field, 'issued_on');
    assert.equal(assertError(await upload({ title: 'x', category: 'advisory', visibility: 'secret' }, pdf), 400).field, 'visibility');
    assert.equal(assertError(await upload({ title: 'x'.repeat(501), category: 'advisory' }, pdf), 400).field, 'title');
    assert.equal(assertError(await upload({ title: 'bad\u0001', category: 'advisory' }, pdf), 400).field, 'title');
    assert.equal(assertError(await upload({ title: 'bad \uFFFE end', category: 'advisory' }, pdf), 400).field, 'title');
    assert.equal(assertError(await upload({ title: 'bad \u0085 end', category: 'advisory' }, pdf), 400).field, 'title');
    for (const date of ['2012-+4-30', '2012-04-+1', '2012- 4-30', '12012-04-3', '2012-13-01'])
      assert.equal(assertError(await upload({ title: 'x', category: 'advisory', issued_on: date }, pdf), 400).field, 'issued_on', date);
    const two = new FormData();
    two.append('title', 'Two files');
    two.append('category', 'other');
    two.append('file', new Blob([pdf]), 'a.pdf');
    two.append('file', new Blob([pdf]), 'b.pdf');
    const t = await srv.request('POST', '/api/v1/documents', { body: two, headers: cell.headersFor('POST') });
    assert.match(assertError(t, 400, 'request.invalid').message, /one file/);
    assert.equal(assertError(await upload({ title: 'Minutes of no meeting', category: 'minutes', meeting_id: 999999 }, pdf), 400).field,
      'meeting_id');
    const mt = await cell.post('/api/v1/meetings', { title: 'A meeting with minutes', kind: 'other', starts_at: '2026-03-02T11:00' });
    assertStatus(mt, 201);
    const m = await upload({ title: 'Minutes with a meeting', category: 'minutes', meeting_id: mt.json.id }, pdf);
    assertStatus(m, 201);
    assert.equal(m.json.meeting_id, mt.json.id);
    assert.deepEqual(await tmpLeft(), []);
  });

  it('lets only the Cell upload, and reads nothing of a refused upload', async () => {
    const pdf = makePdf(['who may upload']);
    assertError(await uploadDocument(srv, null, { title: 'x', category: 'other' }, pdf), 401);
    for (const c of [viewer, admin, state]) {
      assertError(await uploadDocument(srv, c, { title: 'x', category: 'other' }, pdf), 403);
    }
    // a cookie without the CSRF header
    const form = new FormData();
    form.append('title', 'x');
    form.append('file', new Blob([pdf]), 'a.pdf');
    const r = await srv.request('POST', '/api/v1/documents', { body: form, headers: { Cookie: `ahtcell_session=${cell.cookie}` } });
    assertError(r, 403, 'auth.csrf');
    assert.deepEqual(await tmpLeft(), []);
    // JSON instead of a form
    assertError(await cell.post('/api/v1/documents', { title: 'x' }), 415, 'request.content_type');
  });

  it('refuses a file over 50 MB, declared or streamed', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x20);
    big.write('%PDF-1.4\n');
    const r = await upload({ title: 'Too big', category: 'report' }, big);
    assertError(r, 413, 'request.too_large');
    // declared: answered before the body is read
    const d = await srv.request('POST', '/api/v1/documents', { body: 'x',
      headers: { ...cell.headersFor('POST'), 'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': '1' } });
    assert.ok([400].includes(d.status), `a 1-byte form is malformed: ${d.status}`);
    await sleep(200);
    assert.deepEqual(await tmpLeft(), []);
  });

  it('leaves nothing behind when an upload is cut off half-way or malformed', async () => {
    const total = (await cell.get('/api/v1/documents?status=all&limit=1')).json.total;
    const stored = blobFiles(srv.dir).stored.length;
    const boundary = 'XcutoffX';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nCut off\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\nreport\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const body = Buffer.concat([Buffer.from(head), makePdf(['cut off']), Buffer.alloc(2 * 1024 * 1024, 0x41)]);
    const h = cell.headersFor('POST');
    await new Promise((resolve, reject) => {
      const sock = net.connect(srv.port, '127.0.0.1', () => {
        sock.write(`POST /api/v1/documents HTTP/1.1\r\nHost: x\r\nCookie: ${h.Cookie}\r\nX-CSRF-Token: ${h['X-CSRF-Token']}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length + 1000}\r\n\r\n`);
        sock.write(body.subarray(0, 1024 * 1024 + 5000), () => setTimeout(() => { sock.destroy(); resolve(); }, 300));
      });
      sock.on('error', reject);
    });
    // while the connection was open, the half file was in tmp; now it is gone
    let tmp = [];
    for (let i = 0; i < 50; i++) {
      tmp = blobFiles(srv.dir).tmp;
      if (!tmp.length) break;
      await sleep(100);
    }
    assert.deepEqual(tmp, [], 'the half-received file was removed');
    // malformed: no closing boundary, but the whole declared body arrives
    const bad = Buffer.concat([Buffer.from(head), makePdf(['never closed'])]);
    const r = await srv.request('POST', '/api/v1/documents', { body: bad,
      headers: { ...h, 'Content-Type': `multipart/form-data; boundary=${boundary}` } });
    assertError(r, 400, 'request.bad_multipart');
    assert.equal((await cell.get('/api/v1/documents?status=all&limit=1')).json.total, total, 'no row');
    assert.equal(blobFiles(srv.dir).stored.length, stored, 'no stored file');
    assert.deepEqual(await tmpLeft(), []);
  });

  it('lets one server own a data folder: a second one, or a demo run, cleans nothing of it', async () => {
    // an upload in flight: its temporary file must survive the others
    const h = cell.headersFor('POST');
    const sock = net.connect(srv.port, '127.0.0.1');
    await new Promise((r) => sock.on('connect', r));
    const boundary = 'XinflightX';
    sock.write(`POST /api/v1/documents HTTP/1.1\r\nHost: x\r\nCookie: ${h.Cookie}\r\nX-CSRF-Token: ${h['X-CSRF-Token']}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000\r\n\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.pdf"\r\n\r\n%PDF-1.4 in flight`);
    let tmp = [];
    for (let i = 0; i < 50 && !tmp.length; i++) { await sleep(50); tmp = blobFiles(srv.dir).tmp; }
    assert.equal(tmp.length, 1, 'the upload in flight has its temporary file');
    const second = spawnSync(BIN, ['serve', '--listen', '127.0.0.1:1', '--data', srv.dir], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(second.status, 1, `a second server on the same data folder refuses to start: ${second.stderr}`);
    assert.match(second.stderr, /another ahtcell serve is using/);
    const demo = srv.cli(['demo']);
    assert.equal(demo.status, 0, demo.stderr);
    assert.deepEqual(blobFiles(srv.dir).tmp, tmp, 'nobody removed the upload in flight');
    sock.destroy();
  });

  it('replays an upload retried with the same Idempotency-Key', async () => {
    const pdf = makePdf(['idempotent upload']);
    const fields = { title: 'Retried upload', category: 'report' };
    const a = await upload(fields, pdf, { headers: { 'Idempotency-Key': 'upload-retry-1' } });
    assertStatus(a, 201);
    const b = await upload(fields, pdf, { headers: { 'Idempotency-Key': 'upload-retry-1' } });
    assertStatus(b, 201);
    assert.equal(b.headers.get('idempotent-replay'), 'true');
    assert.equal(b.json.id, a.json.id);
    const other = await upload({ ...fields, title: 'Something else' }, pdf, { headers: { 'Idempotency-Key': 'upload-retry-1' } });
    assertError(other, 422, 'idempotency.mismatch');
    const list = await cell.get(`/api/v1/documents?q=${encodeURIComponent('"Retried upload"')}`);
    assert.equal(list.json.total, 1);
  });
});

describe('download', () => {
  let doc, pdf;
  before(async () => {
    pdf = makePdf(Array.from({ length: 30 }, (_, i) => `Line ${i} of the download test, ranges and etags`));
    const r = await upload({ title: 'SOP: rescue & repatriation <draft>', category: 'sop' }, pdf);
    assertStatus(r, 201);
    doc = r.json;
  });

  it('sends the file with its type, name and ETag; 304 when unchanged', async () => {
    const r = await fetch(`${srv.base}${doc.file.url}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.equal(r.headers.get('content-disposition'), 'inline; filename="sop-rescue-repatriation-draft.pdf"');
    assert.equal(r.headers.get('etag'), `"${doc.file.sha256}"`);
    assert.equal(r.headers.get('accept-ranges'), 'bytes');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await r.arrayBuffer()), pdf);
    const dl = await fetch(`${srv.base}${doc.file.url}?download=1`);
    await dl.arrayBuffer();
    assert.match(dl.headers.get('content-disposition'), /^attachment; filename="sop-rescue-repatriation-draft\.pdf"$/);
    const nm = await fetch(`${srv.base}${doc.file.url}`, { headers: { 'If-None-Match': `"${doc.file.sha256}"` } });
    assert.equal(nm.status, 304);
    assert.equal((await nm.arrayBuffer()).byteLength, 0);
    const head = await fetch(`${srv.base}${doc.file.url}`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(pdf.length));
  });

  it('answers Range requests with 206 and the right bytes, 416 outside the file', async () => {
    const get = (range, extra = {}) => fetch(`${srv.base}${doc.file.url}`, { headers: { Range: range, ...extra } });
    let r = await get('bytes=0-99');
    assert.equal(r.status, 206);
    assert.equal(r.headers.get('content-range'), `bytes 0-99/${pdf.length}`);
    assert.deepEqual(Buffer.from(await r.arrayBuffer()), pdf.subarray(0, 100));
    r = await get('bytes=-10');
    assert.equal(r.status, 206);
    assert.deepEqual(Buffer.from(await r.arrayBuffer()), pdf.subarray(pdf.length - 10));
    r = await get(`bytes=100-`);
    assert.deepEqual(Buffer.from(await r.arrayBuffer()), pdf.subarray(100));
    r = await get(`bytes=${pdf.length}-`);
    assert.equal(r.status, 416);
    assert.equal(r.headers.get('content-range'), `bytes */${pdf.length}`);
    await r.arrayBuffer();
    r = await get('bytes=0-1,5-6');           // several ranges: the whole file
    assert.equal(r.status, 200);
    assert.equal((await r.arrayBuffer()).byteLength, pdf.length);
    r = await get('bytes=0-9', { 'If-Range': '"0000"' });  // changed since: the whole file
    assert.equal(r.status, 200);
    await r.arrayBuffer();
  });

  it('answers 404 for a document that does not exist', async () => {
    assertError(await srv.request('GET', '/api/v1/documents/999999/file'), 404, 'document.not_found');
    assertError(await srv.request('GET', '/api/v1/documents/abc'), 404);
  });
});

describe('restricted documents', () => {
  it('are seen and downloaded only by signed-in users, each download audited', async () => {
    const r = await upload({ title: 'Restricted note on pending raids', category: 'other', visibility: 'restricted' },
      makePdf(['restricted content: zenithquill']));
    assertStatus(r, 201);
    const id = r.json.id;
    assertError(await srv.request('GET', `/api/v1/documents/${id}`), 404);
    assertError(await srv.request('GET', `/api/v1/documents/${id}/file`), 404);
    await searchUntil('zenithquill', id, { client: viewer });
    const pub = await srv.request('GET', '/api/v1/documents?q=zenithquill');
    assert.equal(pub.json.total, 0, 'the public search does not count it');
    const feed = await srv.request('GET', '/api/v1/documents/feed');
    assert.ok(!feed.text.includes('pending raids'));
    const f = await viewer.get(`/api/v1/documents/${id}/file`);
    assertStatus(f, 200);
    assert.equal(f.headers.get('cache-control'), 'private, no-store');
    const s = await state.get(`/api/v1/documents/${id}/file`);
    assertStatus(s, 200);
    const audit = await admin.get('/api/v1/audit?action=document.download&limit=50');
    const mine = audit.json.items.filter((a) => a.object_id === String(id));
    assert.equal(mine.length, 2, `two downloads audited: ${JSON.stringify(mine)}`);
    assert.deepEqual(new Set(mine.map((a) => a.login)), new Set(['lib-viewer', 'lib-state']));
    // a PDF viewer reading on (further ranges), HEAD and 304 are not new downloads
    assertStatus(await viewer.req('HEAD', `/api/v1/documents/${id}/file`), 200);
    assertStatus(await viewer.get(`/api/v1/documents/${id}/file`, { headers: { Range: 'bytes=100-' } }), 206);
    assertStatus(await viewer.get(`/api/v1/documents/${id}/file`, { headers: { 'If-None-Match': `"${r.json.file.sha256}"` } }), 304);
    const again = await admin.get('/api/v1/audit?action=document.download&limit=50');
    assert.equal(again.json.items.filter((a) => a.object_id === String(id)).length, 2);
    // someone who must still change a temporary password reads as the public
    srv.addUser('lib-temp', { role: 'viewer', temporary: true });
    const temp = await Client.signedIn(srv, 'lib-temp');
    assertError(await temp.get(`/api/v1/documents/${id}/file`), 404);
    assertError(await temp.get(`/api/v1/documents/${id}`), 404);
  });

  it('never shows the public a link to a restricted or withdrawn document', async () => {
    const pub = await upload({ title: 'Public advisory on placement agencies', category: 'advisory' }, makePdf(['public v1']));
    const v2 = await upload({ supersedes_id: pub.json.id, visibility: 'restricted' }, makePdf(['restricted v2']));
    assertStatus(v2, 201);
    // the public still has the public version, as the latest it may see
    const p = await srv.request('GET', `/api/v1/documents/${pub.json.id}`);
    assertStatus(p, 200);
    assert.equal(p.json.superseded_by_id, null);
    assert.equal(p.json.latest, true);
    assert.deepEqual(p.json.versions.map((v) => v.id), [pub.json.id]);
    const list = await srv.request('GET', '/api/v1/documents?limit=500');
    assert.ok(list.json.items.some((d) => d.id === pub.json.id));
    assert.ok(!list.text.includes(`"superseded_by_id":${v2.json.id}`));
    // signed in, the restricted version is the latest
    const s = await viewer.get(`/api/v1/documents/${pub.json.id}`);
    assert.equal(s.json.superseded_by_id, v2.json.id);
    assert.equal(s.json.latest, false);
    // a public corrigendum of a restricted document does not name it to the public
    const c = await upload({ title: 'Corrigendum to the restricted version', category: 'corrigendum', corrects_id: v2.json.id },
      makePdf(['corrigendum']));
    assertStatus(c, 201);
    const pc = await srv.request('GET', `/api/v1/documents/${c.json.id}`);
    assert.equal(pc.json.corrects_id, null);
    assert.equal(pc.json.corrects, null);
    // withdrawing the newest version gives the older one back to everyone
    const w = await upload({ title: 'Guidelines soon replaced', category: 'guidelines' }, makePdf(['g1']));
    const w2 = await upload({ supersedes_id: w.json.id }, makePdf(['g2']));
    assertStatus(await cell.post(`/api/v1/documents/${w2.json.id}/withdraw`, { reason: 'Issued in error' }), 200);
    const back = await srv.request('GET', `/api/v1/documents/${w.json.id}`);
    assert.equal(back.json.latest, true);
    assert.ok((await srv.request('GET', '/api/v1/documents?limit=500')).json.items.some((d) => d.id === w.json.id));
  });
});

describe('withdraw, restore, versions, edit', () => {
  it('withdraws a document from the public list and keeps it for the Cell', async () => {
    const r = await upload({ title: 'Advisory soon withdrawn', category: 'advisory' }, makePdf(['withdrawable']));
    const id = r.json.id;
    assertError(await cell.post(`/api/v1/documents/${id}/withdraw`, {}), 400, 'request.invalid');
    const w = await cell.post(`/api/v1/documents/${id}/withdraw`, { reason: 'Superseded by the 2026 advisory' });
    assertStatus(w, 200);
    assert.equal(w.json.status, 'withdrawn');
    assert.equal(w.json.withdrawn_reason, 'Superseded by the 2026 advisory');
    assert.match(w.json.withdrawn_at, ISO_Z);
    assertError(await srv.request('GET', `/api/v1/documents/${id}`), 404);
    assertError(await viewer.get(`/api/v1/documents/${id}`), 404);
    const pub = await srv.request('GET', '/api/v1/documents?limit=500');
    assert.ok(!pub.json.items.some((d) => d.id === id));
    const wl = await cell.get('/api/v1/documents?status=withdrawn');
    assert.ok(wl.json.items.some((d) => d.id === id));
    assertError(await srv.request('GET', '/api/v1/documents?status=withdrawn'), 401);   // not audited
    assertError(await viewer.get('/api/v1/documents?status=all'), 403);
    assertError(await cell.post(`/api/v1/documents/${id}/withdraw`, { reason: 'again' }), 409, 'document.withdrawn');
    assertError(await viewer.post(`/api/v1/documents/${id}/withdraw`, { reason: 'x' }), 403);
    const back = await cell.post(`/api/v1/documents/${id}/restore`, {});
    assertStatus(back, 200);
    assert.equal(back.json.status, 'active');
    assertStatus(await srv.request('GET', `/api/v1/documents/${id}`), 200);
    const audit = await admin.get('/api/v1/audit?action=document.');
    const acts = audit.json.items.filter((a) => a.object_id === String(id)).map((a) => a.action);
    for (const a of ['document.create', 'document.withdraw', 'document.restore']) assert.ok(acts.includes(a), `${a} audited`);
  });

  it('keeps the history of versions and lists only the latest', async () => {
    const v1 = await upload({ title: 'Guidelines on shelter homes', category: 'guidelines', issued_on: '2020-01-15' }, makePdf(['version one']));
    const v2 = await upload({ supersedes_id: v1.json.id, issued_on: '2026-10-01' }, makePdf(['version two']));
    assertStatus(v2, 201);
    assert.equal(v2.json.title, 'Guidelines on shelter homes', 'a new version starts from the old details');
    assert.equal(v2.json.supersedes_id, v1.json.id);
    assert.deepEqual(v2.json.versions.map((v) => v.id), [v1.json.id, v2.json.id]);
    const old = await srv.request('GET', `/api/v1/documents/${v1.json.id}`);
    assert.equal(old.json.latest, false);
    assert.equal(old.json.superseded_by_id, v2.json.id);
    const list = await srv.request('GET', `/api/v1/documents?q=${encodeURIComponent('"Guidelines on shelter homes"')}&limit=100`);
    const ids = list.json.items.map((d) => d.id);
    assert.ok(ids.includes(v2.json.id) && !ids.includes(v1.json.id), `only the latest version is listed: ${ids}`);
    const again = await upload({ supersedes_id: v1.json.id }, makePdf(['a fork']));
    assertError(again, 409, 'document.superseded');
  });

  it('edits the details, never the file, and the index follows', async () => {
    const r = await upload({ title: 'Draft title', category: 'report' }, makePdf(['editable']));
    const id = r.json.id;
    const q = `/api/v1/documents?q=${encodeURIComponent('"Draft title"')}`;
    assert.ok((await srv.request('GET', q)).json.items.some((d) => d.id === id));
    assert.ok((await srv.request('GET', q)).json.items.some((d) => d.id === id), 'asked twice (the answer is kept)');
    const e = await cell.patch(`/api/v1/documents/${id}`, { title: 'Annual report on rescue operations 2025',
      title_hi: 'बचाव अभियानों पर वार्षिक रिपोर्ट', issued_on: '2026-01-31', summary: 'Line one\nLine two', reference: null });
    assertStatus(e, 200);
    assert.equal(e.json.title_hi, 'बचाव अभियानों पर वार्षिक रिपोर्ट');
    assert.equal(e.json.summary, 'Line one\nLine two');
    const s = await srv.request('GET', `/api/v1/documents?q=${encodeURIComponent('rescue operations')}`);
    assert.ok(s.json.items.some((d) => d.id === id));
    assert.ok(!(await srv.request('GET', q)).json.items.some((d) => d.id === id), 'a kept answer is not served after an edit');
    const h = await srv.request('GET', `/api/v1/documents?q=${encodeURIComponent('वार्षिक')}`);
    assert.ok(h.json.items.some((d) => d.id === id), 'the Hindi title is searchable');
    assert.equal(assertError(await cell.patch(`/api/v1/documents/${id}`, { sha256: 'x' }), 400).field, 'sha256');
    assert.equal(assertError(await cell.patch(`/api/v1/documents/${id}`, { title: 5 }), 400).field, 'title');
    assert.equal(assertError(await cell.patch(`/api/v1/documents/${id}`, { category: 'corrigendum' }), 400).field, 'corrects_id');
    assertError(await viewer.patch(`/api/v1/documents/${id}`, { title: 'x' }), 403);
    const audit = await admin.get('/api/v1/audit?action=document.update');
    const entry = audit.json.items.find((a) => a.object_id === String(id));
    assert.ok(entry, 'edit audited');
  });

  it('publishes an Atom feed of new public documents', async () => {
    const r = await srv.request('GET', '/api/v1/documents/feed');
    assertStatus(r, 200);
    assert.match(r.headers.get('content-type'), /^application\/atom\+xml/);
    assert.match(r.text, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
    assert.match(r.text, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    assert.ok(r.text.includes('SOP: rescue &amp; repatriation &lt;draft&gt;'), 'titles are escaped');
    assert.ok(r.text.indexOf('Advisory on interstate routes') < r.text.indexOf('Minutes of the Meeting of the State/UT Nodal officers for Human Trafficking, held by Joint Secretary'),
      'newest first');
    assert.ok((r.text.match(/<entry>/g) || []).length <= 50);
  });
});
