// Upload a document (POST /api/v1/documents, multipart, sent with XMLHttpRequest so that the
// progress shows) and edit one's details (PATCH /api/v1/documents/{id}, JSON).
// /library/upload?supersedes=ID uploads a new version of ID (its details filled in from it);
// /library/upload?corrects=ID a corrigendum to ID.
// /library/upload?meeting=ID the minutes of meeting ID (category minutes, sent with meeting_id).

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, flash, idempotencyFor, upload } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import { Page, ErrorBox, Loading, Field, describedBy, fieldError } from '../lib/ui.jsx';
import {
  CATEGORIES, LANGUAGES, OTHER_LANGUAGES, DEFAULT_GROUP, FILE_MAX, IssuedOn, docHref, sizeText, useFacets, validId,
} from '../lib/docs.jsx';

const ACCEPT = '.pdf,.odt,.docx,.ods,.xlsx,.txt,application/pdf,application/vnd.oasis.opendocument.text,'
  + 'application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.spreadsheet,'
  + 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/plain';

const EMPTY = {
  title: '', title_hi: '', category: '', reference: '', issued_on: '', language: 'en',
  group: '', summary: '', visibility: 'public', corrects_id: '',
};

/* The form's fields of a document (for a new version: all but the links). */
function fieldsOf(doc) {
  return {
    title: doc.title || '', title_hi: doc.title_hi || '', category: doc.category || '',
    reference: doc.reference || '', issued_on: doc.issued_on || '', language: doc.language || 'en',
    group: doc.group || '', summary: doc.summary || '', visibility: doc.visibility || 'public',
    corrects_id: doc.corrects_id ? String(doc.corrects_id) : '',
  };
}

/* Checks of the browser, before anything is sent; {field: message}. */
function localErrors(f) {
  const e = {};
  if (!f.title.trim()) e.title = 'Enter the title of the document.';
  if (!f.category) e.category = 'Choose a category.';
  if (f.category === 'corrigendum' && !validId(f.corrects_id.trim())) e.corrects_id = 'A corrigendum names the number of the document it corrects.';
  if (f.issued_on && !/^\d{4}-\d{2}-\d{2}$/.test(f.issued_on)) e.issued_on = 'Enter the date of issue as a date.';
  return e;
}

/* ---- upload ------------------------------------------------------------------------ */

export function DocumentUpload({ query }) {
  const supersedes = query.get('supersedes') || '';
  const corrects = query.get('corrects') || '';
  const meeting = !supersedes && !corrects && validId(query.get('meeting') || '') ? query.get('meeting') : '';
  const [f, setF] = useState(() => ({
    ...EMPTY, corrects_id: validId(corrects) ? corrects : '',
    category: validId(corrects) ? 'corrigendum' : meeting ? 'minutes' : '',
  }));
  const [mtg, setMtg] = useState(null);
  const [file, setFile] = useState(null);
  const [old, setOld] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [local, setLocal] = useState({});
  const [error, setError] = useState(null);
  const [progress, setProgress] = useState(null);
  const keyRef = useRef(null);
  const abortRef = useRef(null);
  const [facets] = useFacets();

  // A new version starts from the old one's details; a corrigendum from the corrected one's.
  useEffect(() => {
    const id = supersedes || corrects;
    setOld(null); setLoadError(null);
    if (!id) return undefined;
    if (!validId(id)) { setLoadError({ message: `There is no document number ${id}.` }); return undefined; }
    let live = true;
    api('GET', `/documents/${encodeURIComponent(id)}`).then((d) => {
      if (!live) return;
      setOld(d);
      if (supersedes) setF({ ...fieldsOf(d), issued_on: d.issued_on || '' });
      else setF((cur) => ({
        ...cur, category: 'corrigendum', corrects_id: String(d.id), group: d.group || '', language: d.language || 'en',
        visibility: d.visibility || 'public', title: cur.title || `Corrigendum to ${d.title}`,
      }));
    }, (e) => live && setLoadError(e.status === 404 ? { message: `There is no document number ${id} that you can see.` } : e));
    return () => { live = false; };
  }, [supersedes, corrects]);

  // Minutes of a meeting: the meeting, named in the form and sent as meeting_id.
  useEffect(() => {
    setMtg(null);
    if (!meeting) return undefined;
    let live = true;
    api('GET', `/meetings/${encodeURIComponent(meeting)}`).then((m) => {
      if (!live) return;
      setMtg(m);
      setF((cur) => ({ ...cur, category: 'minutes', title: cur.title || `Minutes of the ${m.title}` }));
    }, (e) => live && setLoadError(e.status === 404 ? { message: `There is no meeting number ${meeting} that you can see.` } : e));
    return () => { live = false; };
  }, [meeting]);

  useEffect(() => () => abortRef.current && abortRef.current.abort(), []);

  function pick(e) {
    const picked = e.currentTarget.files && e.currentTarget.files[0];
    setFile(picked || null);
    setLocal((l) => ({ ...l, file: picked && picked.size > FILE_MAX ? tooLarge(picked) : null }));
  }

  async function submit(e) {
    e.preventDefault();
    if (progress) return;
    const errs = localErrors(f);
    if (!file) errs.file = 'Choose the file to upload.';
    else if (file.size > FILE_MAX) errs.file = tooLarge(file);
    else if (file.size === 0) errs.file = 'This file is empty.';
    if (supersedes && !old) errs.file = errs.file || 'The document this would replace could not be loaded.';
    setLocal(errs);
    if (Object.values(errs).some(Boolean)) {
      setError({ message: 'Please correct the marked fields.' });
      return;
    }
    const fields = {};
    for (const [k, v] of Object.entries(f)) {
      const t = typeof v === 'string' ? v.trim() : v;
      if (t === '' || (k === 'corrects_id' && f.category !== 'corrigendum')) continue;
      fields[k] = t;
    }
    if (supersedes) fields.supersedes_id = supersedes;
    if (meeting && f.category === 'minutes') fields.meeting_id = meeting;
    const key = idempotencyFor(keyRef, { ...fields, file: [file.name, file.size, file.lastModified] });
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    body.append('file', file, file.name);

    const ctl = new AbortController();
    abortRef.current = ctl;
    setError(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const d = await upload('/documents', body, {
        idempotencyKey: key, signal: ctl.signal, onProgress: (sent, total) => setProgress({ sent, total: total || file.size }),
      });
      if (fields.meeting_id) {
        flash('The minutes have been uploaded and filed with the meeting.');
        navigate(`/meetings/${encodeURIComponent(meeting)}`);
        return;
      }
      flash(supersedes ? 'The new version has been published.' : 'The document has been uploaded.');
      navigate(docHref(d.id));
    } catch (err) {
      if (ctl.signal.aborted) setError({ message: 'The upload was cancelled. Nothing has been saved.' });
      else setError(fileErrorOf(err));
      setProgress(null);
    } finally {
      abortRef.current = null;
    }
  }

  const ferr = (k) => local[k] || fieldError(error, k);
  const heading = supersedes ? 'Upload a new version' : f.category === 'corrigendum' && corrects ? 'Add a corrigendum'
    : meeting ? 'Upload the minutes of a meeting' : 'Upload a document';
  const groups = facets ? facets.groups || [] : [];

  return (
    <Page title={heading}
      back={old ? <Link href={docHref(old.id)}>Back to the document</Link>
        : meeting ? <Link href={`/meetings/${encodeURIComponent(meeting)}`}>Back to the meeting</Link>
          : <Link href="/library">Back to the library</Link>}>
      <ErrorBox error={loadError} />
      {meeting && mtg && (
        <div class="msg msg-warn" role="note">
          <p>These minutes will be filed with the meeting <Link href={`/meetings/${encodeURIComponent(mtg.id)}`}>{mtg.title}</Link>
            {mtg.starts_at && <> of <IssuedOn value={mtg.starts_at.slice(0, 10)} /></>}, and listed on its page.</p>
        </div>
      )}
      {supersedes && old && (
        <div class="msg msg-warn" role="note">
          <p>This upload will be the new version of <Link href={docHref(old.id)}>{old.title}</Link>
            {old.issued_on && <> (<IssuedOn value={old.issued_on} />)</>}. The old version stays in the
            version history and leaves the public list. Its details are filled in below: change what is new.</p>
          {old.latest === false && <p><strong>That version already has a newer one;</strong> the server will refuse this upload.</p>}
        </div>
      )}
      {supersedes && !old && !loadError && <Loading what="the current version" />}
      <ErrorBox error={error} />
      <form class="form form-wide doc-form" onSubmit={submit} noValidate>
        <Field id="doc-file" label="File" error={ferr('file')}
          hint="PDF, ODT, DOCX, ODS, XLSX or plain text; at most 50 MB. The file cannot be changed later: a correction is a new version.">
          <input id="doc-file" type="file" accept={ACCEPT} required disabled={!!progress}
            aria-invalid={ferr('file') ? 'true' : undefined} aria-describedby={describedBy('doc-file', true, ferr('file'))}
            onChange={pick} />
        </Field>
        {file && <p class="file-chosen">Chosen: <span class="file-name">{file.name}</span> <span class="muted">({sizeText(file.size)})</span></p>}
        <MetaFields f={f} setF={setF} ferr={ferr} groups={groups} lockCategory={!!corrects || !!meeting} busy={!!progress}
          categoryHint={meeting ? 'Minutes, since they are filed with a meeting.' : null} />
        {progress && <UploadProgress progress={progress} onCancel={() => abortRef.current && abortRef.current.abort()} />}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={!!progress}>
            {progress ? 'Uploading…' : supersedes ? 'Upload the new version' : 'Upload and publish'}</button>
          <Link href={old ? docHref(old.id) : meeting ? `/meetings/${encodeURIComponent(meeting)}` : '/library'} class="btn btn-secondary">Cancel</Link>
        </div>
      </form>
    </Page>
  );
}

function tooLarge(file) {
  return `This file is ${sizeText(file.size)}; the largest file that can be uploaded is 50 MB.`;
}

/* Server answers about the file are shown at the file field. */
function fileErrorOf(err) {
  if (err.code === 'request.too_large' || err.code === 'document.type_refused') {
    err.field = err.field || 'file';
  }
  return err;
}

function UploadProgress({ progress, onCancel }) {
  const pct = progress.total ? Math.min(100, Math.floor((progress.sent / progress.total) * 100)) : 0;
  const done = progress.total && progress.sent >= progress.total;
  return (
    <div class="upload-progress">
      <label for="doc-progress">{done ? 'Sent. The server is storing the file…' : `Uploading: ${pct}% of ${sizeText(progress.total)}`}</label>
      <div class="input-with-buttons">
        <progress id="doc-progress" max={100} value={pct}>{pct}%</progress>
        {!done && <button type="button" class="btn btn-secondary btn-small" onClick={onCancel}>Cancel upload</button>}
      </div>
    </div>
  );
}

/* ---- edit -------------------------------------------------------------------------- */

export function DocumentEdit({ id }) {
  const valid = validId(id);
  const [doc, setDoc] = useState(null);
  const [f, setF] = useState(EMPTY);
  const [missing, setMissing] = useState(!valid);
  const [local, setLocal] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [facets] = useFacets();

  useEffect(() => {
    if (!valid) { setMissing(true); return undefined; }
    let live = true;
    setDoc(null); setMissing(false); setError(null);
    api('GET', `/documents/${encodeURIComponent(id)}`).then(
      (d) => { if (live) { setDoc(d); setF(fieldsOf(d)); } },
      (e) => { if (!live) return; if (e.status === 404) setMissing(true); else setError(e); },
    );
    return () => { live = false; };
  }, [id]);

  if (missing) {
    return (
      <Page title="Document not found" heading="This document does not exist">
        <div class="empty-state">
          <p>There is no document with this number.</p>
          <p><Link href="/library">Back to the library</Link></p>
        </div>
      </Page>
    );
  }
  if (!doc) {
    return (
      <Page title="Edit document">
        <ErrorBox error={error} />
        {!error && <Loading what="the document" />}
      </Page>
    );
  }

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const errs = localErrors(f);
    if (!f.group.trim()) errs.group = 'Enter the group the document is listed under.';
    setLocal(errs);
    if (Object.keys(errs).length) { setError({ message: 'Please correct the marked fields.' }); return; }
    const before = fieldsOf(doc);
    const body = {};
    for (const k of Object.keys(EMPTY)) {
      const now = f[k].trim();
      if (now === before[k]) continue;
      if (k === 'corrects_id') body[k] = now ? Number(now) : null;
      else body[k] = now === '' ? null : now;
    }
    if (f.category !== 'corrigendum' && doc.corrects_id) body.corrects_id = null;
    if (!Object.keys(body).length) { setError({ message: 'Nothing has changed.' }); return; }
    setBusy(true);
    setError(null);
    try {
      const d = await api('PATCH', `/documents/${encodeURIComponent(doc.id)}`, { body });
      flash('The changes have been saved.');
      navigate(docHref(d.id));
    } catch (err) {
      setBusy(false);
      setError(err);
    }
  }

  const ferr = (k) => local[k] || fieldError(error, k);
  return (
    <Page title={`Edit: ${doc.title}`} heading="Edit the document's details"
      back={<Link href={docHref(doc.id)}>Back to the document</Link>}>
      <p class="lead">{doc.title}</p>
      <ErrorBox error={error} />
      <form class="form form-wide doc-form" onSubmit={submit} noValidate>
        <MetaFields f={f} setF={setF} ferr={ferr} groups={facets ? facets.groups || [] : []} busy={busy} />
        <p class="hint">The file cannot be changed here.{doc.latest !== false && doc.status !== 'withdrawn' && <> To replace
          it, <Link href={`/library/upload?supersedes=${encodeURIComponent(doc.id)}`}>upload a new version</Link>.</>}</p>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : 'Save changes'}</button>
          <Link href={docHref(doc.id)} class="btn btn-secondary">Cancel</Link>
        </div>
      </form>
    </Page>
  );
}

/* ---- the details, shared ----------------------------------------------------------- */

function MetaFields({ f, setF, ferr, groups, lockCategory, busy, categoryHint }) {
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const aria = (id, k, hint) => ({
    'aria-invalid': ferr(k) ? 'true' : undefined,
    'aria-describedby': describedBy(id, hint, ferr(k)),
  });
  const groupNames = groups.map((g) => g.name);
  if (!groupNames.includes(DEFAULT_GROUP)) groupNames.unshift(DEFAULT_GROUP);
  return (
    <>
      <Field id="doc-title" label="Title" error={ferr('title')}>
        <input id="doc-title" type="text" required maxLength={500} value={f.title} disabled={busy}
          {...aria('doc-title', 'title')} onInput={set('title')} />
      </Field>
      <Field id="doc-title_hi" label="Title in Hindi (optional)" error={ferr('title_hi')}>
        <input id="doc-title_hi" type="text" lang="hi" maxLength={500} value={f.title_hi} disabled={busy}
          {...aria('doc-title_hi', 'title_hi')} onInput={set('title_hi')} />
      </Field>
      <div class="field-row">
        <Field id="doc-category" label="Category" error={ferr('category')}
          hint={categoryHint || (lockCategory ? 'A corrigendum, since it corrects a document.' : null)}>
          <select id="doc-category" required value={f.category} disabled={busy || lockCategory}
            {...aria('doc-category', 'category', lockCategory)} onChange={set('category')}>
            <option value="">Choose a category</option>
            {CATEGORIES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </select>
        </Field>
        <Field id="doc-reference" label="Reference number (optional)" error={ferr('reference')}>
          <input id="doc-reference" type="text" maxLength={200} value={f.reference} disabled={busy} autoComplete="off"
            {...aria('doc-reference', 'reference')} onInput={set('reference')} />
        </Field>
      </div>
      {f.category === 'corrigendum' && <CorrectsField f={f} setF={setF} ferr={ferr} busy={busy} locked={lockCategory} />}
      <div class="field-row">
        <Field id="doc-issued_on" label="Date of issue (optional)" error={ferr('issued_on')}>
          <input id="doc-issued_on" type="date" value={f.issued_on} disabled={busy} min="1900-01-01" max="2100-12-31"
            {...aria('doc-issued_on', 'issued_on')} onInput={set('issued_on')} />
        </Field>
        <Field id="doc-language" label="Language" error={ferr('language')}>
          <select id="doc-language" value={f.language} disabled={busy} {...aria('doc-language', 'language')} onChange={set('language')}>
            {LANGUAGES.map((l) => <option key={l.value} value={l.value}>{l.label}</option>)}
            <optgroup label="Other languages">
              {OTHER_LANGUAGES.map((l) => <option key={l.value} value={l.value}>{l.label}</option>)}
            </optgroup>
          </select>
        </Field>
      </div>
      <Field id="doc-group" label="Group" error={ferr('group')}
        hint={`The heading it is listed under on the public page. Empty: ${DEFAULT_GROUP}.`}>
        <input id="doc-group" type="text" list="doc-groups" maxLength={200} value={f.group} disabled={busy} autoComplete="off"
          placeholder={DEFAULT_GROUP} {...aria('doc-group', 'group', true)} onInput={set('group')} />
        <datalist id="doc-groups">{groupNames.map((g) => <option key={g} value={g} />)}</datalist>
      </Field>
      <Field id="doc-summary" label="Summary (optional)" error={ferr('summary')}>
        <textarea id="doc-summary" rows={4} maxLength={4000} value={f.summary} disabled={busy}
          {...aria('doc-summary', 'summary')} onInput={set('summary')} />
      </Field>
      <fieldset class={'choice-group' + (ferr('visibility') ? ' field-error' : '')}
        aria-describedby={ferr('visibility') ? 'doc-visibility-error' : undefined}>
        <legend>Visibility</legend>
        {ferr('visibility') && <p class="field-msg" id="doc-visibility-error">{ferr('visibility')}</p>}
        <label class="choice">
          <input type="radio" name="doc-visibility" value="public" checked={f.visibility === 'public'} disabled={busy}
            onChange={set('visibility')} />
          <span><strong>Public</strong> <span class="muted">— on the public portal and in the feed</span></span>
        </label>
        <label class="choice">
          <input type="radio" name="doc-visibility" value="restricted" checked={f.visibility === 'restricted'} disabled={busy}
            onChange={set('visibility')} />
          <span><strong>Restricted</strong> <span class="muted">— signed-in officers only; each download is recorded</span></span>
        </label>
      </fieldset>
    </>
  );
}

/* The number of the document a corrigendum corrects, with its title once found. */
function CorrectsField({ f, setF, ferr, busy, locked }) {
  const id = f.corrects_id.trim();
  const [target, setTarget] = useState(null);
  useEffect(() => {
    setTarget(null);
    if (!validId(id)) return undefined;
    let live = true;
    const t = setTimeout(() => {
      api('GET', `/documents/${encodeURIComponent(id)}`).then((d) => live && setTarget(d), () => live && setTarget(false));
    }, 300);
    return () => { live = false; clearTimeout(t); };
  }, [id]);
  return (
    <Field id="doc-corrects_id" label="Corrects document no." error={ferr('corrects_id')}
      hint="The number of the document this corrigendum corrects (in its address: /documents/NUMBER).">
      <input id="doc-corrects_id" type="text" inputMode="numeric" pattern="[0-9]*" maxLength={18} value={f.corrects_id}
        disabled={busy} readOnly={locked} aria-invalid={ferr('corrects_id') ? 'true' : undefined}
        aria-describedby={describedBy('doc-corrects_id', true, ferr('corrects_id'))}
        onInput={(e) => setF({ ...f, corrects_id: e.currentTarget.value.replace(/\D/g, '') })} />
      {target && <p class="hint corrects-target">Corrects: <Link href={docHref(target.id)}>{target.title}</Link></p>}
      {target === false && <p class="hint corrects-target">No document with this number was found.</p>}
    </Field>
  );
}
