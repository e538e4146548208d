// User administration: create, validation, idempotency, paging, State
// scope, disabling, audit.  Contract: docs/api.md.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client, PASSWORD, assertError, assertStatus, assertUser, ISO_Z } from './lib.mjs';

let srv;
let admin;
let odisha; // state:21
let bengal; // state:19
let khordha; // lgd of Khordha (Odisha)
let odishaDistricts;
let bengalDistrict; // lgd of a district of West Bengal

const NEW_PW = 'Saffron-Tide-Window-37';

before(async () => {
  srv = await Server.start({
    setup: (s) => {
      s.addUser('usr-admin', { role: 'admin' });
      s.addUser('od-state', { role: 'state', jurisdiction: 'state:21' });
      s.addUser('wb-state', { role: 'state', jurisdiction: 'state:19' });
    },
  });
  admin = await Client.signedIn(srv, 'usr-admin');
  odisha = await Client.signedIn(srv, 'od-state');
  bengal = await Client.signedIn(srv, 'wb-state');
  const od = await srv.request('GET', '/api/v1/states/21/districts');
  assertStatus(od, 200);
  odishaDistricts = od.json.items;
  khordha = odishaDistricts.find((d) => d.name === 'Khordha').lgd;
  const wb = await srv.request('GET', '/api/v1/states/19/districts');
  assertStatus(wb, 200);
  bengalDistrict = wb.json.items[0].lgd;
});
after(async () => { if (srv) await srv.stop(); });

const newUser = (login, extra = {}) => ({
  login, name: `Name of ${login}`, email: `${login}@example.org`, role: 'cell', jurisdiction: 'national',
  password: NEW_PW, ...extra,
});

async function findUser(login) {
  const r = await admin.get(`/api/v1/users?q=${encodeURIComponent(login)}&limit=500`);
  assertStatus(r, 200);
  return r.json.items.find((u) => u.login === login);
}

describe('create', () => {
  it('admin creates a national user: 201 and the USER fields', async () => {
    const r = await admin.post('/api/v1/users', newUser('ravi.kumar', { name: 'Ravi Kumar' }));
    assertStatus(r, 201);
    const u = r.json;
    assertUser(u, 'created user');
    assert.equal(u.login, 'ravi.kumar');
    assert.equal(u.name, 'Ravi Kumar');
    assert.equal(u.email, 'ravi.kumar@example.org');
    assert.equal(u.role, 'cell');
    assert.equal(u.jurisdiction, 'national');
    assert.equal(u.state_lgd, null);
    assert.equal(u.district_lgd, null);
    assert.equal(u.disabled, false);
    assert.equal(u.must_change_password, true, 'a user made by an admin must change the password at first sign-in');
    assert.match(u.created_at, ISO_Z);
    assert.equal(u.last_login_at, null);
    assert.ok(!r.text.includes(NEW_PW), 'the answer must not echo the password');

    const g = await admin.get(`/api/v1/users/${u.id}`);
    assertStatus(g, 200);
    assert.deepEqual(g.json, u);

    // The new user can sign in, and must change the password.
    const s = await srv.request('POST', '/api/v1/session', { json: { login: 'ravi.kumar', password: NEW_PW } });
    assertStatus(s, 200);
    assert.equal(s.json.must_change_password, true);
  });

  it('a district user carries its State and district', async () => {
    const r = await admin.post('/api/v1/users', newUser('khordha.sp', { role: 'district', jurisdiction: `district:${khordha}` }));
    assertStatus(r, 201);
    assert.equal(r.json.jurisdiction, `district:${khordha}`);
    assert.equal(r.json.state_lgd, 21);
    assert.equal(r.json.district_lgd, khordha);
  });

  it('duplicate login answers 409 user.exists', async () => {
    const r = await admin.post('/api/v1/users', newUser('ravi.kumar'));
    assertError(r, 409, 'user.exists');
  });

  it('invalid fields answer 400 request.invalid naming the field', async () => {
    const cases = [
      [{ login: 'A' }, 'login'],
      [{ login: 'ab' }, 'login'],
      [{ login: 'Upper.Case' }, 'login'],
      [{ login: 'sp ace' }, 'login'],
      [{ login: 'x'.repeat(65) }, 'login'],
      [{ role: 'king' }, 'role'],
      [{ jurisdiction: 'everywhere' }, 'jurisdiction'],
      [{ jurisdiction: 'state:999' }, 'jurisdiction'],
      [{ role: 'district', jurisdiction: 'district:999999' }, 'jurisdiction'],
    ];
    let n = 0;
    for (const [patch, field] of cases) {
      const body = { ...newUser(`valid.login${n++}`), ...patch };
      const r = await admin.post('/api/v1/users', body);
      const e = assertError(r, 400, 'request.invalid');
      assert.equal(e.field, field, `${JSON.stringify(patch)}: field ${e.field}, want ${field}`);
    }
    const missing = newUser('no.login.here');
    delete missing.login;
    assert.equal(assertError(await admin.post('/api/v1/users', missing), 400, 'request.invalid').field, 'login');
    assert.equal(await findUser('no.login.here'), undefined);
  });

  it('weak passwords are refused with password.weak', async () => {
    for (const pw of ['short-1A', 'password123456', 'my-weak.login-Pass-9x']) {
      assertError(await admin.post('/api/v1/users', newUser('weak.login', { password: pw })), 400, 'password.weak');
    }
    assert.equal(await findUser('weak.login'), undefined);
  });
});

describe('idempotency', () => {
  it('the same POST twice with one Idempotency-Key makes one user and replays the answer', async () => {
    const body = newUser('idem.one');
    const key = 'create-idem-one-7f3a';
    const a = await admin.post('/api/v1/users', body, { headers: { 'Idempotency-Key': key } });
    assertStatus(a, 201);
    assert.notEqual(a.headers.get('idempotent-replay'), 'true');
    const b = await admin.post('/api/v1/users', body, { headers: { 'Idempotency-Key': key } });
    assertStatus(b, 201);
    assert.equal(b.headers.get('idempotent-replay'), 'true');
    assert.deepEqual(b.json, a.json, 'the replay must answer the same body');
    const l = await admin.get('/api/v1/users?q=idem.one');
    assertStatus(l, 200);
    assert.equal(l.json.total, 1);

    const c = await admin.post('/api/v1/users', { ...body, name: 'Another Name' }, { headers: { 'Idempotency-Key': key } });
    assertError(c, 422, 'idempotency.mismatch');
    assert.equal((await admin.get('/api/v1/users?q=idem.one')).json.total, 1);
  });

  it('without a key a repeated POST is a conflict, not a second user', async () => {
    const body = newUser('idem.two');
    assertStatus(await admin.post('/api/v1/users', body), 201);
    assertError(await admin.post('/api/v1/users', body), 409, 'user.exists');
  });
});

describe('paging and filters', () => {
  before(async () => {
    for (let i = 1; i <= 5; i++) {
      assertStatus(await admin.post('/api/v1/users', newUser(`pager.${i}`, { name: `Pager Person ${i}` })), 201);
    }
    assertStatus(await admin.post('/api/v1/users', newUser('zz.other', { name: 'Zebra Quokka' })), 201);
  });

  it('limit/offset/total', async () => {
    const p1 = await admin.get('/api/v1/users?q=pager.&limit=2&offset=0');
    assertStatus(p1, 200);
    assert.deepEqual([p1.json.total, p1.json.limit, p1.json.offset, p1.json.items.length], [5, 2, 0, 2]);
    const p2 = await admin.get('/api/v1/users?q=pager.&limit=2&offset=2');
    const p3 = await admin.get('/api/v1/users?q=pager.&limit=2&offset=4');
    assert.deepEqual([p3.json.total, p3.json.offset, p3.json.items.length], [5, 4, 1]);
    const logins = [...p1.json.items, ...p2.json.items, ...p3.json.items].map((u) => u.login).sort();
    assert.deepEqual(logins, ['pager.1', 'pager.2', 'pager.3', 'pager.4', 'pager.5']);
    const past = await admin.get('/api/v1/users?q=pager.&offset=10');
    assert.deepEqual([past.json.total, past.json.items.length], [5, 0]);
    const all = await admin.get('/api/v1/users');
    assert.equal(all.json.limit, 50, 'default limit 50');
    assert.equal(all.json.offset, 0);
    assert.ok(all.json.total >= 10);
  });

  it('limit outside 1–500 answers 400 naming the field', async () => {
    for (const q of ['limit=0', 'limit=501', 'limit=abc', 'offset=-1']) {
      const r = await admin.get(`/api/v1/users?${q}`);
      const e = assertError(r, 400, 'request.invalid');
      assert.equal(e.field, q.split('=')[0], q);
    }
  });

  it('q matches login or name; role and disabled filters', async () => {
    const byName = await admin.get('/api/v1/users?q=Zebra%20Quok');
    assertStatus(byName, 200);
    assert.deepEqual(byName.json.items.map((u) => u.login), ['zz.other']);
    assert.equal(byName.json.total, 1);
    const byLogin = await admin.get('/api/v1/users?q=zz.oth');
    assert.deepEqual(byLogin.json.items.map((u) => u.login), ['zz.other']);
    const states = await admin.get('/api/v1/users?role=state');
    assert.deepEqual(states.json.items.map((u) => u.login).sort(), ['od-state', 'wb-state']);
    assert.equal(states.json.total, 2);
    const none = await admin.get('/api/v1/users?q=no-such-user-anywhere');
    assert.deepEqual([none.json.total, none.json.items.length], [0, 0]);
  });
});

describe('a State user', () => {
  it('creates a district user of its own State', async () => {
    const r = await odisha.post('/api/v1/users', newUser('khordha.dcpo', { role: 'district', jurisdiction: `district:${khordha}` }));
    assertStatus(r, 201);
    assert.equal(r.json.state_lgd, 21);
    assert.equal(r.json.district_lgd, khordha);
  });

  it('may not create a user of a district of another State', async () => {
    const r = await odisha.post('/api/v1/users', newUser('kolkata.dcpo', { role: 'district', jurisdiction: `district:${bengalDistrict}` }));
    assertError(r, [400, 403]);
    assert.equal(await findUser('kolkata.dcpo'), undefined);
  });

  it('may not create cell, admin, state or viewer users', async () => {
    for (const [role, jurisdiction] of [['cell', 'national'], ['admin', 'national'], ['state', 'state:21'], ['viewer', 'state:21']]) {
      const login = `od.made.${role}`;
      const r = await odisha.post('/api/v1/users', newUser(login, { role, jurisdiction }));
      assertError(r, 403, 'auth.forbidden');
      assert.equal(await findUser(login), undefined, `${role} was created`);
    }
  });

  it('sees only users of its State; others answer 404 like missing ones', async () => {
    const l = await odisha.get('/api/v1/users?limit=500');
    assertStatus(l, 200);
    assert.ok(l.json.items.length > 0);
    for (const u of l.json.items) assert.equal(u.state_lgd, 21, `${u.login} is not of Odisha`);
    assert.equal(l.json.total, l.json.items.length, 'total counts only rows the caller may see');
    const wb = await findUser('wb-state');
    const missing = await odisha.get('/api/v1/users/999999999');
    const foreign = await odisha.get(`/api/v1/users/${wb.id}`);
    assertError(foreign, 404);
    assert.deepEqual(foreign.json, missing.json);
    const nat = await findUser('ravi.kumar');
    assertError(await odisha.get(`/api/v1/users/${nat.id}`), 404);
    assertError(await odisha.patch(`/api/v1/users/${wb.id}`, { name: 'Hijacked' }), 404);
    assert.equal((await findUser('wb-state')).name !== 'Hijacked', true);
    const wbList = await bengal.get('/api/v1/users?q=khordha');
    assertStatus(wbList, 200);
    assert.equal(wbList.json.total, 0, 'West Bengal must not count Odisha users');
  });
});

describe('disable', () => {
  it('PATCH disabled:true revokes the sessions and blocks sign-in', async () => {
    const made = await admin.post('/api/v1/users', newUser('to.disable', { role: 'viewer', jurisdiction: 'state:21' }));
    assertStatus(made, 201);
    const u = new Client(srv, { login: 'to.disable', password: NEW_PW });
    assertStatus(await u.signIn(), 200);
    assertStatus(await u.changePassword('Velvet-Harbor-Quill-48'), 204);
    assertStatus(await u.get('/api/v1/session'), 200);
    const p = await admin.patch(`/api/v1/users/${made.json.id}`, { disabled: true });
    assertStatus(p, 200);
    assert.equal(p.json.disabled, true);
    assertError(await u.get('/api/v1/session'), 401, 'auth.required');
    assertError(await u.signIn(), 401, 'auth.invalid_credentials');
    const l = await admin.get('/api/v1/users?disabled=true');
    assert.ok(l.json.items.some((x) => x.login === 'to.disable'));
    assert.ok(l.json.items.every((x) => x.disabled === true));
  });

  it('nobody disables or demotes themselves', async () => {
    const me = await findUser('usr-admin');
    assertError(await admin.patch(`/api/v1/users/${me.id}`, { disabled: true }), [400, 403, 409]);
    assertError(await admin.patch(`/api/v1/users/${me.id}`, { role: 'viewer' }), [400, 403, 409]);
    const again = await admin.get(`/api/v1/users/${me.id}`);
    assert.equal(again.json.disabled, false);
    assert.equal(again.json.role, 'admin');
  });

  it('PATCH validates like create', async () => {
    const u = await findUser('pager.1');
    assert.equal(assertError(await admin.patch(`/api/v1/users/${u.id}`, { role: 'king' }), 400, 'request.invalid').field, 'role');
    assert.equal(assertError(await admin.patch(`/api/v1/users/${u.id}`, { jurisdiction: 'state:999' }), 400, 'request.invalid').field,
      'jurisdiction');
    const ok = await admin.patch(`/api/v1/users/${u.id}`, { name: 'Renamed Pager' });
    assertStatus(ok, 200);
    assert.equal(ok.json.name, 'Renamed Pager');
  });
});

describe('audit', () => {
  it('admin sees user.create entries, newest first', async () => {
    const r = await admin.get('/api/v1/audit?action=user.create&limit=500');
    assertStatus(r, 200);
    assert.ok(r.json.total >= 10, `user.create entries: ${r.json.total}`);
    const ravi = await findUser('ravi.kumar');
    const e = r.json.items.find((x) => String(x.object_id) === String(ravi.id));
    assert.ok(e, 'an audit entry for the creation of ravi.kumar');
    for (const f of ['id', 'at', 'user_id', 'login', 'ip', 'action', 'object_type', 'object_id', 'outcome', 'detail']) {
      assert.ok(f in e, `audit field ${f}`);
    }
    assert.equal(e.action, 'user.create');
    assert.equal(e.outcome, 'ok');
    assert.equal(e.login, 'usr-admin');
    assert.match(e.at, ISO_Z);
    assert.ok(r.json.items.every((x) => x.action === 'user.create'));
    const ats = r.json.items.map((x) => x.at);
    assert.deepEqual(ats, [...ats].sort().reverse(), 'newest first');
    assert.ok(!r.text.includes(NEW_PW), 'audit must not carry passwords');
    const denied = await admin.get('/api/v1/audit?outcome=denied');
    assertStatus(denied, 200);
    assert.ok(denied.json.items.every((x) => x.outcome === 'denied'));
  });

  it('a State user gets 403 auth.forbidden', async () => {
    assertError(await odisha.get('/api/v1/audit'), 403, 'auth.forbidden');
  });
});

describe('sorting', () => {
  it('sorts by name both ways across pages, and refuses an unknown key', async () => {
    for (const [login, name] of [['sort.c', 'Sortkey Charlie'], ['sort.a', 'sortkey alpha'], ['sort.b', 'Sortkey Bravo']]) {
      assertStatus(await admin.post('/api/v1/users', newUser(login, { name })), 201);
    }
    const names = async (sort, offset) => {
      const r = await admin.get(`/api/v1/users?q=sortkey&sort=${sort}&limit=2&offset=${offset}`);
      assertStatus(r, 200);
      assert.equal(r.json.total, 3);
      return r.json.items.map((u) => u.login);
    };
    // case-insensitive on name, and the order holds across pages
    assert.deepEqual([...await names('name', 0), ...await names('name', 2)], ['sort.a', 'sort.b', 'sort.c']);
    assert.deepEqual([...await names('-name', 0), ...await names('-name', 2)], ['sort.c', 'sort.b', 'sort.a']);
    assert.deepEqual(await names('-login', 0), ['sort.c', 'sort.b']);
    const bad = await admin.get('/api/v1/users?sort=pw_hash');
    assertError(bad, 400, 'request.invalid');
    assert.equal(bad.json.error.field, 'sort');
  });
});
