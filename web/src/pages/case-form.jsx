// Recording a case (/cases/new) and changing one (/cases/ID/edit), for State and district
// users: the FIR, the status with its date, each victim (sex, age, nationality, purposes,
// means of control, the recruiter's relation, rescue, shelter, and the route: where recruited,
// through where, where exploited — a district or a foreign country), each accused. Names,
// addresses and contacts are typed here but never shown again on this form: a change leaves
// them as they are unless "Change the name, address and contact" is ticked. The server checks
// everything and names the field it refuses; a change sends the version read, so that another
// person's change is not lost.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, idempotencyFor, useSession } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import { Page, ErrorBox, Loading, Field } from '../lib/ui.jsx';
import { useStates, useDistricts } from '../lib/geo.js';
import { STATUSES, useVocabulary } from '../lib/cases.jsx';

const today = () => new Date(Date.now() + 330 * 60000).toISOString().slice(0, 10);

/* A place picker: not known, a district (State, then district), or a foreign country. */
function PlacePicker({ id, label, value, onChange, vocab, allowEmpty = true, countries = true }) {
  const kind = !value ? (allowEmpty ? 'none' : 'district') : 'country' in value ? 'country' : 'district';
  const [stateLgd, setStateLgd] = useState(value && value.state_lgd ? String(value.state_lgd) : '');
  const [states] = useStates();
  const [districts] = useDistricts(stateLgd || null);
  return (
    <fieldset class="place-picker">
      <legend>{label}</legend>
      <div class="field-row">
        <div class="field field-narrow-select"><label for={`${id}-kind`}>Where</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => {
            const k = e.currentTarget.value;
            onChange(k === 'none' ? null : k === 'country' ? { country: '' } : { district_lgd: null });
          }}>
            {allowEmpty && <option value="none">Not known</option>}
            <option value="district">A district of India</option>
            {countries && <option value="country">Another country</option>}
          </select></div>
        {kind === 'district' && <div class="field"><label for={`${id}-state`}>State/UT</label>
          <select id={`${id}-state`} value={stateLgd} onChange={(e) => { setStateLgd(e.currentTarget.value); onChange({ district_lgd: null }); }}>
            <option value="">Choose…</option>
            {(states || []).map((x) => <option key={x.lgd} value={x.lgd}>{x.name}</option>)}
          </select></div>}
        {kind === 'district' && <div class="field"><label for={`${id}-district`}>District</label>
          <select id={`${id}-district`} value={value && value.district_lgd ? String(value.district_lgd) : ''}
            onChange={(e) => onChange({ district_lgd: Number(e.currentTarget.value) || null, state_lgd: Number(stateLgd) })}>
            <option value="">Choose…</option>
            {(districts || []).map((x) => <option key={x.lgd} value={x.lgd}>{x.name}</option>)}
          </select></div>}
        {kind === 'country' && <div class="field"><label for={`${id}-country`}>Country</label>
          <select id={`${id}-country`} value={value.country || ''} onChange={(e) => onChange({ country: e.currentTarget.value })}>
            <option value="">Choose…</option>
            {(vocab ? vocab.countries : []).filter((c) => c.code !== 'IN').map((c) => <option key={c.code} value={c.code}>{c.label}</option>)}
          </select></div>}
      </div>
    </fieldset>
  );
}

function Checks({ id, legend, options, value, onChange }) {
  return (
    <fieldset class="checks">
      <legend>{legend}</legend>
      <div class="check-grid">
        {options.map((o) => (
          <label key={o.code} class="check" for={`${id}-${o.code}`}>
            <input id={`${id}-${o.code}`} type="checkbox" checked={value.includes(o.code)}
              onChange={(e) => onChange(e.currentTarget.checked ? [...value, o.code] : value.filter((x) => x !== o.code))} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const place = (p) => (!p ? null : p.district_lgd ? { district_lgd: p.district_lgd, state_lgd: p.state_lgd } : p.country ? { country: p.country } : null);
const emptyVictim = () => ({
  gender: 'Female', age: '', age_band: '', nationality: 'IN', purposes: [], methods_of_control: [], recruiter_relation: '',
  rescued_on: '', rescue_place: null, shelter: '', route: { source: null, transit: [], destination: null },
  personal: { name: '', address: '', contact: '' }, changePersonal: true,
});

/* The form's state from a case as read. */
function formOf(c) {
  return {
    district: c.district_lgd, state: c.state_lgd, police_station: c.police_station, fir_number: c.fir_number, fir_date: c.fir_date,
    sections: c.sections.join('; '), ahtu: c.ahtu || '', status: c.status, status_on: c.status_on, version: c.version,
    victims: c.victims.map((v) => ({
      id: v.id, code: v.code, gender: v.gender, age: v.age === null ? '' : String(v.age), age_band: v.age === null ? v.age_band : '',
      nationality: v.nationality, purposes: v.purposes, methods_of_control: v.methods_of_control, recruiter_relation: v.recruiter_relation || '',
      rescued_on: v.rescued_on || '', rescue_place: place(v.rescue_place), shelter: v.shelter || '',
      route: { source: place(v.route.source), transit: v.route.transit.map(place), destination: place(v.route.destination) },
      personal: { name: '', address: '', contact: '' }, changePersonal: false, hasPersonal: v.has_personal,
    })),
    accused: c.accused.map((a) => ({ id: a.id, code: a.code, roles: a.roles, arrested: a.arrested, chargesheeted: a.chargesheeted,
      convicted: a.convicted, name: '', changePersonal: false, hasPersonal: a.has_personal })),
  };
}

/* The body the API takes from the form. */
function bodyOf(f, editing) {
  const pl = (p) => (!p ? null : p.district_lgd ? { district_lgd: p.district_lgd } : p.country ? { country: p.country } : null);
  const b = {
    district_lgd: f.district ? Number(f.district) : null, police_station: f.police_station, fir_number: f.fir_number, fir_date: f.fir_date,
    sections: f.sections.split(';').map((x) => x.trim()).filter(Boolean), ahtu: f.ahtu, status: f.status, status_on: f.status_on || null,
    victims: f.victims.map((v) => {
      const o = {
        gender: v.gender, nationality: v.nationality, purposes: v.purposes, methods_of_control: v.methods_of_control,
        recruiter_relation: v.recruiter_relation || null, rescued_on: v.rescued_on || null, rescue_place: pl(v.rescue_place),
        shelter: v.shelter || null, route: { source: pl(v.route.source), transit: v.route.transit.map(pl).filter(Boolean), destination: pl(v.route.destination) },
      };
      if (v.id) o.id = v.id;
      if (v.age !== '') o.age = /^\d+$/.test(v.age) ? Number(v.age) : v.age;
      else if (v.age_band) o.age_band = v.age_band;
      if (v.changePersonal) o.personal = { name: v.personal.name || null, address: v.personal.address || null, contact: v.personal.contact || null };
      return o;
    }),
    accused: f.accused.map((a) => {
      const o = { roles: a.roles, arrested: a.arrested, chargesheeted: a.chargesheeted, convicted: a.convicted };
      if (a.id) { o.id = a.id; o.code = a.code; }
      if (a.changePersonal) o.personal = { name: a.name || null };
      return o;
    }),
  };
  if (editing) b.version = f.version;
  return b;
}

function VictimForm({ v, i, set, remove, vocab }) {
  const id = `v${i}`;
  const up = (k, x) => set({ ...v, [k]: x });
  return (
    <fieldset class="card subform">
      <legend>Victim {i + 1}{v.code ? ` (${v.code})` : ''}</legend>
      <div class="field-row">
        <Field id={`${id}-gender`} label="Sex">
          <select id={`${id}-gender`} value={v.gender} onChange={(e) => up('gender', e.currentTarget.value)}>
            {vocab.gender.map((g) => <option key={g.code} value={g.code}>{g.label}</option>)}
          </select>
        </Field>
        <Field id={`${id}-age`} label="Age (years)" hint="Or the band below when not known." class="field-narrow">
          <input type="text" id={`${id}-age`} inputMode="numeric" value={v.age} maxLength={3} onInput={(e) => up('age', e.currentTarget.value)} />
        </Field>
        <Field id={`${id}-band`} label="Age band">
          <select id={`${id}-band`} value={v.age_band} disabled={v.age !== ''} onChange={(e) => up('age_band', e.currentTarget.value)}>
            <option value="">–</option>
            {vocab.age_band.map((g) => <option key={g.code} value={g.code}>{g.label}</option>)}
          </select>
        </Field>
        <Field id={`${id}-nat`} label="Nationality">
          <select id={`${id}-nat`} value={v.nationality} onChange={(e) => up('nationality', e.currentTarget.value)}>
            {vocab.countries.map((g) => <option key={g.code} value={g.code}>{g.label}</option>)}
          </select>
        </Field>
      </div>
      <Checks id={`${id}-purposes`} legend="Purposes of trafficking" options={vocab.purposes} value={v.purposes} onChange={(x) => up('purposes', x)} />
      <Checks id={`${id}-control`} legend="Means of control" options={vocab.methods_of_control} value={v.methods_of_control} onChange={(x) => up('methods_of_control', x)} />
      <div class="field-row">
        <Field id={`${id}-rel`} label="The recruiter's relation to the victim">
          <select id={`${id}-rel`} value={v.recruiter_relation} onChange={(e) => up('recruiter_relation', e.currentTarget.value)}>
            <option value="">Not recorded</option>
            {vocab.recruiter_relation.map((g) => <option key={g.code} value={g.code}>{g.label}</option>)}
          </select>
        </Field>
        <Field id={`${id}-rescued`} label="Rescued on" class="field-date">
          <input id={`${id}-rescued`} type="date" max={today()} value={v.rescued_on} onChange={(e) => up('rescued_on', e.currentTarget.value)} />
        </Field>
        <Field id={`${id}-shelter`} label="Shelter or care institution">
          <input type="text" id={`${id}-shelter`} value={v.shelter} maxLength={200} onInput={(e) => up('shelter', e.currentTarget.value)} />
        </Field>
      </div>
      <PlacePicker id={`${id}-rescue`} label="Place of rescue" value={v.rescue_place} vocab={vocab} countries={false} onChange={(x) => up('rescue_place', x)} />
      <h4>The route</h4>
      <PlacePicker id={`${id}-src`} label="Recruited in (source)" value={v.route.source} vocab={vocab} onChange={(x) => up('route', { ...v.route, source: x })} />
      {v.route.transit.map((t, k) => (
        <div key={k} class="transit-row">
          <PlacePicker id={`${id}-t${k}`} label={`Passed through (${k + 1})`} value={t} vocab={vocab} allowEmpty={false}
            onChange={(x) => up('route', { ...v.route, transit: v.route.transit.map((y, j) => (j === k ? x : y)) })} />
          <button type="button" class="link-button" onClick={() => up('route', { ...v.route, transit: v.route.transit.filter((_, j) => j !== k) })}>Remove this place</button>
        </div>
      ))}
      {v.route.transit.length < 8 && <p><button type="button" class="btn btn-secondary btn-small" onClick={() => up('route', { ...v.route, transit: [...v.route.transit, { district_lgd: null }] })}>Add a place of transit</button></p>}
      <PlacePicker id={`${id}-dst`} label="Exploited in (destination)" value={v.route.destination} vocab={vocab} onChange={(x) => up('route', { ...v.route, destination: x })} />
      <fieldset class="personal">
        <legend>Name, address and contact (personal data, sealed)</legend>
        {v.id && <label class="check" for={`${id}-chg`}><input id={`${id}-chg`} type="checkbox" checked={v.changePersonal} onChange={(e) => up('changePersonal', e.currentTarget.checked)} />
          Change the name, address and contact {v.hasPersonal ? '(the recorded ones are kept unless you tick this)' : '(none recorded)'}</label>}
        {v.changePersonal && (
          <div class="field-row">
            <Field id={`${id}-name`} label="Name"><input type="text" id={`${id}-name`} value={v.personal.name} maxLength={200} autoComplete="off" onInput={(e) => up('personal', { ...v.personal, name: e.currentTarget.value })} /></Field>
            <Field id={`${id}-addr`} label="Address"><input type="text" id={`${id}-addr`} value={v.personal.address} maxLength={500} autoComplete="off" onInput={(e) => up('personal', { ...v.personal, address: e.currentTarget.value })} /></Field>
            <Field id={`${id}-contact`} label="Contact"><input type="text" id={`${id}-contact`} value={v.personal.contact} maxLength={100} autoComplete="off" onInput={(e) => up('personal', { ...v.personal, contact: e.currentTarget.value })} /></Field>
          </div>
        )}
      </fieldset>
      <p><button type="button" class="link-button danger" onClick={remove}>Remove victim {i + 1}</button></p>
    </fieldset>
  );
}

function AccusedForm({ a, i, set, remove, vocab }) {
  const id = `a${i}`;
  const up = (k, x) => set({ ...a, [k]: x });
  return (
    <fieldset class="card subform">
      <legend>Accused {i + 1}{a.code ? ` (${a.code})` : ''}</legend>
      <Checks id={`${id}-roles`} legend="Role" options={vocab.roles} value={a.roles} onChange={(x) => up('roles', x)} />
      <div class="check-grid">
        {[['arrested', 'Arrested'], ['chargesheeted', 'Chargesheeted'], ['convicted', 'Convicted']].map(([k, l]) => (
          <label key={k} class="check" for={`${id}-${k}`}><input id={`${id}-${k}`} type="checkbox" checked={a[k]} onChange={(e) => up(k, e.currentTarget.checked)} />{l}</label>
        ))}
      </div>
      {a.id && <label class="check" for={`${id}-chg`}><input id={`${id}-chg`} type="checkbox" checked={a.changePersonal} onChange={(e) => up('changePersonal', e.currentTarget.checked)} />
        Change the name {a.hasPersonal ? '(the recorded one is kept unless you tick this)' : '(none recorded)'}</label>}
      {(!a.id || a.changePersonal) && <Field id={`${id}-name`} label="Name (personal data, sealed)"><input type="text" id={`${id}-name`} value={a.name} maxLength={200} autoComplete="off" onInput={(e) => up('name', e.currentTarget.value)} /></Field>}
      <p><button type="button" class="link-button danger" onClick={remove}>Remove accused {i + 1}</button></p>
    </fieldset>
  );
}

export function CaseForm({ id }) {
  const s = useSession();
  const user = s.user;
  const [vocab, vErr] = useVocabulary();
  const [f, setF] = useState(id ? null : {
    district: user.role === 'district' ? user.district_lgd : '', state: user.state_lgd, police_station: '', fir_number: '',
    fir_date: '', sections: '', ahtu: '', status: 'under_investigation', status_on: '', victims: [emptyVictim()], accused: [],
  });
  const [original, setOriginal] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [districts] = useDistricts(user.state_lgd || null);
  const idem = useRef(null);
  useEffect(() => {
    if (!id) return undefined;
    let live = true;
    api('GET', `/cases/${encodeURIComponent(id)}`).then((c) => { if (live) { setF(formOf(c)); setOriginal(c); } }, (e) => live && setError(e));
    return () => { live = false; };
  }, [id]);
  if (!['state', 'district'].includes(user.role)) return <Page title="Record a case"><p>Only State and district users record cases.</p></Page>;
  if (!f || !vocab) return <Page title={id ? 'Change a case' : 'Record a case'}><ErrorBox error={error || vErr} />{!error && <Loading />}</Page>;
  const up = (k, x) => setF({ ...f, [k]: x });
  const statusChanged = original && f.status !== original.status;
  async function save(e) {
    e.preventDefault();
    setError(null);
    const body = bodyOf(f, !!id);
    if (original && !statusChanged) delete body.status_on;
    if (statusChanged && f.status_on === original.status_on) body.status_on = null;   /* the new status needs its own date */
    setBusy(true);
    try {
      const c = id ? await api('PUT', `/cases/${encodeURIComponent(id)}`, { body })
        : await api('POST', '/cases', { body, idempotencyKey: idempotencyFor(idem, body) });
      navigate(`/cases/${c.id}`);
    } catch (x) {
      setError(x);
      const el = x.field && document.getElementById(fieldId(x.field));
      if (el) el.focus();
    } finally {
      setBusy(false);
    }
  }
  return (
    <Page title={id ? `Change FIR ${f.fir_number}` : 'Record a case'} wide back={<Link href={id ? `/cases/${id}` : '/cases'}>{id ? 'The case' : 'Case records'}</Link>}>
      <form onSubmit={save} class="case-form" noValidate>
        <ErrorBox error={error ? `${error.message}${error.field ? ` (${error.field})` : ''}` : null} />
        <fieldset class="card">
          <legend>The FIR</legend>
          <div class="field-row">
            {user.role === 'state' ? (
              <Field id="cf-district" label="District of the police station">
                <select id="cf-district" value={f.district ? String(f.district) : ''} onChange={(e) => up('district', Number(e.currentTarget.value) || '')}>
                  <option value="">Choose…</option>
                  {(districts || []).map((x) => <option key={x.lgd} value={x.lgd}>{x.name}</option>)}
                </select>
              </Field>
            ) : <p class="muted">District: your own.</p>}
            <Field id="cf-ps" label="Police station"><input id="cf-ps" type="text" value={f.police_station} maxLength={200} onInput={(e) => up('police_station', e.currentTarget.value)} /></Field>
            <Field id="cf-fir" label="FIR number" class="field-narrow"><input id="cf-fir" type="text" value={f.fir_number} maxLength={32} onInput={(e) => up('fir_number', e.currentTarget.value)} /></Field>
            <Field id="cf-date" label="FIR date" class="field-date"><input id="cf-date" type="date" max={today()} value={f.fir_date} onChange={(e) => up('fir_date', e.currentTarget.value)} /></Field>
          </div>
          <div class="field-row">
            <Field id="cf-sections" label="Legal sections" hint="Separated by ;  e.g. BNS 143; ITPA 5"><input id="cf-sections" type="text" value={f.sections} onInput={(e) => up('sections', e.currentTarget.value)} /></Field>
            <Field id="cf-ahtu" label="AHTU involved"><input id="cf-ahtu" type="text" value={f.ahtu} maxLength={200} onInput={(e) => up('ahtu', e.currentTarget.value)} /></Field>
            <Field id="cf-status" label="Status">
              <select id="cf-status" value={f.status} onChange={(e) => up('status', e.currentTarget.value)}>
                {STATUSES.map(([k, l]) => <option key={k} value={k}>{l}</option>)}
              </select>
            </Field>
            {(!original || statusChanged) && <Field id="cf-status-on" label="Status since" hint={original ? 'The date of the new status.' : 'Empty: the FIR date.'} class="field-date">
              <input id="cf-status-on" type="date" max={today()} value={statusChanged ? (f.status_on === original.status_on ? '' : f.status_on) : f.status_on} onChange={(e) => up('status_on', e.currentTarget.value)} />
            </Field>}
          </div>
        </fieldset>
        <h2>Victims</h2>
        {f.victims.map((v, i) => <VictimForm key={v.id || `n${i}`} v={v} i={i} vocab={vocab}
          set={(x) => up('victims', f.victims.map((y, j) => (j === i ? x : y)))} remove={() => up('victims', f.victims.filter((_, j) => j !== i))} />)}
        <p><button type="button" class="btn btn-secondary" onClick={() => up('victims', [...f.victims, emptyVictim()])}>Add a victim</button></p>
        <h2>Accused</h2>
        {f.accused.map((a, i) => <AccusedForm key={a.id || `n${i}`} a={a} i={i} vocab={vocab}
          set={(x) => up('accused', f.accused.map((y, j) => (j === i ? x : y)))} remove={() => up('accused', f.accused.filter((_, j) => j !== i))} />)}
        <p><button type="button" class="btn btn-secondary" onClick={() => up('accused', [...f.accused, { roles: [], arrested: false, chargesheeted: false, convicted: false, name: '', changePersonal: true }])}>Add an accused</button></p>
        <p class="form-actions"><button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : id ? 'Save the changes' : 'Record the case'}</button></p>
      </form>
    </Page>
  );
}

/* The form control of an API field name: "victims[1].route.source" → "v1-src-kind". */
function fieldId(field) {
  const m = /^(victims|accused)\[(\d+)\]\.?(.*)$/.exec(field);
  const top = { district_lgd: 'cf-district', police_station: 'cf-ps', fir_number: 'cf-fir', fir_date: 'cf-date', sections: 'cf-sections', ahtu: 'cf-ahtu', status: 'cf-status', status_on: 'cf-status-on' };
  if (!m) return top[field] || 'cf-ps';
  const p = m[1] === 'victims' ? `v${m[2]}` : `a${m[2]}`;
  const map = { gender: 'gender', age: 'age', age_band: 'band', nationality: 'nat', recruiter_relation: 'rel', rescued_on: 'rescued', shelter: 'shelter',
    'route.source': 'src-kind', 'route.destination': 'dst-kind', rescue_place: 'rescue-kind', 'personal.name': 'name', 'personal.address': 'addr', 'personal.contact': 'contact' };
  const rest = m[3].replace(/\[\d+\]$/, '');
  return `${p}-${map[rest] || 'gender'}`;
}
