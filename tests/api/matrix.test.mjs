// The access-control matrix: every route of `ahtcell routes` × every kind of
// caller.  It grows by itself as routes are added; a route it cannot probe
// fully (unknown resource kind, a path parameter it cannot fill, a body it
// does not know) FAILS, so no route slips by untested.
//
// Rules checked for each route × caller (and object of either State):
//  (a) a caller whose role the route does not list gets 401 (public) or 403;
//  (b) a caller of one State asking for an object of the other State through
//      a non-public route gets 404 (or 403), never 2xx (objects of a State;
//      not the Cell's national ones, see NATIONAL);
//  (c) no answer to an Odisha caller contains the West Bengal marker;
//  (d) lists answered to a State-scoped caller hold only its State's rows,
//      and `total` counts only those;
//  (e) nothing answers 5xx.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client, PASSWORD, routeTable, assertStatus, makePdf, uploadDocument, uploadAttachment } from './lib.mjs';

const OD = 21; // Odisha
const WB = 19; // West Bengal
const MARKER = 'wbmarker'; // in every West Bengal fixture's login and name (checked case-insensitively)
const TARGET_PW = 'Tidal-Orchid-Compass-56';

const ROUTES = routeTable();
// Reads first (they use the standing fixtures), then the routes that change state.
ROUTES.sort((a, b) => (a.method === 'GET' ? 0 : 1) - (b.method === 'GET' ? 0 : 1));

let srv;
let fixtureAdmin; // a separate admin that makes objects; never a probe caller
let fixtureCell; // a separate Cell user that uploads documents; never a probe caller
const fixtureState = {}; // a separate State user per State that files reports; never a probe caller
let districts; // { 21: [lgd…], 19: [lgd…] }
const CALLERS = [
  { key: 'public', role: 'public' },
  { key: 'admin', login: 'mx-admin', role: 'admin', jurisdiction: 'national' },
  { key: 'cell', login: 'mx-cell', role: 'cell', jurisdiction: 'national' },
  { key: 'viewer', login: 'mx-viewer', role: 'viewer', jurisdiction: 'national' },
  { key: 'od-state', login: 'mx-od-state', role: 'state', state: OD },
  { key: 'od-dist', login: 'mx-od-district', role: 'district', state: OD },
  { key: 'od-view', login: 'mx-od-viewer', role: 'viewer', state: OD },
  { key: 'wb-state', login: `${MARKER}-state`, role: 'state', state: WB },
  { key: 'wb-dist', login: `${MARKER}-district`, role: 'district', state: WB },
];
const TARGET_LOGIN = { [OD]: 'mx-od-target', [WB]: `${MARKER}-target` };
const targetClients = []; // keeps fixture sessions referenced
const objects = {}; // objects[kind][state] = id of a standing object
const table = []; // [routeLabel, {callerKey: cell}]
let probeCount = 0;

// What a `{param}` names, by the route's `resource`: a standing object per
// State, and for routes that change state, a factory of fresh ones (a probe
// that succeeds, e.g. an admin revoking a token, must not spoil the next).
const FACTORIES = {
  session: async (st) => {
    const c = await Client.signedIn(srv, TARGET_LOGIN[st], TARGET_PW);
    targetClients.push(c);
    const r = await c.get('/api/v1/sessions');
    assertStatus(r, 200);
    const cur = r.json.items.find((s) => s.current === true);
    assert.ok(cur, 'fixture: current session listed');
    return cur.id;
  },
  // Documents are national: the same kind of object for either State.
  document: async () => {
    await fixtureCell.ensureAlive();
    const r = await uploadDocument(srv, fixtureCell, { title: `Matrix document ${++probeCount}`, category: 'report' },
      makePdf([`matrix document ${probeCount}`]));
    assertStatus(r, 201);
    return r.json.id;
  },
  // A State's nodal officer: each one made closes the term of the one before,
  // so a standing object is a closed term by the time the writes run.
  officer: async (st) => {
    await fixtureCell.ensureAlive();
    const r = await fixtureCell.post('/api/v1/officers', {
      state_lgd: st, name: st === WB ? `${MARKER.toUpperCase()} Officer ${++probeCount}` : `Odisha Officer ${++probeCount}`,
      designation: 'Inspector General of Police', mobile: '94370 12345',
    });
    assertStatus(r, 201);
    return r.json.id;
  },
  // A meeting to which only that State is invited.
  meeting: async (st) => {
    await fixtureCell.ensureAlive();
    const r = await fixtureCell.post('/api/v1/meetings', {
      title: st === WB ? `${MARKER.toUpperCase()} meeting ${++probeCount}` : `Odisha meeting ${++probeCount}`,
      kind: 'nodal_officers', starts_at: '2026-06-01T10:30', invited: [st],
    });
    assertStatus(r, 201);
    return r.json.id;
  },
  // An action point of such a meeting, assigned to that State.
  'action-point': async (st) => {
    const m = await FACTORIES.meeting(st);
    const r = await fixtureCell.post(`/api/v1/meetings/${m}/action-points`, {
      text: st === WB ? `${MARKER.toUpperCase()} action ${++probeCount}` : `Odisha action ${++probeCount}`,
      due_on: '2026-01-31', states: [st],
    });
    assertStatus(r, 201);
    return r.json.id;
  },
  // A report filed by that State on such an action point, awaiting the Cell.
  'action-report': async (st) => {
    const ap = await FACTORIES['action-point'](st);
    const c = fixtureState[st];
    await c.ensureAlive();
    const r = await c.post(`/api/v1/action-points/${ap}/reports`, { text: st === WB ? `${MARKER} report` : 'Odisha report' });
    assertStatus(r, 201);
    return r.json.report_id;
  },
  agency: async (st) => {
    await fixtureCell.ensureAlive();
    const r = await fixtureCell.post('/api/v1/agencies', {
      state_lgd: st, name: st === WB ? `${MARKER.toUpperCase()} Agency ${++probeCount}` : `Odisha Agency ${++probeCount}`,
      registration_no: `REG-${probeCount}`, address: 'Somewhere', licence_valid_to: '2027-03-31', status: 'registered',
    });
    assertStatus(r, 201);
    return r.json.id;
  },
  // A State's AHTU, in its first district.
  ahtu: async (st) => {
    await fixtureCell.ensureAlive();
    const r = await fixtureCell.post('/api/v1/ahtus', {
      state_lgd: st, district_lgd: districts[st][0], based_at: 'District HQ', sanction_year: '2011-12', status: 'sanctioned',
      name: st === WB ? `${MARKER.toUpperCase()} AHTU ${++probeCount}` : `Odisha AHTU ${++probeCount}`,
    });
    assertStatus(r, 201);
    return r.json.id;
  },
  // A training course held by that State, of its own officers.
  course: async (st) => {
    await fixtureCell.ensureAlive();
    const r = await fixtureCell.post('/api/v1/trainings', {
      programme: 'mx_tot', starts_on: '2025-01-10', ends_on: '2025-01-12', host_state_lgd: st,
      title: st === WB ? `${MARKER.toUpperCase()} course ${++probeCount}` : `Odisha course ${++probeCount}`,
      participants: [{ state_lgd: st, category: 'police', rank: 'Sub-Inspector', count: 5 }],
    });
    assertStatus(r, 201);
    return r.json.id;
  },
  // A release of funds to that State (under the matrix's own scheme).
  release: async (st) => {
    await fixtureCell.ensureAlive();
    const r = await fixtureCell.post('/api/v1/releases', { scheme: 'mx_scheme', state_lgd: st, financial_year: '2015-16',
      amount: '1 lakh', units: 1, sanction_order: st === WB ? `${MARKER} order ${++probeCount}` : `Odisha order ${++probeCount}` });
    assertStatus(r, 201);
    return r.json.id;
  },
  // A utilisation certificate that State filed against such a release.
  certificate: async (st) => {
    const rel = await FACTORIES.release(st);
    const c = fixtureState[st];
    await c.ensureAlive();
    const r = await c.post('/api/v1/utilisation', { release_id: rel, amount: '10,000', certificate_ref: `UC ${++probeCount}`, certified_on: '2016-01-01' });
    assertStatus(r, 201);
    return r.json.id;
  },
  // Advisories are national, like documents: the same kind of object for either State.
  advisory: async () => {
    await fixtureCell.ensureAlive();
    const r = await uploadDocument(srv, fixtureCell, { title: `Matrix advisory ${++probeCount}`, category: 'advisory' },
      makePdf([`matrix advisory ${probeCount}`]));
    assertStatus(r, 201);
    return r.json.id;
  },
  // A State's best practice, submitted for review (so that accept, return and
  // reject can act on it).
  practice: async (st) => {
    const c = fixtureState[st];
    await c.ensureAlive();
    const r = await c.post('/api/v1/practices', {
      title: st === WB ? `${MARKER.toUpperCase()} practice ${++probeCount}` : `Odisha practice ${++probeCount}`,
      theme: 'rescue', problem: 'p', action: 'a', results: 'r',
    });
    assertStatus(r, 201);
    assertStatus(await c.post(`/api/v1/practices/${r.json.id}/submit`, {}), 200);
    return r.json.id;
  },
  'award-call': async () => {
    await fixtureCell.ensureAlive();
    const r = await fixtureCell.post('/api/v1/award-calls', { year: 2026, title: `Matrix award ${++probeCount}`, last_date: '2026-12-31', status: 'open' });
    assertStatus(r, 201);
    return r.json.id;
  },
  // A State's nomination, submitted (so that the Cell's steps can act on it).
  nomination: async (st) => {
    const c = fixtureState[st];
    await c.ensureAlive();
    const r = await c.post('/api/v1/nominations', {
      year: 2026, award: 'Matrix award', officer: st === WB ? `${MARKER.toUpperCase()} officer ${++probeCount}` : `Odisha officer ${++probeCount}`,
      citation: 'c', evidence: 'e',
    });
    assertStatus(r, 201);
    assertStatus(await c.post(`/api/v1/nominations/${r.json.id}/submit`, {}), 200);
    return r.json.id;
  },
  // A file attached by that State to a report of its own.
  attachment: async (st) => {
    const rep = await FACTORIES['action-report'](st);
    const r = await uploadAttachment(srv, fixtureState[st], 'action_report', rep, makePdf([`matrix attachment ${++probeCount}`]),
      { filename: st === WB ? `${MARKER}.pdf` : 'odisha.pdf' });
    assertStatus(r, 201);
    return r.json.id;
  },
  // A file of returns that State's user uploaded to import (one value of its
  // first district); the import is that State's.
  import: async (st) => {
    const form = new FormData();
    form.append('file', new Blob([`dataset,period,district_lgd,indicator,combo,value\r\naht_monthly,${thisMonth()},${districts[st][0]},ahtu_cases,,0\r\n`]),
      st === WB ? `${MARKER}.csv` : 'odisha.csv');
    const r = await srv.request('POST', '/api/v1/imports/returns', { body: form, headers: fixtureState[st].headersFor('POST') });
    assertStatus(r, 202);
    return r.json.id;
  },
  // A district's return of the monthly data set for this month, in a district
  // of that State not used before (a path of three parameters).
  return: async (st) => {
    returnDistrict[st] = (returnDistrict[st] ?? 0) + 1;
    return ['aht_monthly', thisMonth(), districts[st][returnDistrict[st] % districts[st].length]];
  },
  // A case registered in that State's first district (where its district
  // callers work), with a victim whose name is personal data.
  case: async (st) => {
    const c = fixtureState[st];
    await c.ensureAlive();
    const r = await c.post('/api/v1/cases', {
      district_lgd: districts[st][0], police_station: st === WB ? `${MARKER.toUpperCase()} PS` : 'Odisha PS',
      fir_number: `${++probeCount}/2026`, fir_date: '2026-01-15',
      victims: [{ gender: 'Female', age: 16, nationality: 'IN', purposes: ['forced_labour'],
        route: { source: { district_lgd: districts[st][1] }, destination: { district_lgd: districts[st][0] } },
        personal: { name: st === WB ? `${MARKER} victim` : 'Odisha victim' } }],
    });
    assertStatus(r, 201);
    return r.json.id;
  },
  token: async (st) => {
    await fixtureAdmin.ensureAlive();
    const r = await fixtureAdmin.post(`/api/v1/users/${objects.user[st]}/tokens`,
      { name: st === WB ? `${MARKER.toUpperCase()} token ${++probeCount}` : `Odisha token ${++probeCount}` });
    assertStatus(r, 201);
    return r.json.id;
  },
};

// A plausible body for each route that takes one, keyed "METHOD path".
const BODIES = {
  'POST /api/v1/session': (caller) => (caller.login
    ? { login: caller.login, password: PASSWORD }
    : { login: TARGET_LOGIN[OD], password: TARGET_PW }),
  'POST /api/v1/session/password': () => ({ current: PASSWORD, new: PASSWORD }),
  'POST /api/v1/users': () => ({
    login: `mx-probe-${++probeCount}`, name: 'Matrix Probe', email: 'probe@example.org', role: 'district',
    jurisdiction: `district:${districts[OD][1]}`, password: TARGET_PW,
  }),
  'PATCH /api/v1/users/{id}': () => ({ email: 'probe@example.org' }),
  'POST /api/v1/users/{id}/password': () => ({ password: TARGET_PW }),
  'POST /api/v1/users/{id}/tokens': () => ({ name: `probe token ${++probeCount}` }),
  // the upload takes a multipart form: a JSON body is refused with 415 after admission
  'POST /api/v1/documents': () => ({ title: 'probe' }),
  'PATCH /api/v1/documents/{id}': () => ({ summary: `probe ${++probeCount}` }),
  'POST /api/v1/documents/{id}/withdraw': () => ({ reason: 'matrix probe' }),
  'POST /api/v1/documents/{id}/restore': () => ({}),
  'POST /api/v1/meetings': () => ({ title: `Probe meeting ${++probeCount}`, kind: 'other', starts_at: '2026-05-05T10:00', invited: [OD] }),
  'PATCH /api/v1/meetings/{id}': () => ({ venue: 'Probe venue' }),
  'POST /api/v1/meetings/{id}/confirm': () => ({ attendee: 'Probe Attendee' }),
  'POST /api/v1/meetings/{id}/attendance': () => ({ attendance: [{ state_lgd: OD, attendance: 'present' }] }),
  'POST /api/v1/meetings/{id}/action-points': () => ({ text: `Probe action ${++probeCount}`, due_on: '2026-12-31', states: 'invited' }),
  'POST /api/v1/action-points/{id}/reports': () => ({ text: 'Probe report' }),
  'POST /api/v1/action-reports/{id}/accept': () => ({}),
  'POST /api/v1/action-reports/{id}/return': () => ({ comment: 'Probe comment' }),
  'POST /api/v1/agencies': () => ({ state_lgd: OD, name: `Probe Agency ${++probeCount}`, registration_no: `P-${probeCount}`,
    address: 'Probe address', licence_valid_to: '2027-01-01', status: 'registered' }),
  'PATCH /api/v1/agencies/{id}': () => ({ phone: '0674-2391234' }),
  'POST /api/v1/advisories/{id}/compliance': () => ({ status: 'in_progress', report: 'Probe report' }),
  'PUT /api/v1/advisories/{id}/actions': () => ({ actions: ['Probe action'] }),
  'POST /api/v1/practices/compendium': () => ({}),
  // the upload takes a multipart form: a JSON body is refused with 415 after admission
  'POST /api/v1/attachments': () => ({ owner_type: 'action_report', owner_id: 1 }),
  'POST /api/v1/award-calls': () => ({ year: 2027, title: `Probe award ${++probeCount}`, last_date: '2027-01-31', status: 'open' }),
  'PATCH /api/v1/award-calls/{id}': () => ({ description: 'Probe description' }),
  'POST /api/v1/nominations': () => ({ year: 2026, award: 'Probe', officer: `Probe officer ${++probeCount}`, citation: 'c', evidence: 'e' }),
  'PATCH /api/v1/nominations/{id}': () => ({ unit: 'Probe unit' }),
  'POST /api/v1/nominations/{id}/submit': () => ({}),
  'POST /api/v1/nominations/{id}/shortlist': () => ({}),
  'POST /api/v1/nominations/{id}/award': () => ({}),
  'POST /api/v1/nominations/{id}/decline': () => ({ comment: 'Probe comment' }),
  'POST /api/v1/practices': () => ({ title: `Probe practice ${++probeCount}`, theme: 'other', problem: 'p', action: 'a', results: 'r' }),
  'PATCH /api/v1/practices/{id}': () => ({ contact: 'Probe contact' }),
  'POST /api/v1/practices/{id}/submit': () => ({}),
  'POST /api/v1/practices/{id}/accept': () => ({}),
  'POST /api/v1/practices/{id}/return': () => ({ comment: 'Probe comment' }),
  'POST /api/v1/practices/{id}/reject': () => ({ comment: 'Probe comment' }),
  'POST /api/v1/practices/{id}/publish': () => ({}),
  'POST /api/v1/officers': () => ({ state_lgd: OD, name: `Probe Officer ${++probeCount}`, designation: 'DIG' }),
  'PATCH /api/v1/officers/{id}': () => ({ phone: '0674-2391234' }),
  'POST /api/v1/officers/{id}/end': () => ({ reason: 'matrix probe' }),
  // the upload takes a multipart form: a JSON body is refused with 415 after admission
  'POST /api/v1/imports/returns': () => ({ file: 'probe' }),
  'POST /api/v1/imports/cases': () => ({ file: 'probe' }),
  // a real form: a PNG of one pixel
  'POST /api/v1/cases/{id}/victims/{victim}/photo': () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082', 'hex')]), 'probe.png');
    return form;
  },
  'POST /api/v1/cases': () => ({ district_lgd: districts[OD][0], police_station: 'Probe PS', fir_number: `P${++probeCount}/2026`,
    fir_date: '2026-02-01', victims: [{ gender: 'Male', age_band: '18--20', nationality: 'IN' }] }),
  // without the version read: refused (400) after admission, never saved
  'PUT /api/v1/cases/{id}': () => ({ police_station: 'Probe PS' }),
  'PUT /api/v1/analysis/settings': () => ({ thresholds: { min_victims: 10, dominant_share: 0.6 } }),
  'POST /api/v1/reports/national/file': () => ({}),
  'POST /api/v1/releases': () => ({ scheme: 'ahtu_comprehensive', state_lgd: OD, financial_year: '2011-12', amount: '10 lakh', units: 1 }),
  'POST /api/v1/utilisation': () => ({ release_id: 1, amount: '1 lakh', certified_on: '2012-01-01' }),
  'POST /api/v1/ahtus': () => ({ state_lgd: OD, district_lgd: districts[OD][0], name: `Probe AHTU ${++probeCount}`, based_at: 'HQ',
    sanction_year: '2012-13', status: 'sanctioned' }),
  'PATCH /api/v1/ahtus/{id}': () => ({ phone: '0674-2391234' }),
  // incomplete on purpose: refused (400) after admission, the criteria unchanged
  'PUT /api/v1/ahtus/criteria': () => ({ criteria: { set_up: [] } }),
  'POST /api/v1/trainings/programmes': () => ({ code: `mx_probe_${++probeCount}`, name: 'Probe programme', kind: 'other' }),
  'POST /api/v1/trainings': () => ({ programme: 'mx_tot', title: `Probe course ${++probeCount}`, starts_on: '2025-02-01',
    ends_on: '2025-02-02', participants: [{ state_lgd: OD, category: 'police', count: 1 }] }),
  // without the version read: refused (400) after admission, never saved
  'PATCH /api/v1/trainings/{id}': () => ({ venue: 'Probe venue' }),
  'POST /api/v1/dashboard/file': () => ({ state_lgd: OD }),
  'POST /api/v1/releases/{id}/withdraw': () => ({ reason: 'Probe withdrawal' }),
  'POST /api/v1/utilisation/{id}/withdraw': () => ({ reason: 'Probe withdrawal' }),
  'PUT /api/v1/schemes/{code}': () => ({ name: 'Probe scheme', targets: [{ measure: 'ahtus_set_up', state_lgd: 0, target: 1 }] }),
  'POST /api/v1/trainings/{id}/trainees': () => ({ state_lgd: OD, category: 'police', rank: 'SI', name: 'Probe Trainee' }),
  'POST /api/v1/reports/state/{lgd}/file': () => ({}),
  'PUT /api/v1/returns/{dataset}/{period}/{district}': () => ({ values: { ahtu_cases: 1, 'cases_registered.itpa': 1 } }),
  // incomplete on purpose: a probe must not redefine the standard return
  'PUT /api/v1/datasets/{code}': () => ({ name: 'Probe' }),
  'POST /api/v1/returns/{dataset}/{period}/{district}/submit': () => ({}),
  'PUT /api/v1/returns/{dataset}/{period}/{district}/exception': () => ({ open_until: '2099-12-31', reason: 'Probe reason' }),
  'POST /api/v1/returns/{dataset}/{period}/{district}/approve': () => ({}),
  'POST /api/v1/returns/{dataset}/{period}/{district}/send-back': () => ({ comment: 'Probe comment' }),
  'POST /api/v1/returns/{dataset}/{period}/{district}/accept': () => ({}),
  'POST /api/v1/returns/{dataset}/{period}/{district}/reopen': () => ({ comment: 'Probe comment' }),
};

// Kinds of object that belong to no State (the Cell's documents and advisories,
// the registers' descriptions): rule (b) does not apply to them.
const NATIONAL = new Set(['document', 'advisory', 'register', 'award-call', 'dataset', 'scheme']);

const label = (r) => `${r.method} ${r.path}`;
const returnDistrict = {};
/* This month in India, YYYY-MM: a period open for entry. */
function thisMonth() {
  return new Date(Date.now() + 330 * 60000).toISOString().slice(0, 7);
}
const mutating = (r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method);

before(async () => {
  srv = await Server.start({ setup: (s) => {
    s.addUser('mx-fixture-admin', { role: 'admin' });
    s.addUser('mx-fixture-cell', { role: 'cell' });
    s.addUser('mx-fixture-od', { role: 'state', jurisdiction: `state:${OD}` });
    s.addUser(`${MARKER}-fixture`, { role: 'state', jurisdiction: `state:${WB}` });
  } });
  fixtureState[OD] = await Client.signedIn(srv, 'mx-fixture-od');
  fixtureState[WB] = await Client.signedIn(srv, `${MARKER}-fixture`);
  fixtureAdmin = await Client.signedIn(srv, 'mx-fixture-admin');
  fixtureCell = await Client.signedIn(srv, 'mx-fixture-cell');
  districts = {};
  for (const st of [OD, WB]) {
    const r = await srv.request('GET', `/api/v1/states/${st}/districts`);
    assertStatus(r, 200);
    districts[st] = r.json.items.map((d) => d.lgd);
  }
  for (const c of CALLERS) {
    if (c.role === 'public') continue;
    if (!c.jurisdiction) c.jurisdiction = c.role === 'district' ? `district:${districts[c.state][0]}` : `state:${c.state}`;
    srv.addUser(c.login, { role: c.role, jurisdiction: c.jurisdiction });
  }
  for (const st of [OD, WB]) {
    srv.addUser(TARGET_LOGIN[st], { role: 'district', jurisdiction: `district:${districts[st][0]}`, password: TARGET_PW });
  }
  // Names: a marker on every West Bengal user.
  const all = await fixtureAdmin.get('/api/v1/users?limit=500');
  assertStatus(all, 200);
  const idOf = (login) => {
    const u = all.json.items.find((x) => x.login === login);
    assert.ok(u, `fixture user ${login} listed`);
    return u.id;
  };
  for (const c of CALLERS) if (c.login) c.id = idOf(c.login);
  objects.user = { [OD]: idOf(TARGET_LOGIN[OD]), [WB]: idOf(TARGET_LOGIN[WB]) };
  for (const [login, st] of [...CALLERS.filter((c) => c.state).map((c) => [c.login, c.state]),
    [TARGET_LOGIN[OD], OD], [TARGET_LOGIN[WB], WB]]) {
    const name = st === WB ? `WBMARKER West Bengal ${login}` : `Odisha ${login}`;
    const r = await fixtureAdmin.patch(`/api/v1/users/${idOf(login)}`, { name });
    assertStatus(r, 200);
  }
  objects.state = { [OD]: OD, [WB]: WB };
  objects.session = { [OD]: await FACTORIES.session(OD), [WB]: await FACTORIES.session(WB) };
  objects.token = { [OD]: await FACTORIES.token(OD), [WB]: await FACTORIES.token(WB) };
  objects.document = { [OD]: await FACTORIES.document(OD), [WB]: await FACTORIES.document(WB) };
  objects.officer = { [OD]: await FACTORIES.officer(OD), [WB]: await FACTORIES.officer(WB) };
  objects.register = { [OD]: 'officers', [WB]: 'agencies' };
  objects.agency = { [OD]: await FACTORIES.agency(OD), [WB]: await FACTORIES.agency(WB) };
  objects.advisory = { [OD]: await FACTORIES.advisory(OD), [WB]: await FACTORIES.advisory(WB) };
  assertStatus(await fixtureCell.post('/api/v1/trainings/programmes', { code: 'mx_tot', name: 'Matrix ToT', kind: 'tot' }), 201);
  assertStatus(await fixtureCell.put('/api/v1/schemes/mx_scheme', { name: 'Matrix scheme', targets: [] }), 200);
  objects.release = { [OD]: await FACTORIES.release(OD), [WB]: await FACTORIES.release(WB) };
  objects.certificate = { [OD]: await FACTORIES.certificate(OD), [WB]: await FACTORIES.certificate(WB) };
  objects.ahtu = { [OD]: await FACTORIES.ahtu(OD), [WB]: await FACTORIES.ahtu(WB) };
  objects.course = { [OD]: await FACTORIES.course(OD), [WB]: await FACTORIES.course(WB) };
  objects.practice = { [OD]: await FACTORIES.practice(OD), [WB]: await FACTORIES.practice(WB) };
  objects['award-call'] = { [OD]: await FACTORIES['award-call'](OD), [WB]: await FACTORIES['award-call'](WB) };
  objects.nomination = { [OD]: await FACTORIES.nomination(OD), [WB]: await FACTORIES.nomination(WB) };
  objects.attachment = { [OD]: await FACTORIES.attachment(OD), [WB]: await FACTORIES.attachment(WB) };
  objects.dataset = { [OD]: 'aht_monthly', [WB]: 'aht_annual' };
  objects.scheme = { [OD]: 'mx_scheme_od', [WB]: 'mx_scheme_wb' };
  objects.import = { [OD]: await FACTORIES.import(OD), [WB]: await FACTORIES.import(WB) };
  objects.case = { [OD]: await FACTORIES.case(OD), [WB]: await FACTORIES.case(WB) };
  objects.victim = {};
  for (const st of [OD, WB]) {
    const c = await fixtureState[st].get(`/api/v1/cases/${objects.case[st]}`);
    assertStatus(c, 200);
    objects.victim[st] = [objects.case[st], c.json.victims[0].id];
  }
  // the district callers' own district's return (the first of the State)
  objects.return = { [OD]: ['aht_monthly', thisMonth(), districts[OD][0]], [WB]: ['aht_monthly', thisMonth(), districts[WB][0]] };
  for (const kind of ['meeting', 'action-point', 'action-report']) {
    objects[kind] = { [OD]: await FACTORIES[kind](OD), [WB]: await FACTORIES[kind](WB) };
  }
  for (const c of CALLERS) if (c.login) c.client = await Client.signedIn(srv, c.login);
});

after(async () => {
  if (table.length) {
    const heads = CALLERS.map((c) => c.key);
    const w0 = Math.max(...table.map(([l]) => l.length));
    const cells = table.map(([, row]) => heads.map((h) => row[h] ?? '-'));
    const widths = heads.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
    const line = (first, cols) => `${first.padEnd(w0)}  ${cols.map((c, i) => c.padEnd(widths[i])).join('  ')}`;
    const out = ['', 'access matrix: status for a West Bengal object / an Odisha object (one status when the path names none)',
      line('route', heads), ...table.map(([l], i) => line(l, cells[i]))];
    console.log(out.join('\n'));
  }
  if (srv) await srv.stop();
});

// One request of `caller` to `route`, with the object of State `st` (or none).
async function probe(route, caller, st) {
  const params = route.path.match(/\{[^}]+\}/g) || [];
  let urlPath = route.path;
  if (params.length && st) {
    // an object is one value, or one per parameter (a return: data set, period, district)
    const kind = route.resource;
    const id = mutating(route) && FACTORIES[kind] ? await FACTORIES[kind](st) : objects[kind][st];
    const values = Array.isArray(id) ? id : [id];
    params.forEach((p, i) => { urlPath = urlPath.replace(p, encodeURIComponent(String(values[i]))); });
  }
  let json;
  if (['POST', 'PUT', 'PATCH'].includes(route.method)) json = BODIES[label(route)](caller);
  // an upload to an object's path goes as the form it takes, so that the object's scope decides
  if (json instanceof FormData) {
    return caller.client
      ? caller.client.req(route.method, urlPath, { body: json })
      : srv.request(route.method, urlPath, { body: json });
  }
  const r = caller.client
    ? await caller.client.req(route.method, urlPath, { json })
    : await srv.request(route.method, urlPath, { json });
  return r;
}

function allowed(route, caller) {
  return route.roles.includes('public') || route.roles.includes(caller.role);
}

// Rule (d): every row of a list belongs to the caller's State, and total counts only those.
async function checkList(route, caller, r, fail) {
  if (!caller.state || route.method !== 'GET' || !r.json || !Array.isArray(r.json.items)) return;
  const full = await caller.client.get(`${route.path}?limit=500`);
  const probeQ = await caller.client.get(`${route.path}?limit=500&q=${MARKER}`);
  for (const x of [full, probeQ]) {
    if (x.status !== 200 || !Array.isArray(x.json?.items)) continue;
    if (caller.state === OD && x.text.toLowerCase().includes(MARKER)) fail(`(c) ${x.path} as ${caller.key} shows the West Bengal marker`);
    for (const item of x.json.items) {
      if ('state_lgd' in item && item.state_lgd !== caller.state) {
        fail(`(d) ${x.path} as ${caller.key} lists a row of State ${item.state_lgd}: ${JSON.stringify(item).slice(0, 200)}`);
      }
      const j = typeof item.jurisdiction === 'string' ? item.jurisdiction.match(/^(state|district):(\d+)$/) : null;
      if (j && !(j[1] === 'state' ? Number(j[2]) === caller.state : districts[caller.state].includes(Number(j[2])))) {
        fail(`(d) ${x.path} as ${caller.key} lists a row of ${item.jurisdiction}`);
      }
    }
    if ('total' in x.json && x.json.total <= 500 && x.json.total !== x.json.items.length) {
      fail(`(d) ${x.path} as ${caller.key}: total ${x.json.total} but ${x.json.items.length} visible rows`);
    }
  }
}

describe('access matrix', () => {
  for (const route of ROUTES) {
    it(label(route), async () => {
      const failures = [];
      const fail = (m) => failures.push(m);
      const row = {};
      table.push([label(route), row]);

      // Can the matrix probe this route at all?
      assert.ok(Array.isArray(route.roles) && route.roles.length > 0, `route ${label(route)} lists no roles`);
      for (const role of route.roles) {
        assert.ok(['public', 'admin', 'cell', 'state', 'district', 'viewer'].includes(role),
          `route ${label(route)} has role "${role}" the matrix does not know: add a caller`);
      }
      const params = route.path.match(/\{[^}]+\}/g) || [];
      if (params.length >= 1) {
        assert.ok(route.resource && objects[route.resource],
          `route ${label(route)} has resource ${route.resource} the matrix does not know: add a fixture`);
        const sample = objects[route.resource][OD];
        assert.equal(Array.isArray(sample) ? sample.length : 1, params.length,
          `route ${label(route)} has ${params.length} path parameters; its fixture fills ${Array.isArray(sample) ? sample.length : 1}`);
      }
      if (['POST', 'PUT', 'PATCH'].includes(route.method)) {
        assert.ok(BODIES[label(route)], `route ${label(route)} takes a body the matrix does not know: add one to BODIES`);
      }

      for (const caller of CALLERS) {
        const cells = [];
        for (const st of params.length ? [WB, OD] : [null]) {
          const r = await probe(route, caller, st);
          cells.push(String(r.status));
          const who = `${label(route)} as ${caller.key}${st ? ` on a${st === WB ? ' West Bengal' : 'n Odisha'} ${route.resource}` : ''}`;
          if (r.status >= 500) fail(`(e) ${who}: ${r.status} ${r.text.slice(0, 200)}`);
          if (!allowed(route, caller)) {
            const want = caller.role === 'public' ? 401 : 403;
            if (r.status !== want) fail(`(a) ${who}: ${r.status}, want ${want} (role not listed) ${r.text.slice(0, 200)}`);
          }
          if (caller.state && st && st !== caller.state && !route.roles.includes('public') && !NATIONAL.has(route.resource)) {
            if (r.status !== 404 && r.status !== 403) fail(`(b) ${who}: ${r.status}, want 404 (object of another State) ${r.text.slice(0, 200)}`);
          }
          if (caller.state === OD && r.text.toLowerCase().includes(MARKER)) {
            fail(`(c) ${who}: the answer carries the West Bengal marker: ${r.text.slice(0, 300)}`);
          }
          if (r.status >= 200 && r.status < 300 && !route.roles.includes('public') && !params.length) {
            await checkList(route, caller, r, fail);
          }
          if (caller.client && mutating(route)) await caller.client.ensureAlive();
        }
        row[caller.key] = cells.join('/');
      }
      if (failures.length) assert.fail(`${label(route)}: ${failures.length} breach(es)\n  ${failures.join('\n  ')}`);
    });
  }
});
