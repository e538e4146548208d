// The form of a register's record, drawn from the register's description: add one
// (POST /api/v1/{name}; for registers of terms, "appoint", which ends the term of the
// present holder) and change one (PATCH /api/v1/{name}/{id} with the version the form was
// loaded with, and a reason kept in the history: optional, but required when a field marked
// `reason_required` changes — the status of a placement agency).
// /registers/NAME/new?state=LGD starts with that State/UT chosen, and ?FIELD=value with that
// field filled in (a nomination made from a call: ?year=2026&award=…). A register of the
// national level (the Cell's calls for nominations) has no State/UT. Fields set by a
// workflow's steps (`by_review`: the status, the reviewer's comment) are not in the form, and
// a record the workflow has locked (a practice under review) cannot be edited.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, flash, idempotencyFor, useSession } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import { Page, ErrorBox, Loading, Field, describedBy, fieldError } from '../lib/ui.jsx';
import { useStates, useDistricts } from '../lib/geo.js';
import {
  Day, capitalize, mayWrite, recordTitle, recordsPath, registerHref, today, useRegister, validRecordId,
  editableIn, formFields, withArticle,
} from '../lib/registers.jsx';
import { NotFound, Forbidden } from './misc.jsx';
import { rupeesText } from '../lib/money.js';

const REASON_MAX = 500;

/* ---- the pages --------------------------------------------------------------------- */

export function RegisterNew({ name, query }) {
  const s = useSession();
  const [schema, schemaErr] = useRegister(name);
  if (schemaErr && schemaErr.status === 404) return <NotFound />;
  if (!mayWrite(name, s.user)) return <Forbidden />;
  if (!schema) return <Waiting error={schemaErr} />;
  return <CreateForm schema={schema} query={query} />;
}

export function RegisterEdit({ name, id }) {
  const s = useSession();
  const [schema, schemaErr] = useRegister(name);
  if (schemaErr && schemaErr.status === 404) return <NotFound />;
  if (!mayWrite(name, s.user)) return <Forbidden />;
  if (!schema) return <Waiting error={schemaErr} />;
  return <EditForm schema={schema} id={id} />;
}

function Waiting({ error }) {
  return (
    <Page title="Register">
      <ErrorBox error={error} />
      {!error && <Loading what="the register" />}
    </Page>
  );
}

/* ---- values ------------------------------------------------------------------------ */

/* The form's values of a new record: empty, but for fields named in the query. */
function prefilled(fields, query) {
  const v = valuesOf(fields, null);
  for (const x of fields) {
    const q = query.get(x.name);
    if (q !== null && q.length <= (x.max_length || 200)) v[x.name] = q;
  }
  return v;
}

/* The form's values of a record (strings; '' for none). */
function valuesOf(fields, rec) {
  const o = {};
  for (const f of fields) {
    const v = rec ? rec[f.name] : null;
    o[f.name] = v === undefined || v === null ? '' : f.type === 'money' ? rupeesText(v) : String(v);
  }
  return o;
}

/* A form value as the API takes it: trimmed text, a number for int fields, null for none. */
function apiValue(field, v) {
  const t = v.trim();
  if (t === '') return null;
  if (field.type === 'int' && /^-?\d+$/.test(t)) return Number(t);
  return t;
}

/* Checks of the browser, before anything is sent; {field: message}. */
function localErrors(fields, f) {
  const e = {};
  for (const x of fields) {
    if (x.required && !f[x.name].trim()) e[x.name] = `${x.label} is required.`;
  }
  return e;
}

/* Answers the server gives without a field, that belong to one. */
function withField(err) {
  if (err && !err.field) {
    if (err.code === 'term.overlap') err.field = 'from';
    else if (err.code === 'scope.state') err.field = 'state_lgd';
    else if (err.code === 'scope.district') err.field = 'district_lgd';
  }
  return err;
}

/* The message above the form: the error itself, unless it is shown at its field. */
function topError(error, local, known) {
  if (Object.values(local).some(Boolean)) return { message: 'Please correct the marked fields.' };
  if (error && error.field && known.includes(error.field)) return { message: 'Please correct the marked field.' };
  return error;
}

/* ---- add / appoint ----------------------------------------------------------------- */

function CreateForm({ schema, query }) {
  const s = useSession();
  const user = s.user;
  const name = schema.name;
  const national = user.jurisdiction === 'national';
  const stateless = schema.level === 'national';
  const fields = formFields(schema, user);
  const asked = query.get('state') || '';
  const [f, setF] = useState(() => prefilled(fields, query));
  const [sys, setSys] = useState(() => ({
    state: national ? (/^\d+$/.test(asked) ? asked : '') : String(user.state_lgd || ''),
    district: user.district_lgd ? String(user.district_lgd) : '',
    from: today(),
    reason: '',
  }));
  const [local, setLocal] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [holder, setHolder] = useState(null);
  const keyRef = useRef(null);
  const [states, statesErr] = useStates();
  const [districts] = useDistricts(schema.level === 'district' && sys.state ? Number(sys.state) : null);

  // For a register of terms: the present holder of the post, whose term the new one ends.
  const post = schema.level === 'district' ? sys.district : sys.state;
  useEffect(() => {
    setHolder(null);
    if (!schema.terms || !post) return undefined;
    let live = true;
    const q = schema.level === 'district' ? { district: post } : { state: post };
    api('GET', recordsPath(name), { query: { ...q, limit: 1 } })
      .then((r) => live && setHolder((r.items || [])[0] || false), () => live && setHolder(false));
    return () => { live = false; };
  }, [post]);

  const verb = schema.terms ? 'Appoint' : 'Add';
  const heading = `${verb} ${withArticle(schema.label_one)}`;
  const stateName = (lgd) => ((states || []).find((x) => String(x.lgd) === String(lgd)) || {}).name;

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const errs = localErrors(fields, f);
    if (!sys.state && !stateless) errs.state_lgd = 'Choose the State/UT.';
    if (schema.level === 'district' && !sys.district) errs.district_lgd = 'Choose the district.';
    if (schema.terms && !/^\d{4}-\d{2}-\d{2}$/.test(sys.from)) errs.from = 'Enter the day the term begins.';
    setLocal(errs);
    if (Object.keys(errs).length) { setError(null); return; }
    const body = {};
    if (national && !stateless) body.state_lgd = Number(sys.state);
    if (schema.level === 'district' && sys.district) body.district_lgd = Number(sys.district);
    if (schema.terms) body.from = sys.from;
    if (holder && sys.reason.trim()) body.reason = sys.reason.trim();
    for (const x of fields) {
      const v = apiValue(x, f[x.name]);
      if (v !== null) body[x.name] = v;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api('POST', recordsPath(name), { body, idempotencyKey: idempotencyFor(keyRef, body) });
      if (r.ended_term && holder) {
        flash(`${capitalize(schema.label_one)} appointed. The term of ${recordTitle(schema, holder)} ended on the day this one begins.`);
      } else {
        flash(schema.terms ? `${capitalize(schema.label_one)} appointed.` : `${capitalize(schema.label_one)} added.`);
      }
      navigate(registerHref(name, r.id));
    } catch (err) {
      setBusy(false);
      setError(withField(err));
    }
  }

  const ferr = (k) => local[k] || fieldError(error, k);
  const known = [...fields.map((x) => x.name), 'state_lgd', 'district_lgd', 'from', 'reason'];
  return (
    <Page title={heading} back={<Link href={registerHref(name)}>All {schema.label.toLowerCase()}</Link>}>
      <ErrorBox error={topError(error, local, known)} />
      <form class="form form-wide doc-form register-form" onSubmit={submit} noValidate>
        <p class="hint">Fields marked <span class="req">*</span> must be filled in.</p>
        {!stateless && <div class="field-row">
          <Field id="reg-state_lgd" label={<Req>State/UT</Req>} error={ferr('state_lgd')}
            hint={national ? `The State/UT of this ${schema.label_one}.` : 'Your own State/UT.'}>
            <select id="reg-state_lgd" required value={sys.state} disabled={busy || !national || !states}
              aria-invalid={ferr('state_lgd') ? 'true' : undefined}
              aria-describedby={describedBy('reg-state_lgd', true, ferr('state_lgd'))}
              onChange={(e) => setSys({ ...sys, state: e.currentTarget.value, district: '' })}>
              {national && <option value="">Choose a State/UT</option>}
              {sys.state && !states && <option value={sys.state}>State/UT {sys.state}</option>}
              {(states || []).map((x) => <option key={x.lgd} value={String(x.lgd)}>{x.name}</option>)}
            </select>
            {statesErr && <p class="field-msg">States could not be loaded: {statesErr.message}</p>}
          </Field>
          {schema.level === 'district' && (
            <Field id="reg-district_lgd" label={<Req>District</Req>} error={ferr('district_lgd')}>
              <select id="reg-district_lgd" required value={sys.district} disabled={busy || !sys.state || !districts || user.role === 'district'}
                aria-invalid={ferr('district_lgd') ? 'true' : undefined}
                aria-describedby={describedBy('reg-district_lgd', false, ferr('district_lgd'))}
                onChange={(e) => setSys({ ...sys, district: e.currentTarget.value })}>
                <option value="">Choose a district</option>
                {(districts || []).map((d) => <option key={d.lgd} value={String(d.lgd)}>{d.name}</option>)}
              </select>
            </Field>
          )}
          {schema.terms && (
            <Field id="reg-from" label={<Req>From</Req>} error={ferr('from')}
              hint={holder && holder.from ? <>The day the term begins: on or after <Day value={holder.from} />.</> : 'The day the term begins.'}>
              <input id="reg-from" type="date" required value={sys.from} disabled={busy} min={holder && holder.from ? holder.from : '1950-01-01'}
                max="2200-12-31" aria-invalid={ferr('from') ? 'true' : undefined}
                aria-describedby={describedBy('reg-from', true, ferr('from'))}
                onInput={(e) => setSys({ ...sys, from: e.currentTarget.value })} />
            </Field>
          )}
        </div>}
        {holder && (
          <div class="msg msg-warn present-holder" role="note">
            <p><Link href={registerHref(name, holder.id)}>{recordTitle(schema, holder)}</Link> is the present {schema.label_one}
              {' '}of {holder.district || holder.state || stateName(sys.state)}{holder.from && <>, since <Day value={holder.from} /></>}.
              Appointing a new one ends that term on the day the new one begins; it stays in the register as an earlier term.</p>
          </div>
        )}
        {holder && (
          <Field id="reg-reason" label="Reason for the change (optional)" error={ferr('reason')}
            hint={`Why the present ${schema.label_one} leaves: "Transferred", "Retired"… Kept in the history of that record.`}>
            <input id="reg-reason" type="text" maxLength={REASON_MAX} value={sys.reason} disabled={busy}
              aria-invalid={ferr('reason') ? 'true' : undefined} aria-describedby={describedBy('reg-reason', true, ferr('reason'))}
              onInput={(e) => setSys({ ...sys, reason: e.currentTarget.value })} />
          </Field>
        )}
        <Inputs fields={fields} f={f} setF={setF} ferr={ferr} busy={busy} />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : heading}</button>
          <Link href={registerHref(name)} class="btn btn-secondary">Cancel</Link>
        </div>
      </form>
    </Page>
  );
}

/* ---- change ------------------------------------------------------------------------ */

function EditForm({ schema, id }) {
  const s = useSession();
  const name = schema.name;
  const fields = formFields(schema, s.user);
  const valid = validRecordId(id);
  const [rec, setRec] = useState(null);
  const [f, setF] = useState(() => valuesOf(fields, null));
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(!valid);
  const [loadError, setLoadError] = useState(null);
  const [local, setLocal] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!valid) { setMissing(true); return undefined; }
    let live = true;
    api('GET', recordsPath(name, id)).then(
      (r) => { if (live) { setRec(r); setF(valuesOf(fields, r)); } },
      (e) => { if (!live) return; if (e.status === 404) setMissing(true); else setLoadError(e); },
    );
    return () => { live = false; };
  }, [name, id]);

  const back = (label) => <Link href={registerHref(name, id)}>{label}</Link>;
  if (missing) {
    return (
      <Page title="Record not found" heading={`This ${schema.label_one} is not in the register`}>
        <div class="empty-state">
          <p>There is no {schema.label_one} at this address that you can see.</p>
          <p><Link href={registerHref(name)}>See the {schema.label.toLowerCase()}</Link></p>
        </div>
      </Page>
    );
  }
  if (!rec) {
    return (
      <Page title={`Edit the ${schema.label_one}`}>
        <ErrorBox error={loadError} />
        {!loadError && <Loading what={`the ${schema.label_one}`} />}
      </Page>
    );
  }
  const title = recordTitle(schema, rec);
  // Fields whose change needs a reason (the server answers 400 naming `reason` otherwise).
  const wasNow = valuesOf(fields, rec);
  const needReason = fields.filter((x) => x.reason_required && f[x.name].trim() !== wasNow[x.name].trim());
  if (!editableIn(schema, rec)) {
    const st = schema.workflow && (schema.fields || []).find((x) => x.name === schema.workflow.status_field);
    const label = st ? ((st.choices || []).find((c) => c.value === rec[st.name]) || { label: rec[st.name] }).label : '';
    return (
      <Page title={`Edit: ${title}`} heading={`Edit the ${schema.label_one}`} back={back(`Back to ${title}`)}>
        <div class="empty-state">
          <p>This {schema.label_one} is {String(label).toLowerCase()}: it can be changed only while it is{' '}
            {schema.workflow.editable_in.map((v) => ((st && (st.choices || []).find((c) => c.value === v)) || { label: v }).label.toLowerCase()).join(' or ')}.</p>
          <p>{back(`Back to ${title}`)}</p>
        </div>
      </Page>
    );
  }
  if (schema.terms && rec.to) {
    return (
      <Page title={`Edit: ${title}`} heading={`Edit the ${schema.label_one}`} back={back(`Back to ${title}`)}>
        <div class="empty-state">
          <p>This term ended on <Day value={rec.to} />. Its record is kept as it was and cannot be changed.</p>
          <p>{back(`Back to ${title}`)}</p>
        </div>
      </Page>
    );
  }

  // After "someone changed it": the latest version, with this form's own changes kept.
  async function reload() {
    setError(null);
    try {
      const r = await api('GET', recordsPath(name, id));
      const was = valuesOf(fields, rec);
      const now = valuesOf(fields, r);
      const merged = {};
      for (const x of fields) merged[x.name] = f[x.name] !== was[x.name] ? f[x.name] : now[x.name];
      setRec(r);
      setF(merged);
    } catch (err) {
      setError(err);
    }
  }

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const errs = localErrors(fields, f);
    if (needReason.length && !reason.trim()) {
      errs.reason = `Give the reason for the change of ${needReason.map((x) => x.label.toLowerCase()).join(' and ')}; it is kept in the history.`;
    }
    setLocal(errs);
    if (Object.keys(errs).length) { setError(null); return; }
    const was = valuesOf(fields, rec);
    const body = {};
    for (const x of fields) {
      if (f[x.name].trim() === was[x.name].trim()) continue;
      body[x.name] = apiValue(x, f[x.name]);
    }
    if (!Object.keys(body).length) { setError({ message: 'Nothing has changed.' }); return; }
    body.version = rec.version;
    if (reason.trim()) body.reason = reason.trim();
    setBusy(true);
    setError(null);
    try {
      const r = await api('PATCH', recordsPath(name, rec.id), { body });
      flash('The changes have been saved.');
      navigate(registerHref(name, r.id));
    } catch (err) {
      setBusy(false);
      setError(withField(err));
    }
  }

  const ferr = (k) => local[k] || fieldError(error, k);
  const known = [...fields.map((x) => x.name), 'reason'];
  return (
    <Page title={`Edit: ${title}`} heading={`Edit the ${schema.label_one}`} back={back(`Back to ${title}`)}>
      <p class="lead">{title}{rec.state && <>, {rec.state}</>}</p>
      <ErrorBox error={topError(error, local, known)} />
      {error && error.code === 'record.changed' && (
        <p><button type="button" class="btn btn-secondary" onClick={reload}>Load the latest version, keeping my changes</button></p>
      )}
      <form class="form form-wide doc-form register-form" onSubmit={submit} noValidate>
        <p class="hint">Fields marked <span class="req">*</span> must be filled in.
          {schema.terms && <> The State/UT and the term are not changed here: appoint a successor, or end the term.</>}</p>
        <Inputs fields={fields} f={f} setF={setF} ferr={ferr} busy={busy} />
        <Field id="reg-reason" label={needReason.length ? <Req>Reason for the change</Req> : 'Reason for the change (optional)'}
          error={ferr('reason')}
          hint={needReason.length
            ? `A change of ${needReason.map((x) => x.label.toLowerCase()).join(' and ')} needs its reason: kept in the record's history with your name.`
            : "Kept in the record's history with your name."}>
          <textarea id="reg-reason" rows={2} maxLength={REASON_MAX} value={reason} disabled={busy}
            required={needReason.length ? true : undefined}
            aria-invalid={ferr('reason') ? 'true' : undefined} aria-describedby={describedBy('reg-reason', true, ferr('reason'))}
            onInput={(e) => setReason(e.currentTarget.value)} />
        </Field>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : 'Save changes'}</button>
          <Link href={registerHref(name, rec.id)} class="btn btn-secondary">Cancel</Link>
        </div>
      </form>
    </Page>
  );
}

/* ---- the fields -------------------------------------------------------------------- */

/* A label with the mark of a required field. */
function Req({ children }) {
  return <>{children}<span class="req" aria-hidden="true"> *</span></>;
}

/* Short fields sit two to a row on wide screens. */
function isShort(x) {
  return ['phone', 'email', 'date', 'datetime', 'int', 'enum', 'url', 'money', 'finyear'].includes(x.type) || (x.type === 'text' && (x.max_length || 999) <= 80);
}

function Inputs({ fields, f, setF, ferr, busy }) {
  const rows = [];
  for (const x of fields) {
    const last = rows[rows.length - 1];
    if (isShort(x) && last && last.short && last.items.length < 2) last.items.push(x);
    else rows.push({ short: isShort(x), items: [x] });
  }
  const one = (x) => <Input key={x.name} field={x} value={f[x.name]} error={ferr(x.name)} busy={busy}
    onValue={(v) => setF((cur) => ({ ...cur, [x.name]: v }))} />;
  return rows.map((r) => (r.short
    ? <div class="field-row" key={r.items[0].name}>{r.items.map(one)}</div>
    : one(r.items[0])));
}

/* A field's hint for the person filling in the form: one written for the API (a query such
   as "?licence_valid_to_within=30") is left out. */
function formHint(field) {
  return field.hint && !/\?[a-z_]+=/.test(field.hint) ? field.hint : null;
}

/* One field: the control its type calls for, its label, hint and error. */
function Input({ field, value, error, busy, onValue }) {
  const id = 'reg-' + field.name;
  const hint = formHint(field);
  const common = {
    id,
    value,
    disabled: busy,
    required: field.required || undefined,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy(id, !!hint, error),
  };
  const text = { ...common, maxLength: field.max_length || undefined, onInput: (e) => onValue(e.currentTarget.value) };
  let control;
  switch (field.type) {
    case 'longtext':
      control = <textarea {...text} rows={3} />;
      break;
    case 'enum':
      control = (
        <select {...common} onChange={(e) => onValue(e.currentTarget.value)}>
          <option value="">{field.required ? 'Choose…' : '—'}</option>
          {value && !(field.choices || []).some((c) => c.value === value) && <option value={value}>{value}</option>}
          {(field.choices || []).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </select>
      );
      break;
    case 'date':
      control = <input {...common} type="date" min="1900-01-01" max="2200-12-31" onInput={(e) => onValue(e.currentTarget.value)} />;
      break;
    case 'datetime':
      control = <input {...common} type="datetime-local" min="1900-01-01T00:00" max="2200-12-31T23:59"
        onInput={(e) => onValue(e.currentTarget.value.slice(0, 16))} />;
      break;
    case 'int':
      control = <input {...common} type="number" inputMode="numeric" step={1} min={field.min} max={field.max}
        onInput={(e) => onValue(e.currentTarget.value)} />;
      break;
    case 'email':
      control = <input {...text} type="email" autoComplete="off" spellcheck={false} />;
      break;
    case 'phone':
      control = <input {...text} type="tel" autoComplete="off" />;
      break;
    case 'url':
      control = <input {...text} type="url" autoComplete="off" spellcheck={false} />;
      break;
    case 'money':
      // rupees as people write them: 15,16,000 or 15.16 lakh (the server reads both)
      control = <input {...text} type="text" inputMode="decimal" autoComplete="off" placeholder="15,16,000 or 15.16 lakh" />;
      break;
    case 'finyear':
      control = <input {...text} type="text" inputMode="numeric" autoComplete="off" placeholder="2010-11" pattern="\d{4}-\d{2}" />;
      break;
    default:
      control = <input {...text} type="text" autoComplete="off" />;
  }
  return (
    <Field id={id} label={field.required ? <Req>{field.label}</Req> : field.label} hint={hint} error={error}>
      {control}
    </Field>
  );
}
