// Import and export of returns through the real binary: the template a
// State downloads (CSV and XLSX), the filled file uploaded and imported as a
// job (every row checked; all or nothing), the report of every rejected cell
// by row and column, broken files (wrong columns, text in number cells,
// negative numbers, a truncated XLSX, a CSV in another encoding), scoping
// (a district importing for another, a State for another State's district,
// a locked period, a submitted return), exports, and the command line.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Server, Client, assertError, assertStatus, makeZip } from './lib.mjs';

const OD = 21;
const WB = 19;
const KHORDHA = 362;      // Odisha
let srv, cell, od, kh, wb, districtsOd;

function month(n) {
  const d = new Date(Date.now() + 330 * 60000);
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  return m.toISOString().slice(0, 7);
}
const NOW = month(0);
const HEADER = ['dataset', 'period', 'state_lgd', 'state', 'district_lgd', 'district', 'indicator', 'indicator_name',
  'combo', 'combo_name', 'value', 'comment', 'status'];
const V = HEADER.indexOf('value');

// RFC 4180, enough for what the server writes.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', q = false;
  text = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') q = false; else field += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}
const csvOf = (rows) => rows.map((r) => r.map((f) => (/[",\n]/.test(String(f)) ? `"${String(f).replace(/"/g, '""')}"` : String(f))).join(',')).join('\r\n') + '\r\n';

async function upload(client, buf, filename = 'return.csv') {
  const form = new FormData();
  form.append('file', new Blob([buf]), filename);
  return srv.request('POST', '/api/v1/imports/returns', { body: form, headers: client.headersFor('POST'), timeout: 60_000 });
}
// Uploads and waits for the import to finish; returns its final state.
async function importFile(client, buf, filename) {
  const r = await upload(client, buf, filename);
  assertStatus(r, 202);
  assert.equal(r.json.status, 'queued');
  assert.equal(r.headers.get('location'), r.json.href);
  for (let i = 0; i < 400; i++) {
    const s = await client.get(r.json.href);
    assertStatus(s, 200);
    if (!['queued', 'running'].includes(s.json.status)) return s.json;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('the import did not finish');
}
async function template(client, q) {
  const r = await client.get(`/api/v1/values?dataset=aht_monthly&template=1&format=csv&${q}`);
  assertStatus(r, 200);
  return parseCsv(r.text);
}
const returnOf = async (client, period, district) => (await client.get(`/api/v1/returns/aht_monthly/${period}/${district}`)).json;

before(async () => {
  srv = await Server.start({
    setup: (s) => {
      s.addUser('im-cell', { role: 'cell' });
      s.addUser('im-od', { role: 'state', jurisdiction: `state:${OD}` });
      s.addUser('im-wb', { role: 'state', jurisdiction: `state:${WB}` });
      s.addUser('im-kh', { role: 'district', jurisdiction: `district:${KHORDHA}` });
    },
  });
  districtsOd = (await srv.request('GET', `/api/v1/states/${OD}/districts`)).json.items.map((d) => d.lgd);
  [cell, od, kh, wb] = await Promise.all(['im-cell', 'im-od', 'im-kh', 'im-wb'].map((l) => Client.signedIn(srv, l)));
});
after(async () => { if (srv) await srv.stop(); });

describe('the template', () => {
  it('has every cell of every district of the State, blank, in the form order, as CSV and XLSX', async () => {
    const rows = await template(od, `period=${NOW}`);
    assert.deepEqual(rows[0], HEADER);
    const body = rows.slice(1);
    assert.equal(body.length, districtsOd.length * 55, '55 cells of the monthly return for each district');
    assert.ok(body.every((r) => r[0] === 'aht_monthly' && r[1] === NOW && r[2] === String(OD) && r[V] === '' && r[12] === 'draft'));
    assert.deepEqual([...new Set(body.map((r) => Number(r[4])))].sort(), [...districtsOd].sort());
    assert.deepEqual(body.slice(0, 2).map((r) => `${r[6]}.${r[8]}`), ['cases_registered.ipc370', 'cases_registered.ipc370a']);
    const x = await od.get(`/api/v1/values?dataset=aht_monthly&template=1&format=xlsx&period=${NOW}`);
    assertStatus(x, 200);
    assert.match(x.headers.get('content-type'), /spreadsheetml/);
    assert.match(x.headers.get('content-disposition'), new RegExp(`aht_monthly-${NOW}-state-${OD}-template\\.xlsx`));
    assert.equal(Buffer.from(await (await fetch(srv.base + `/api/v1/values?dataset=aht_monthly&template=1&format=xlsx&period=${NOW}`,
      { headers: od.headersFor('GET') })).arrayBuffer()).subarray(0, 2).toString(), 'PK');
  });
  it("is the caller's own: a district gets its district, another State is 404, a template needs one period", async () => {
    const rows = await template(kh, `period=${NOW}`);
    assert.equal(rows.length - 1, 55);
    assert.ok(rows.slice(1).every((r) => r[4] === String(KHORDHA)));
    assertError(await od.get(`/api/v1/values?dataset=aht_monthly&template=1&period=${NOW}&state=${WB}`), 404);
    assertError(await kh.get(`/api/v1/values?dataset=aht_monthly&template=1&period=${NOW}&district=${districtsOd.find((d) => d !== KHORDHA)}`), 404);
    assert.equal(assertError(await od.get(`/api/v1/values?dataset=aht_monthly&template=1&from=${month(-1)}&to=${NOW}`), 400).field, 'period');
    assert.equal(assertError(await od.get('/api/v1/values?dataset=aht_monthly&template=1&period=2026-13'), 400).field, 'period');
    assert.equal(assertError(await od.get(`/api/v1/values?dataset=aht_monthly&period=${NOW}&format=pdf`), 400).field, 'format');
  });
});

describe('an import', () => {
  it('a State fills its template offline and uploads it: every value lands, with its history, as a draft', async () => {
    const rows = await template(od, `period=${NOW}`);
    const mine = rows.slice(1).filter((r) => [KHORDHA, districtsOd[0]].includes(Number(r[4])));
    mine.forEach((r, i) => { r[V] = String(i % 7); });
    mine[3][11] = 'Two cases transferred from Puri';
    const job = await importFile(od, Buffer.from(csvOf([HEADER, ...mine])), 'odisha.csv');
    assert.equal(job.status, 'done', JSON.stringify(job.report));
    assert.equal(job.file_name, 'odisha.csv');
    assert.equal(job.by, 'im-od');
    assert.deepEqual([job.report.rows, job.report.values, job.report.returns, job.report.error_count], [110, 110, 2, 0]);
    const ret = await returnOf(od, NOW, KHORDHA);
    assert.equal(ret.status, 'draft');
    const kh0 = mine.filter((r) => Number(r[4]) === KHORDHA);
    for (const r of kh0) assert.equal(ret.values[`${r[6]}${r[8] ? '.' + r[8] : ''}`], Number(r[V]));
    const h = await od.get(`/api/v1/returns/aht_monthly/${NOW}/${KHORDHA}/history?cell=${kh0[1][6]}.${kh0[1][8]}`);
    assert.equal(h.json.items[0].by, 'im-od');
    // the export gives the same values back, re-importable as it is
    const ex = parseCsv((await od.get(`/api/v1/values?dataset=aht_monthly&period=${NOW}&format=csv`)).text);
    assert.deepEqual(ex[0], HEADER);
    assert.equal(ex.length - 1, 110);
    assert.ok(ex.slice(1).some((r) => r[11] === 'Two cases transferred from Puri'));
    // the national pivot counts what was imported, and what an import changes
    const pivot = async () => (await cell.get(`/api/v1/pivot?dataset=aht_monthly&indicator=cases_registered&from=${NOW}&to=${NOW}&include=entered`)).json;
    const sumOf = (rows) => rows.filter((r) => r[6] === 'cases_registered').reduce((a, r) => a + Number(r[V] || 0), 0);
    let p = await pivot();
    assert.equal(p.row_totals[p.rows.findIndex((x) => x.key === String(OD))], sumOf(mine));
    const again = await importFile(od, Buffer.from(csvOf(ex.map((r, i) => (i && r[6] === 'cases_registered' ? [...r.slice(0, V), String(Number(r[V]) + 1), ...r.slice(V + 1)] : r)))), 'export.csv');
    assert.equal(again.status, 'done');
    p = await pivot();
    assert.equal(p.row_totals[p.rows.findIndex((x) => x.key === String(OD))], sumOf(mine) + 28, 'one more in each of 2 x 14 cells');
    mine.forEach((r) => { if (r[6] === 'cases_registered') r[V] = String(Number(r[V]) + 1); });
    // an empty value cell changes nothing
    const blanked = ex.map((r, i) => (i ? [...r.slice(0, V), '', ...r.slice(V + 1)] : r)).map((r, i) => (i ? [...r.slice(0, 11), '', r[12]] : r));
    assert.match((await importFile(od, Buffer.from(csvOf(blanked)), 'blank.csv')).report.message, /Every value in the file is empty/);
    assert.equal((await returnOf(od, NOW, KHORDHA)).values[`${kh0[1][6]}.${kh0[1][8]}`], Number(kh0[1][V]));
  });

  it('reads an XLSX workbook: shared and inline strings, numbers, the sheet named Values', async () => {
    const strings = ['dataset', 'period', 'district_lgd', 'indicator', 'combo', 'value', 'aht_monthly', NOW, 'ahtu_cases'];
    const si = strings.map((s) => `<si><t>${s}</t></si>`).join('');
    const c = (ref, i) => `<c r="${ref}" t="s"><v>${i}</v></c>`;
    const sheet = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      `<row r="1">${c('A1', 0)}${c('B1', 1)}${c('C1', 2)}${c('D1', 3)}${c('E1', 4)}${c('F1', 5)}</row>` +
      `<row r="2">${c('A2', 6)}${c('B2', 7)}<c r="C2"><v>${KHORDHA}</v></c>${c('D2', 8)}<c r="F2"><v>9</v></c></row>` +
      `<row r="3">${c('A3', 6)}<c r="B3" t="inlineStr"><is><t>${NOW}</t></is></c><c r="C3"><v>${KHORDHA}</v></c>` +
      '<c r="D3" t="inlineStr"><is><t>victims_rescued</t></is></c><c r="E3" t="inlineStr"><is><t>female_u18</t></is></c><c r="F3"><v>4.0</v></c></row>' +
      '</sheetData></worksheet>';
    const other = sheet.replace(/<sheetData>.*<\/sheetData>/, '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>notes</t></is></c></row></sheetData>');
    const xlsx = makeZip([
      ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
      ['xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Notes" sheetId="1" r:id="rId1"/><sheet name="Values" sheetId="2" r:id="rId2"/></sheets></workbook>'],
      ['xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="worksheet" Target="worksheets/sheet2.xml"/></Relationships>'],
      ['xl/sharedStrings.xml', `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${si}</sst>`],
      ['xl/worksheets/sheet1.xml', other],
      ['xl/worksheets/sheet2.xml', sheet],
    ]);
    const job = await importFile(kh, xlsx, 'khordha.xlsx');
    assert.equal(job.status, 'done', JSON.stringify(job.report));
    const ret = await returnOf(kh, NOW, KHORDHA);
    assert.equal(ret.values.ahtu_cases, 9);
    assert.equal(ret.values['victims_rescued.female_u18'], 4);
    // the template the server writes comes back in as it is
    const x = Buffer.from(await (await fetch(srv.base + `/api/v1/values?dataset=aht_monthly&format=xlsx&period=${NOW}`,
      { headers: kh.headersFor('GET') })).arrayBuffer());
    assert.equal((await importFile(kh, x, 'export.xlsx')).status, 'done');
    // a workbook cut short is refused as a whole
    const cut = await importFile(kh, x.subarray(0, Math.floor(x.length / 2)), 'cut.xlsx');
    assert.equal(cut.status, 'rejected');
    assert.match(cut.report.message, /damaged or cut short/);
  });

  it('checks every row and reports each rejected cell by row and column; nothing is half-imported', async () => {
    const before = await returnOf(od, NOW, KHORDHA);
    const rows = (await template(od, `period=${NOW}`)).slice(1).filter((r) => Number(r[4]) === KHORDHA);
    rows.forEach((r) => { r[V] = '5'; });
    rows[0][V] = 'five';
    rows[1][V] = '-2';
    rows[2][V] = '2.5';
    rows[3][8] = 'nobody';
    rows[4][1] = '2026-13';
    rows[5][4] = '999999';
    rows[6][0] = 'no_such_set';
    rows[7][V] = '1,234';       // grouping commas are a number
    const job = await importFile(od, Buffer.from(csvOf([HEADER, ...rows, rows[20]])), 'bad.csv');
    assert.equal(job.status, 'rejected');
    assert.equal(job.report.error_count, 8);
    const e = job.report.errors;
    assert.deepEqual(e.map((x) => [x.row, x.column, x.cell]), [
      [2, 'value', 'K2'], [3, 'value', 'K3'], [4, 'value', 'K4'], [5, 'combo', 'I5'], [6, 'period', 'B6'],
      [7, 'district_lgd', 'E7'], [8, 'dataset', 'A8'], [rows.length + 2, 'value', 'K' + (rows.length + 2)]]);
    assert.match(e[0].reason, /"five" is not a number/);
    assert.match(e[1].reason, /negative/);
    assert.match(e[2].reason, /not a whole number/);
    assert.match(e[3].reason, /no category "nobody"; its categories are ipc370/);
    assert.match(e[4].reason, /written like 2026-03/);
    assert.match(e[5].reason, /No district has the LGD code 999999/);
    assert.match(e[7].reason, /gives again the cell of row 22/);
    assert.deepEqual((await returnOf(od, NOW, KHORDHA)).values, before.values, 'nothing of the file was saved');
    // the report as CSV, for the person to work through
    const report = await od.get(`${job.href}?format=csv`);
    assertStatus(report, 200);
    const lines = parseCsv(report.text);
    assert.deepEqual(lines[0], ['Row', 'Column', 'Cell', 'Value', 'Reason']);
    assert.equal(lines.length - 1, 8);
  });

  it('refuses broken files with a reason a person can act on', async () => {
    const wrong = await importFile(od, Buffer.from('dataset,period,district,indicator,combo,amount\r\naht_monthly,2026-01,362,ahtu_cases,,1\r\n'), 'wrong.csv');
    assert.equal(wrong.status, 'rejected');
    assert.match(wrong.report.message, /lacks the columns district_lgd, value/);
    assert.deepEqual(wrong.report.ignored_columns, ['amount']);
    // Latin-1 (a comment with é) is not UTF-8: refused, naming the row
    const latin1 = Buffer.concat([Buffer.from(`dataset,period,district_lgd,indicator,combo,value,comment\r\naht_monthly,${NOW},${KHORDHA},ahtu_cases,,3,`),
      Buffer.from([0x63, 0x61, 0x66, 0xE9]), Buffer.from('\r\n')]);
    const l = await importFile(od, latin1, 'latin1.csv');
    assert.equal(l.status, 'rejected');
    assert.match(l.report.message, /Row 2, column G is not UTF-8 text/);
    // UTF-16 with its mark (Excel's "Unicode text", tab-separated) is read
    const text = `dataset\tperiod\tdistrict_lgd\tindicator\tcombo\tvalue\tcomment\r\naht_monthly\t${NOW}\t${KHORDHA}\tahtu_cases\t\t3\tcafé\r\n`;
    const u16 = await importFile(od, Buffer.concat([Buffer.from([0xFF, 0xFE]), Buffer.from(text, 'utf16le')]), 'unicode.txt');
    assert.equal(u16.status, 'done', JSON.stringify(u16.report));
    assert.equal((await returnOf(od, NOW, KHORDHA)).comments.ahtu_cases, 'café');
    // a semicolon-separated CSV (Excel in some locales) with a byte-order mark
    const semi = await importFile(od, Buffer.from(`\uFEFFdataset;period;district_lgd;indicator;combo;value\r\naht_monthly;${NOW};${KHORDHA};ahtu_cases;;4\r\n`), 'semi.csv');
    assert.equal(semi.status, 'done', JSON.stringify(semi.report));
    const quote = await importFile(od, Buffer.from(`dataset,period,district_lgd,indicator,combo,value\r\naht_monthly,${NOW},"${KHORDHA},ahtu_cases,,4\r\n`), 'quote.csv');
    assert.equal(quote.status, 'rejected');
    assert.match(quote.report.message, /closing quote is missing/);
    const empty = await importFile(od, Buffer.from('dataset,period,district_lgd,indicator,combo,value\r\n'), 'empty.csv');
    assert.match(empty.report.message, /no rows under it/);
    // an old .xls, a PDF, an empty file: refused at the upload
    assert.match(assertError(await upload(od, Buffer.from([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), 'old.xls'), 400).message, /\.xls/);
    assert.match(assertError(await upload(od, Buffer.from('%PDF-1.4\n'), 'return.pdf'), 400).message, /PDF/);
    assertError(await upload(od, Buffer.alloc(0), 'none.csv'), 400);
    assert.equal(assertError(await srv.request('POST', '/api/v1/imports/returns', { body: new FormData(), headers: od.headersFor('POST') }), 400).field, 'file');
  });
});

describe('what a file may hold', () => {
  const head = 'dataset,period,district_lgd,indicator,combo,value,comment';
  it('a period written two ways is one period: the same cell twice is caught', async () => {
    const [y, m] = NOW.split('-').map(Number);
    const serial = Math.round((Date.UTC(y, m - 1, 15) - Date.UTC(1899, 11, 30)) / 86400000);
    const job = await importFile(od, Buffer.from(`${head}\naht_monthly,${NOW},${KHORDHA},ahtu_cases,,1,\naht_monthly,${serial},${KHORDHA},ahtu_cases,,2,\n`), 'twice.csv');
    assert.equal(job.status, 'rejected');
    assert.match(job.report.errors[0].reason, /gives again the cell of row 2/);
    assert.equal(job.report.periods, 1);
  });
  it('numbers: grouping commas only in threes (or lakhs), no hexadecimal; rows as the spreadsheet counts them', async () => {
    const job = await importFile(od, Buffer.from(`${head}\naht_monthly,${NOW},${KHORDHA},ahtu_cases,,"2,5",\n` +
      `aht_monthly,${NOW},${KHORDHA},"cases_registered",itpa,0x10,"a comment\non two lines"\n` +
      `aht_monthly,${NOW},${KHORDHA},cases_registered,ipc370,"1,23,456",\n` +
      `aht_monthly,${NOW},${KHORDHA},cases_registered,ipc372,${'न'.repeat(200)},\n`), 'numbers.csv');
    assert.equal(job.status, 'rejected');
    assert.equal(job.report.error_count, 3);
    assert.equal(job.report.errors.length, 3, 'every error listed, a long one cut at a character');
    assert.deepEqual(job.report.errors.map((e) => [e.row, e.cell]), [[2, 'F2'], [3, 'F3'], [5, 'F5']],
      'the row after a two-line comment is the 5th as a spreadsheet shows it');
    assert.match(job.report.errors[0].reason, /a comma may only group digits in threes/);
    assert.match(job.report.errors[1].reason, /is not a number/);
  });
  it('the file name is kept clean, whatever the client sent', async () => {
    const form = new FormData();
    form.append('file', new Blob([`${head}\naht_monthly,${NOW},${KHORDHA},ahtu_cases,,1,\n`]), `${'ओ'.repeat(90)}.csv`);
    const r = await srv.request('POST', '/api/v1/imports/returns', { body: form, headers: od.headersFor('POST') });
    assertStatus(r, 202);
    assert.ok(Buffer.byteLength(r.json.file_name) < 200 && r.json.file_name.startsWith('ओ'));
    assertStatus(await od.get(r.json.href), 200);
    assertStatus(await od.get('/api/v1/imports'), 200);
  });
});

describe('who may import what', () => {
  const one = (district, period = NOW, value = '1') =>
    Buffer.from(csvOf([['dataset', 'period', 'district_lgd', 'indicator', 'combo', 'value'], ['aht_monthly', period, district, 'ahtu_cases', '', value]]));

  it('a district imports only its own return, a State only its districts', async () => {
    const other = districtsOd.find((d) => d !== KHORDHA);
    const a = await importFile(kh, one(other), 'other.csv');
    assert.equal(a.status, 'rejected');
    assert.match(a.report.errors[0].reason, /is not among your district's: you may import only your district's returns/);
    const b = await importFile(wb, one(KHORDHA), 'odisha.csv');
    assert.equal(b.status, 'rejected');
    assert.match(b.report.errors[0].reason, /is not among your State's districts'/);
  });
  it('a period past its lock, or not begun, is refused; so is a return already submitted', async () => {
    const locked = await importFile(od, one(KHORDHA, month(-3)), 'old.csv');
    assert.equal(locked.status, 'rejected');
    assert.match(locked.report.errors[0].reason, new RegExp(`Entry for ${month(-3)} closed after .* Ask the Cell to reopen it`));
    const early = await importFile(od, one(KHORDHA, month(1)), 'early.csv');
    assert.match(early.report.errors[0].reason, /begins on/);
    const d = districtsOd[3];
    assertStatus(await od.put(`/api/v1/returns/aht_monthly/${NOW}/${d}`, { values: { ahtu_cases: 2, 'cases_registered.ipc370': 2 } }), 200);
    assertStatus(await od.post(`/api/v1/returns/aht_monthly/${NOW}/${d}/submit`, {}), 200);
    const sub = await importFile(od, one(d, NOW, '7'), 'late.csv');
    assert.equal(sub.status, 'rejected');
    assert.match(sub.report.errors[0].reason, /is submitted: it can be changed only while it is a draft or returned/);
    assert.equal((await returnOf(od, NOW, d)).values.ahtu_cases, 2);
    // the State's template, filled elsewhere and sent back: the submitted return's rows come
    // back as they are, and are left out rather than refused
    const version = (await returnOf(od, NOW, d)).version;
    const tpl = (await template(od, `period=${NOW}`)).slice(1).filter((r) => r[V] !== '' && r[12] !== 'accepted');
    const draft = tpl.find((r) => r[12] === 'draft');
    draft[V] = String(Number(draft[V]) + 1);
    assert.ok(tpl.some((r) => Number(r[4]) === d && r[12] === 'submitted'));
    const back = await importFile(od, Buffer.from(csvOf([HEADER, ...tpl])), 'back.csv');
    assert.equal(back.status, 'done', JSON.stringify(back.report));
    assert.ok(back.report.unchanged >= 2, 'the submitted return\'s two values');
    assert.equal((await returnOf(od, NOW, d)).version, version, 'a return left as it is keeps its version');
  });
  it("an import is its uploader's jurisdiction's: another State or district gets 404; the Cell reads, does not upload", async () => {
    const job = await importFile(od, one(KHORDHA), 'mine.csv');
    assertError(await wb.get(job.href), 404);
    assertError(await kh.get(job.href), 404);
    assertStatus(await cell.get(job.href), 200);
    assertError(await upload(cell, one(KHORDHA)), 403);
    const list = await od.get('/api/v1/imports');
    assertStatus(list, 200);
    assert.ok(list.json.items.length >= 5 && list.json.items.every((i) => ['im-od', 'im-kh'].includes(i.by)),
      "Odisha's list holds its own and its districts' imports");
    assert.ok((await kh.get('/api/v1/imports')).json.items.every((i) => i.by === 'im-kh'));
    assert.ok((await wb.get('/api/v1/imports')).json.items.every((i) => i.by === 'im-wb'));
    assert.equal(list.json.items[0].id, job.id, 'newest first');
    assert.equal(list.json.items[0].report.errors, undefined, 'the list leaves out the errors');
  });
});

describe('exports', () => {
  it('the Cell exports any State and period range; JSON, CSV and XLSX; by indicator', async () => {
    const all = await cell.get(`/api/v1/values?dataset=aht_monthly&from=${month(-2)}&to=${NOW}`);
    assertStatus(all, 200);
    assert.ok(all.json.items.length > 0 && all.json.items.every((v) => v.state_lgd === OD));
    const ind = await cell.get(`/api/v1/values?dataset=aht_monthly&period=${NOW}&indicator=victims_rescued`);
    assert.ok(ind.json.items.length > 0 && ind.json.items.every((v) => v.indicator === 'victims_rescued'));
    assert.equal(assertError(await cell.get(`/api/v1/values?dataset=aht_monthly&period=${NOW}&indicator=nope`), 400).field, 'indicator');
    const wbs = await wb.get(`/api/v1/values?dataset=aht_monthly&period=${NOW}`);
    assert.deepEqual(wbs.json.items, [], "West Bengal sees none of Odisha's values");
    const csv = await cell.get(`/api/v1/values?dataset=aht_monthly&period=${NOW}&state=${OD}&format=csv`);
    assert.match(csv.headers.get('content-disposition'), new RegExp(`aht_monthly-${NOW}-state-${OD}\\.csv`));
  });
});

describe('the command line', () => {
  it('ahtcell export returns and import returns, with errors by row and cell', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ahtcell-imp-'));
    try {
      const out = path.join(dir, 'od.csv');
      let r = srv.cli(['export', 'returns', '--dataset', 'aht_monthly', '--period', NOW, '--state', String(OD), '--template', '--out', out]);
      assert.equal(r.status, 0, r.stderr);
      const rows = parseCsv(fs.readFileSync(out, 'utf8'));
      assert.equal(rows.length - 1, districtsOd.length * 55);
      const past = month(-6);
      const filled = rows.slice(1, 56).map((x) => { x[1] = past; x[V] = '3'; return x; });
      fs.writeFileSync(out, csvOf([HEADER, ...filled]));
      // history: a period long locked loads from the command line, and --accept marks it accepted
      r = srv.cli(['import', 'returns', out, '--as', 'im-cell', '--accept']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /55 rows, 55 values .* into 1 returns of 1 districts, 1 periods.*accepted/);
      filled[2][V] = 'x';
      fs.writeFileSync(out, csvOf([HEADER, ...filled]));
      r = srv.cli(['import', 'returns', out, '--as', 'im-od']);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /row 4, cell K4: The value "x" is not a number/);
      r = srv.cli(['import', 'returns', out, '--as', 'im-od', '--accept']);
      assert.equal(r.status, 2, '--accept is for the Cell');
      r = srv.cli(['export', 'returns', '--dataset', 'aht_monthly', '--period', past]);
      assert.equal(r.status, 0, r.stderr);
      const got = parseCsv(r.stdout);
      assert.equal(got.length - 1, 55);
      assert.ok(got.slice(1).every((x) => x[V] === '3' && x[12] === 'accepted'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
