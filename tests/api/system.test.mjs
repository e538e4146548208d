// System and master-data routes, HTTP hygiene (headers, keep-alive, limits)
// and the access log.  Contract: docs/api.md.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Server, Client, PASSWORD, WEB, routeTable, assertError, assertStatus } from './lib.mjs';

let srv;
let admin;

before(async () => {
  srv = await Server.start({ setup: (s) => s.addUser('sysadmin', { role: 'admin' }) });
  admin = await Client.signedIn(srv, 'sysadmin');
});
after(async () => { if (srv) await srv.stop(); });

// Raw request over node:http (for keep-alive, oversized bodies and URLs).
function raw(method, urlPath, { headers = {}, body, agent } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: srv.port, method, path: urlPath, headers, agent },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { text += d; });
        res.on('end', () => {
          let json;
          try { json = JSON.parse(text); } catch { json = undefined; }
          resolve({ status: res.statusCode, headers: new Headers(Object.entries(res.headers).map(([k, v]) => [k, String(v)])),
            text, json, reusedSocket: req.reusedSocket, method, path: urlPath.slice(0, 80) });
        });
      });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe('system', () => {
  it('GET /api/v1/health', async () => {
    const r = await srv.request('GET', '/api/v1/health');
    assertStatus(r, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(r.json.status, 'ok');
    assert.match(r.json.version, /^\d+\.\d+\.\d+/);
    assert.ok(Number.isInteger(r.json.schema_version) && r.json.schema_version >= 1, `schema_version ${r.json.schema_version}`);
  });

  it('GET /api/v1/about carries attribution of LGD and Census 2011', async () => {
    const h = (await srv.request('GET', '/api/v1/health')).json;
    const r = await srv.request('GET', '/api/v1/about');
    assertStatus(r, 200);
    const a = r.json;
    assert.equal(typeof a.name, 'string');
    assert.equal(a.version, h.version);
    assert.equal(a.schema_version, h.schema_version);
    assert.ok(Array.isArray(a.attribution) && a.attribution.length > 0, 'attribution is a list');
    for (const l of a.attribution) assert.equal(typeof l, 'string');
    const text = a.attribution.join('\n');
    assert.match(text, /Local Government Directory/);
    assert.match(text, /Census of India,? 2011/);
    assert.ok(Array.isArray(a.sources) && a.sources.length > 0, 'sources is a list');
    for (const s of a.sources) {
      for (const f of ['what', 'source', 'licence']) {
        assert.ok(typeof s[f] === 'string' && s[f].length > 0, `sources[].${f} in ${JSON.stringify(s)}`);
      }
    }
  });
});

describe('master data', () => {
  let states;
  before(async () => {
    const r = await srv.request('GET', '/api/v1/states');
    assertStatus(r, 200);
    states = r.json;
  });

  it('GET /api/v1/states lists the 36 States/UTs sorted by name', () => {
    assert.equal(states.items.length, 36);
    assert.equal(states.total, 36);
    const names = states.items.map((s) => s.name);
    assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'sorted by name');
    assert.equal(new Set(states.items.map((s) => s.lgd)).size, 36, 'lgd codes unique');
  });

  it('Odisha is lgd 21 with the Census 2011 population', () => {
    const o = states.items.find((s) => s.name === 'Odisha');
    assert.ok(o, 'Odisha in the list');
    assert.equal(o.lgd, 21);
    assert.equal(o.kind, 'state');
    assert.equal(o.census2011, 21);
    assert.equal(o.population, 41974218);
    assert.equal(o.male + o.female, o.population);
    assert.equal(o.districts, 30);
  });

  it('State populations add up to India 2011 (1,210,854,977)', () => {
    const sum = states.items.reduce((a, s) => a + s.population, 0);
    assert.equal(sum, 1210854977);
  });

  it('GET /api/v1/states/21 answers the same State as the list', async () => {
    const r = await srv.request('GET', '/api/v1/states/21');
    assertStatus(r, 200);
    assert.deepEqual(r.json, states.items.find((s) => s.lgd === 21));
  });

  it('GET /api/v1/states/21/districts lists the 30 districts of Odisha', async () => {
    const r = await srv.request('GET', '/api/v1/states/21/districts');
    assertStatus(r, 200);
    assert.equal(r.json.items.length, 30);
    assert.equal(r.json.total, 30);
    for (const d of r.json.items) {
      assert.equal(d.state_lgd, 21, JSON.stringify(d));
      assert.ok(Number.isInteger(d.lgd));
      assert.ok(d.population === null || Number.isInteger(d.population));
    }
    const k = r.json.items.find((d) => d.name === 'Khordha');
    assert.ok(k, 'Khordha among the districts of Odisha');
    assert.equal(k.population, 2251673);
    // Odisha's districts are unchanged since 2011: they add up to the State.
    assert.equal(r.json.items.reduce((a, d) => a + d.population, 0), 41974218);
  });

  it('unknown State 999 answers 404 state.not_found', async () => {
    assertError(await srv.request('GET', '/api/v1/states/999'), 404, 'state.not_found');
    assertError(await srv.request('GET', '/api/v1/states/999/districts'), 404, 'state.not_found');
  });
});

describe('security headers', () => {
  function checkCommon(r, where) {
    const csp = r.headers.get('content-security-policy');
    assert.ok(csp, `${where}: Content-Security-Policy missing`);
    assert.ok(!/'unsafe-inline'/.test(csp), `${where}: CSP allows 'unsafe-inline': ${csp}`);
    assert.ok(!/'unsafe-eval'/.test(csp), `${where}: CSP allows 'unsafe-eval': ${csp}`);
    assert.match(csp, /frame-ancestors 'none'/, `${where}: CSP without frame-ancestors 'none': ${csp}`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${where}: X-Content-Type-Options`);
    assert.match(r.headers.get('referrer-policy') || '',
      /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/, `${where}: Referrer-Policy`);
  }

  it('on API answers (200, 404, 401)', async () => {
    checkCommon(await srv.request('GET', '/api/v1/health'), 'GET /api/v1/health');
    checkCommon(await srv.request('GET', '/api/v1/nope'), 'GET /api/v1/nope');
    checkCommon(await srv.request('GET', '/api/v1/users'), 'GET /api/v1/users (public)');
  });

  it('on static files of the web UI', async () => {
    const r = await srv.request('GET', '/');
    checkCommon(r, 'GET /');
    if (fs.existsSync(path.join(WEB, 'index.html'))) {
      assertStatus(r, 200);
      assert.match(r.headers.get('content-type') || '', /^text\/html/);
    }
  });

  it('Cache-Control: no-store on session and users answers', async () => {
    const signIn = await srv.request('POST', '/api/v1/session', { json: { login: 'sysadmin', password: PASSWORD } });
    assertStatus(signIn, 200);
    for (const r of [signIn, await admin.get('/api/v1/session'), await admin.get('/api/v1/users'),
      await srv.request('GET', '/api/v1/session')]) {
      assert.match(r.headers.get('cache-control') || '', /no-store/, `${r.method} ${r.path} (${r.status}): Cache-Control`);
    }
  });
});

describe('connections and limits', () => {
  it('keep-alive: two requests reuse one connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const a = await raw('GET', '/api/v1/health', { agent });
      const b = await raw('GET', '/api/v1/states/21', { agent });
      assertStatus(a, 200);
      assertStatus(b, 200);
      assert.equal(a.reusedSocket, false);
      assert.equal(b.reusedSocket, true, 'second request did not reuse the socket (no keep-alive)');
    } finally { agent.destroy(); }
  });

  it('a URL longer than the limit answers 414 request.uri_too_long (JSON)', async () => {
    const r = await raw('GET', '/api/v1/health?x=' + 'a'.repeat(20_000));
    assertError(r, 414, 'request.uri_too_long');
  });

  it("a body over the route's limit answers 413 request.too_large (JSON)", async () => {
    const route = routeTable().find((x) => x.method === 'POST' && x.path === '/api/v1/session');
    assert.ok(route, 'POST /api/v1/session in the route table');
    const limit = route.body_limit;
    assert.ok(Number.isInteger(limit) && limit > 0, `body_limit of POST /api/v1/session: ${limit}`);
    const head = '{"login":"sysadmin","password":"';
    const tail = '"}';
    const body = head + 'x'.repeat(limit + 1 - head.length - tail.length) + tail;
    assert.equal(Buffer.byteLength(body), limit + 1);
    const r = await raw('POST', '/api/v1/session', { body, headers: { 'Content-Type': 'application/json', 'Content-Length': limit + 1 } });
    assertError(r, 413, 'request.too_large');
    // …and exactly at the limit the body is read (a normal 401, not 413).
    const ok = head + 'x'.repeat(limit - head.length - tail.length) + tail;
    const r2 = await raw('POST', '/api/v1/session', { body: ok, headers: { 'Content-Type': 'application/json' } });
    assert.notEqual(r2.status, 413, `a body of exactly body_limit (${limit}) bytes must be accepted: ${r2.status} ${r2.text}`);
  });

  it('malformed JSON answers 400 request.bad_json', async () => {
    const r = await srv.request('POST', '/api/v1/session',
      { body: '{"login":"sysadmin","password":', headers: { 'Content-Type': 'application/json' } });
    assertError(r, 400, 'request.bad_json');
  });

  it('JSON nested 100 deep answers 400', async () => {
    const deep = '{"login":' + '['.repeat(100) + ']'.repeat(100) + ',"password":"x"}';
    const r = await srv.request('POST', '/api/v1/session', { body: deep, headers: { 'Content-Type': 'application/json' } });
    assertError(r, 400, ['request.bad_json', 'request.invalid']);
  });

  it('unknown route answers 404 not_found (JSON)', async () => {
    assertError(await srv.request('GET', '/api/v1/no-such-thing'), 404, 'not_found');
    assertError(await admin.get('/api/v1/users/1/no-such-thing'), 404, 'not_found');
  });

  it('wrong method answers 405 method_not_allowed (JSON)', async () => {
    assertError(await srv.request('PUT', '/api/v1/health', { json: {} }), 405, 'method_not_allowed');
    assertError(await srv.request('DELETE', '/api/v1/states'), 405, 'method_not_allowed');
  });
});

describe('access log', () => {
  it('one line per request: method, path without query, status; no secrets', async () => {
    const marker = `/api/v1/states/21/districts`;
    const r = await srv.request('GET', `${marker}?secretq=QUERYSECRET42&limit=5`);
    assertStatus(r, 200);
    const miss = await srv.request('GET', '/api/v1/states/998');
    assertStatus(miss, 404);

    const c = new Client(srv, { login: 'sysadmin' });
    const s = await c.signIn();
    assertStatus(s, 200);
    assertStatus(await c.get('/api/v1/session'), 200);
    const bad = await srv.request('POST', '/api/v1/session', { json: { login: 'sysadmin', password: 'Wrong-But-Long-Secret-77' } });
    assertStatus(bad, 401);

    const lineRe = (method, p, status) => new RegExp(`${method}\\s+${p.replace(/[/.]/g, '\\$&')}(\\s|$).*\\b${status}\\b`, 'm');
    assert.ok(await srv.waitLog(lineRe('GET', marker, 200)), `no access-log line "GET ${marker} … 200" in:\n${srv.stderr.slice(-2000)}`);
    assert.ok(await srv.waitLog(lineRe('GET', '/api/v1/states/998', 404)), 'no access-log line for the 404');
    assert.ok(await srv.waitLog(lineRe('POST', '/api/v1/session', 401)), 'no access-log line for the failed sign-in');
    const log = srv.stderr;
    assert.ok(!log.includes('QUERYSECRET42'), 'the access log must not carry query strings');
    assert.ok(!log.includes(PASSWORD), 'the access log carries a password');
    assert.ok(!log.includes('Wrong-But-Long-Secret-77'), 'the access log carries a (wrong) password');
    assert.ok(c.cookie.length >= 16 && !log.includes(c.cookie), 'the access log carries the session token');
    assert.ok(!c.csrf || !log.includes(c.csrf), 'the access log carries the CSRF token');
  });
});
