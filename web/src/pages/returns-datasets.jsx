// The data sets of the returns, as data (docs/api.md, "Defining a data set"): /returns/datasets
// lists them; /returns/datasets/CODE shows one and lets the Cell change it, and
// /returns/datasets/new define another — its period, lock and due days, its sections of
// indicators (each with a disaggregation or none), the disaggregations with their categories
// and options, and its validation rules — without a code change. The server keeps what holds
// values from changing shape (409) and checks every rule's expression; its messages are shown.
// Others see the same page, read-only.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, flash, useSession } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import { Page, ErrorBox, Loading, DateTime, Field } from '../lib/ui.jsx';

const PERIOD_TYPES = [['monthly', 'Monthly'], ['quarterly', 'Quarterly (calendar)'], ['annual', 'Annual (calendar year)'], ['financial_year', 'Financial year (April–March)']];
const OPS = ['==', '!=', '<', '<=', '>', '>='];
const IMPORTANCE = [['high', 'High: blocks submission'], ['medium', 'Medium: a warning'], ['low', 'Low: a note']];
const CODE = /^[a-z0-9_]{1,40}$/;

export function DatasetsList() {
  const s = useSession();
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => { api('GET', '/datasets').then((r) => setItems(r.items), setError); }, []);
  const cell = s.user.role === 'cell';
  return (
    <Page title="Data sets of the returns" back={<Link href="/returns">Returns</Link>}
      lead="What each return asks: its indicators and their disaggregations, its periods and its checks."
      actions={cell && <Link class="btn btn-primary" href="/returns/datasets/new">New data set</Link>}>
      <ErrorBox error={error} />
      {!items && !error && <Loading what="the data sets" />}
      {items && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Data sets">
          <table class="reflow data-table">
            <thead><tr><th scope="col">Data set</th><th scope="col">Code</th><th scope="col">Periods</th><th scope="col">Locks</th><th scope="col">Version</th><th scope="col">Changed</th></tr></thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.code}>
                  <td data-label="Data set"><Link href={`/returns/datasets/${encodeURIComponent(d.code)}`}>{d.name}</Link></td>
                  <td data-label="Code"><code>{d.code}</code></td>
                  <td data-label="Periods">{(PERIOD_TYPES.find(([k]) => k === d.period_type) || [0, d.period_type])[1]}</td>
                  <td data-label="Locks">{d.lock_days} days after the period (due in {d.due_days})</td>
                  <td data-label="Version">{d.version}</td>
                  <td data-label="Changed"><DateTime value={d.updated_at} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

/* The editor's form from a data set as GET /datasets/CODE gives it. */
function formOf(d) {
  const disaggs = new Map();
  const sections = (d.sections || []).map((s) => ({
    name: s.name,
    indicators: s.indicators.map((i) => {
      if (i.disaggregation) disaggs.set(i.disaggregation.code, i.disaggregation);
      return { code: i.code, name: i.name, description: i.description || '', disaggregation: i.disaggregation ? i.disaggregation.code : '', saved: true };
    }),
  }));
  return {
    code: d.code || '', name: d.name || '', description: d.description || '', period_type: d.period_type || 'monthly',
    lock_days: String(d.lock_days ?? 30), due_days: String(d.due_days ?? 10), sections,
    disaggregations: [...disaggs.values()].map(disaggForm),
    rules: (d.rules || []).map((r) => ({ code: r.code, name: r.name, left: r.left, op: r.op, right: r.right, importance: r.importance, instruction: r.instruction || '' })),
  };
}
function disaggForm(g) {
  return { code: g.code, name: g.name, saved: true, categories: g.categories.map((c) => ({ code: c.code, name: c.name, saved: true, options: c.options.map((o) => `${o.code} = ${o.name}`).join('\n') })) };
}

/* The body of PUT /datasets/CODE, self-contained: the disaggregations its indicators use. */
function bodyOf(f) {
  const used = new Set(f.sections.flatMap((s) => s.indicators.map((i) => i.disaggregation)).filter(Boolean));
  const options = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const at = l.indexOf('=');
    return at < 0 ? { code: l, name: l } : { code: l.slice(0, at).trim(), name: l.slice(at + 1).trim() };
  });
  return {
    name: f.name.trim(), description: f.description.trim() || undefined, period_type: f.period_type,
    lock_days: Number(f.lock_days), due_days: Number(f.due_days),
    disaggregations: f.disaggregations.filter((g) => used.has(g.code)).map((g) => ({
      code: g.code, name: g.name, categories: g.categories.map((c) => ({ code: c.code, name: c.name, options: options(c.options) })),
    })),
    indicators: f.sections.flatMap((s) => s.indicators).map((i) => ({
      code: i.code, name: i.name, description: i.description.trim() || undefined, disaggregation: i.disaggregation || undefined,
    })),
    sections: f.sections.map((s) => ({ name: s.name, indicators: s.indicators.map((i) => i.code) })),
    rules: f.rules.map((r) => ({ ...r, instruction: r.instruction.trim() || undefined })),
  };
}

/* What the form lacks, before the server is asked. */
function problemsOf(f, isNew) {
  const p = [];
  if (isNew && !CODE.test(f.code)) p.push('The code is 1 to 40 lower-case letters, digits or _.');
  if (isNew && f.code === 'new') p.push('The code "new" is kept for the form that makes a data set: choose another.');
  if (!f.name.trim()) p.push('The data set needs a name.');
  for (const k of ['lock_days', 'due_days']) if (!/^\d{1,4}$/.test(f[k]) || Number(f[k]) > 3650) p.push(`${k === 'lock_days' ? 'Lock' : 'Due'} days are a whole number from 0 to 3650.`);
  if (!f.sections.length) p.push('Add a section with an indicator.');
  const codes = new Set();
  f.sections.forEach((s, si) => {
    if (!s.name.trim()) p.push(`Section ${si + 1} needs a name.`);
    if (!s.indicators.length) p.push(`Section ${si + 1} has no indicator.`);
    s.indicators.forEach((i, ii) => {
      if (!CODE.test(i.code)) p.push(`Section ${si + 1}, indicator ${ii + 1}: its code is 1 to 40 lower-case letters, digits or _.`);
      else if (codes.has(i.code)) p.push(`The indicator code ${i.code} is used twice.`);
      codes.add(i.code);
      if (!i.name.trim()) p.push(`Section ${si + 1}, indicator ${ii + 1} needs a name.`);
    });
  });
  return p;
}

function Indicator({ ind, disaggs, known, dataset, set, remove, up, readOnly, at }) {
  const other = (known.get(ind.code) || { datasets: [] }).datasets.filter((d) => d !== dataset);
  /* a code another data set has: the indicator is theirs too, with its name and disaggregation */
  function code(v) {
    const k = known.get(v);
    set(k && !ind.saved ? { code: v, name: ind.name || k.name, description: ind.description || k.description, disaggregation: k.disaggregation }
      : { code: v });
  }
  return (
    <fieldset class="ds-indicator">
      <legend>Indicator {at}</legend>
      <div class="field-row">
        <Field id={`ds-i${at}-code`} label="Code" hint={ind.saved ? 'Saved: its values are kept by it.' : undefined}>
          <input id={`ds-i${at}-code`} value={ind.code} disabled={readOnly || ind.saved} onInput={(e) => code(e.currentTarget.value.trim())} />
        </Field>
        <Field id={`ds-i${at}-name`} label="Name"><input id={`ds-i${at}-name`} value={ind.name} disabled={readOnly} onInput={(e) => set({ name: e.currentTarget.value })} /></Field>
        <Field id={`ds-i${at}-dis`} label="Disaggregation">
          <select id={`ds-i${at}-dis`} value={ind.disaggregation} disabled={readOnly || ind.saved || other.length > 0} onChange={(e) => set({ disaggregation: e.currentTarget.value })}>
            <option value="">None (one count)</option>
            {disaggs.map((g) => <option key={g.code} value={g.code}>{g.name}</option>)}
          </select>
        </Field>
      </div>
      <Field id={`ds-i${at}-desc`} label="What to count (optional)"><input id={`ds-i${at}-desc`} value={ind.description} disabled={readOnly} onInput={(e) => set({ description: e.currentTarget.value })} /></Field>
      {other.length > 0 && <p class="muted ds-shared">Shared with {other.join(' and ')}: a change of its name or description shows there too.</p>}
      {!readOnly && (
        <div class="form-actions">
          {up && <button type="button" class="btn btn-secondary btn-small" onClick={up}>Move up</button>}
          <button type="button" class="btn btn-secondary btn-small" onClick={remove}>Remove indicator {at}</button>
        </div>
      )}
    </fieldset>
  );
}

function Disaggregation({ g, set, remove, readOnly, at }) {
  const setCat = (ci, over) => set({ categories: g.categories.map((c, k) => (k === ci ? { ...c, ...over } : c)) });
  return (
    <fieldset class="ds-disagg">
      <legend>Disaggregation {at}{g.name ? `: ${g.name}` : ''}</legend>
      {g.saved && !readOnly && <p class="muted">Its codes make its cells, which may hold values: names can change, codes cannot (a new shape takes a new disaggregation).</p>}
      <div class="field-row">
        <Field id={`ds-g${at}-code`} label="Code"><input id={`ds-g${at}-code`} value={g.code} disabled={readOnly || g.saved} onInput={(e) => set({ code: e.currentTarget.value.trim() })} /></Field>
        <Field id={`ds-g${at}-name`} label="Name"><input id={`ds-g${at}-name`} value={g.name} disabled={readOnly} onInput={(e) => set({ name: e.currentTarget.value })} /></Field>
      </div>
      {g.categories.map((c, ci) => (
        <div class="field-row" key={ci}>
          <Field id={`ds-g${at}-c${ci}-code`} label={`Category ${ci + 1}: code`}><input id={`ds-g${at}-c${ci}-code`} value={c.code} disabled={readOnly || c.saved} onInput={(e) => setCat(ci, { code: e.currentTarget.value.trim() })} /></Field>
          <Field id={`ds-g${at}-c${ci}-name`} label={`Category ${ci + 1}: name`}><input id={`ds-g${at}-c${ci}-name`} value={c.name} disabled={readOnly} onInput={(e) => setCat(ci, { name: e.currentTarget.value })} /></Field>
          <Field id={`ds-g${at}-c${ci}-opt`} label={`Category ${ci + 1}: options, one a line (code = Name)`}>
            <textarea id={`ds-g${at}-c${ci}-opt`} rows={Math.min(8, c.options.split('\n').length + 1)} value={c.options} disabled={readOnly} onInput={(e) => setCat(ci, { options: e.currentTarget.value })} />
          </Field>
        </div>
      ))}
      {!readOnly && (
        <div class="form-actions">
          {g.categories.length < 4 && !g.saved && <button type="button" class="btn btn-secondary btn-small" onClick={() => set({ categories: [...g.categories, { code: '', name: '', options: '' }] })}>Add a category</button>}
          {!g.saved && <button type="button" class="btn btn-secondary btn-small" onClick={remove}>Remove this disaggregation</button>}
        </div>
      )}
    </fieldset>
  );
}

export function DatasetEdit({ code }) {
  const s = useSession();
  const isNew = code === 'new';
  const readOnly = s.user.role !== 'cell';
  const [f, setF] = useState(null);
  const [version, setVersion] = useState(null);
  const [error, setError] = useState(null);
  const [local, setLocal] = useState([]);
  const [busy, setBusy] = useState(false);
  const [known, setKnown] = useState(new Map());
  const [savedName, setSavedName] = useState('');
  const top = useRef(null);

  useEffect(() => {
    let live = true;
    // the disaggregations of every data set, to choose from
    api('GET', '/datasets').then((r) => Promise.all(r.items.map((d) => api('GET', `/datasets/${encodeURIComponent(d.code)}`)))).then((defs) => {
      if (!live) return;
      const mine = isNew ? null : defs.find((d) => d.code === code);
      if (!isNew && !mine) { setError({ message: `There is no data set ${code}.` }); return; }
      const form = formOf(mine || { sections: [{ name: '', indicators: [] }] });
      const known = new Map(form.disaggregations.map((g) => [g.code, g]));
      for (const d of defs) for (const g of formOf(d).disaggregations) if (!known.has(g.code)) known.set(g.code, g);
      setF({ ...form, disaggregations: [...known.values()] });
      setVersion(mine ? mine.version : null);
      setSavedName(mine ? mine.name : '');
      const inds = new Map();
      for (const d of defs) {
        for (const sec of d.sections) {
          for (const i of sec.indicators) {
            const k = inds.get(i.code) || { name: i.name, description: i.description || '', disaggregation: i.disaggregation ? i.disaggregation.code : '', datasets: [] };
            k.datasets.push(d.name);
            inds.set(i.code, k);
          }
        }
      }
      setKnown(inds);
    }, (e) => live && setError(e));
    return () => { live = false; };
  }, [code]);

  if (error && !f) return <Page title="Data set"><ErrorBox error={error} /></Page>;
  if (!f) return <Page title="Data set"><Loading what="the data set" /></Page>;
  const set = (over) => setF({ ...f, ...over });
  const setSection = (si, over) => set({ sections: f.sections.map((x, k) => (k === si ? { ...x, ...over } : x)) });
  const setInd = (si, ii, over) => setSection(si, { indicators: f.sections[si].indicators.map((x, k) => (k === ii ? { ...x, ...over } : x)) });
  const setRule = (ri, over) => set({ rules: f.rules.map((x, k) => (k === ri ? { ...x, ...over } : x)) });
  const setDis = (gi, over) => set({ disaggregations: f.disaggregations.map((x, k) => (k === gi ? { ...x, ...over } : x)) });
  let n = 0;

  async function save(e) {
    e.preventDefault();
    const p = problemsOf(f, isNew);
    setLocal(p);
    setError(null);
    if (p.length) { top.current && top.current.focus(); return; }
    setBusy(true);
    try {
      const d = await api('PUT', `/datasets/${encodeURIComponent(isNew ? f.code : code)}`, { body: bodyOf(f) });
      flash(`${d.name} is saved (version ${d.version}).`);
      navigate(`/returns/datasets/${encodeURIComponent(d.code)}`);
      setVersion(d.version);
    } catch (err) {
      setError(err);
      top.current && top.current.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={isNew ? 'New data set' : f.name} back={<Link href="/returns/datasets">Data sets</Link>}
      lead={isNew ? 'A return the districts will fill: its indicators, their disaggregations, its periods and its checks.'
        : `Code ${f.code}${version ? `, version ${version}` : ''}. ${readOnly ? 'Only the Cell changes a data set.' : 'What already holds values keeps its shape: use new codes for a new one.'}`}>
      <div ref={top} tabIndex={-1}>
        <ErrorBox error={error} />
        {local.length > 0 && <div class="msg msg-error" role="alert"><p>Please correct:</p><ul>{local.map((x) => <li key={x}>{x}</li>)}</ul></div>}
      </div>
      <form class="form dataset-form" onSubmit={save} noValidate>
        <fieldset>
          <legend>The data set</legend>
          <div class="field-row">
            {isNew && <Field id="ds-code" label="Code" hint="Lower-case letters, digits and _; it cannot change."><input id="ds-code" value={f.code} onInput={(e) => set({ code: e.currentTarget.value.trim() })} /></Field>}
            <Field id="ds-name" label="Name"><input id="ds-name" value={f.name} disabled={readOnly} onInput={(e) => set({ name: e.currentTarget.value })} /></Field>
            <Field id="ds-period" label="Periods" hint={isNew ? undefined : 'A data set keeps its periods.'}>
              <select id="ds-period" value={f.period_type} disabled={readOnly || !isNew} onChange={(e) => set({ period_type: e.currentTarget.value })}>
                {PERIOD_TYPES.map(([k, l]) => <option key={k} value={k}>{l}</option>)}
              </select>
            </Field>
          </div>
          <div class="field-row">
            <Field id="ds-due" label="Due, days after the period"><input id="ds-due" inputMode="numeric" value={f.due_days} disabled={readOnly} onInput={(e) => set({ due_days: e.currentTarget.value })} /></Field>
            <Field id="ds-lock" label="Entry locks, days after the period"><input id="ds-lock" inputMode="numeric" value={f.lock_days} disabled={readOnly} onInput={(e) => set({ lock_days: e.currentTarget.value })} /></Field>
          </div>
          <Field id="ds-desc" label="Description (optional)"><textarea id="ds-desc" rows={2} value={f.description} disabled={readOnly} onInput={(e) => set({ description: e.currentTarget.value })} /></Field>
        </fieldset>

        <h2>Sections and indicators</h2>
        {f.sections.map((sec, si) => (
          <fieldset class="ds-section" key={si}>
            <legend>Section {si + 1}</legend>
            <Field id={`ds-s${si}-name`} label={`Section ${si + 1}: name`}><input id={`ds-s${si}-name`} value={sec.name} disabled={readOnly} onInput={(e) => setSection(si, { name: e.currentTarget.value })} /></Field>
            {sec.indicators.map((ind, ii) => {
              n += 1;
              return (
                <Indicator key={ii} at={n} ind={ind} disaggs={f.disaggregations} readOnly={readOnly} known={known} dataset={savedName}
                  set={(over) => setInd(si, ii, over)}
                  remove={() => setSection(si, { indicators: sec.indicators.filter((x, k) => k !== ii) })}
                  up={ii > 0 ? () => { const a = [...sec.indicators]; [a[ii - 1], a[ii]] = [a[ii], a[ii - 1]]; setSection(si, { indicators: a }); } : null} />
              );
            })}
            {!readOnly && (
              <div class="form-actions">
                <button type="button" class="btn btn-secondary btn-small" onClick={() => setSection(si, { indicators: [...sec.indicators, { code: '', name: '', description: '', disaggregation: '' }] })}>Add an indicator to section {si + 1}</button>
                {f.sections.length > 1 && <button type="button" class="btn btn-secondary btn-small" onClick={() => set({ sections: f.sections.filter((x, k) => k !== si) })}>Remove section {si + 1}</button>}
              </div>
            )}
          </fieldset>
        ))}
        {!readOnly && <p><button type="button" class="btn btn-secondary" onClick={() => set({ sections: [...f.sections, { name: '', indicators: [] }] })}>Add a section</button></p>}

        <h2>Disaggregations</h2>
        <p class="muted">An indicator is counted in every combination of its disaggregation's options (sex × age, say): at most 500 cells.</p>
        {f.disaggregations.map((g, gi) => (
          <Disaggregation key={gi} at={gi + 1} g={g} readOnly={readOnly} set={(over) => setDis(gi, over)}
            remove={() => set({ disaggregations: f.disaggregations.filter((x, k) => k !== gi) })} />
        ))}
        {!readOnly && <p><button type="button" class="btn btn-secondary" onClick={() => set({ disaggregations: [...f.disaggregations, { code: '', name: '', categories: [{ code: '', name: '', options: '' }] }] })}>Add a disaggregation</button></p>}

        <h2>Checks</h2>
        <p class="muted">Each side adds up cells <code>#{'{'}indicator.option{'}'}</code>, indicators' totals <code>#{'{'}indicator{'}'}</code> and numbers, e.g. <code>#{'{'}persons_convicted{'}'}</code> ≤ <code>#{'{'}persons_chargesheeted{'}'}</code>.</p>
        {f.rules.map((r, ri) => (
          <fieldset class="ds-rule" key={ri}>
            <legend>Check {ri + 1}{r.name ? `: ${r.name}` : ''}</legend>
            <div class="field-row">
              <Field id={`ds-r${ri}-code`} label="Code"><input id={`ds-r${ri}-code`} value={r.code} disabled={readOnly} onInput={(e) => setRule(ri, { code: e.currentTarget.value.trim() })} /></Field>
              <Field id={`ds-r${ri}-name`} label="What it checks"><input id={`ds-r${ri}-name`} value={r.name} disabled={readOnly} onInput={(e) => setRule(ri, { name: e.currentTarget.value })} /></Field>
            </div>
            <div class="field-row ds-rule-sides">
              <Field id={`ds-r${ri}-left`} label="Left side"><input id={`ds-r${ri}-left`} value={r.left} disabled={readOnly} onInput={(e) => setRule(ri, { left: e.currentTarget.value })} /></Field>
              <Field id={`ds-r${ri}-op`} label="Must be">
                <select id={`ds-r${ri}-op`} value={r.op} disabled={readOnly} onChange={(e) => setRule(ri, { op: e.currentTarget.value })}>{OPS.map((o) => <option key={o} value={o}>{o}</option>)}</select>
              </Field>
              <Field id={`ds-r${ri}-right`} label="Right side"><input id={`ds-r${ri}-right`} value={r.right} disabled={readOnly} onInput={(e) => setRule(ri, { right: e.currentTarget.value })} /></Field>
              <Field id={`ds-r${ri}-imp`} label="Importance">
                <select id={`ds-r${ri}-imp`} value={r.importance} disabled={readOnly} onChange={(e) => setRule(ri, { importance: e.currentTarget.value })}>{IMPORTANCE.map(([k, l]) => <option key={k} value={k}>{l}</option>)}</select>
              </Field>
            </div>
            <Field id={`ds-r${ri}-ins`} label="What to do when it fails (optional)"><input id={`ds-r${ri}-ins`} value={r.instruction} disabled={readOnly} onInput={(e) => setRule(ri, { instruction: e.currentTarget.value })} /></Field>
            {!readOnly && <div class="form-actions"><button type="button" class="btn btn-secondary btn-small" onClick={() => set({ rules: f.rules.filter((x, k) => k !== ri) })}>Remove check {ri + 1}</button></div>}
          </fieldset>
        ))}
        {!readOnly && <p><button type="button" class="btn btn-secondary" onClick={() => set({ rules: [...f.rules, { code: '', name: '', left: '', op: '<=', right: '', importance: 'high', instruction: '' }] })}>Add a check</button></p>}

        {!readOnly && (
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : isNew ? 'Create the data set' : 'Save the data set'}</button>
            <Link class="btn btn-secondary" href="/returns/datasets">Cancel</Link>
          </div>
        )}
      </form>
    </Page>
  );
}
