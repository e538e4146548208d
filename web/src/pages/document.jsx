// One document: GET /api/v1/documents/{id} with what it corrects, its corrigenda and its
// versions. For the Cell: edit, upload a new version, add a corrigendum, withdraw (with a
// reason) and restore. A document the caller may not see answers 404 like one that does
// not exist; the screen then says so and shows nothing of it.

import { useEffect, useState } from 'preact/hooks';
import { api, useSession } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { Page, ErrorBox, Notice, Loading, DateTime, Field, describedBy, fieldError } from '../lib/ui.jsx';
import {
  DocStatusTags, IssuedOn, TextStatus, categoryLabel, docHref, downloadHref, fileHref, languageLabel, validId,
} from '../lib/docs.jsx';

export function DocumentPage({ id }) {
  const valid = validId(id);
  const s = useSession();
  const [doc, setDoc] = useState(null);
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(!valid);
  const signedIn = s.status === 'signed-in';
  const cell = signedIn && s.user.role === 'cell';
  const back = signedIn ? '/documents' : '/';

  useEffect(() => {
    if (!valid) { setMissing(true); return undefined; }
    let live = true;
    setDoc(null); setMissing(false); setError(null);
    api('GET', `/documents/${encodeURIComponent(id)}`, { noAuthRedirect: true }).then(
      (d) => live && setDoc(d),
      (e) => { if (!live) return; if (e.status === 404) setMissing(true); else setError(e); },
    );
    return () => { live = false; };
  }, [id, s.status]);

  // While the text is being extracted, look again now and then (the page count arrives with it).
  const pending = cell && doc && doc.file && doc.file.text_status === 'pending';
  useEffect(() => {
    if (!pending) return undefined;
    const t = setTimeout(() => {
      api('GET', `/documents/${encodeURIComponent(id)}`).then((d) => setDoc(d), () => {});
    }, 3000);
    return () => clearTimeout(t);
  }, [pending, doc]);

  if (missing) {
    return (
      <Page title="Document not found" heading="This document does not exist or is not public">
        <div class="empty-state">
          <p>There is no document at this address that you can see. It may have been withdrawn,
            its number may be mistyped, or it may be open to signed-in officers only.</p>
          <p><Link href={back}>See all documents</Link>
            {!signedIn && <> · <Link href={'/sign-in?next=' + encodeURIComponent(docHref(id))}>Sign in</Link></>}</p>
        </div>
      </Page>
    );
  }
  if (!doc) {
    return (
      <Page title="Document" back={<Link href={back}>All documents</Link>}>
        <ErrorBox error={error} />
        {!error && <Loading what="the document" />}
      </Page>
    );
  }

  return (
    <Page title={doc.title} wide back={<Link href={back}>All documents</Link>}>
      {doc.title_hi && <p class="doc-title-hi" lang="hi">{doc.title_hi}</p>}
      <p class="doc-tags"><span class="tag">{categoryLabel(doc)}</span> <DocStatusTags doc={doc} /></p>
      <Banners doc={doc} />
      <Corrections doc={doc} />
      <div class="doc-layout">
        <div class="doc-main">
          <FileBox doc={doc} cell={cell} />
          {doc.summary && (
            <section class="doc-summary" aria-labelledby="summary-h">
              <h2 id="summary-h">Summary</h2>
              <p>{doc.summary}</p>
            </section>
          )}
          <section aria-labelledby="facts-h">
            <h2 id="facts-h">Details</h2>
            <dl class="facts">
              <dt>Category</dt><dd>{categoryLabel(doc)}</dd>
              <dt>Reference</dt><dd>{doc.reference || '—'}</dd>
              <dt>Date of issue</dt><dd><IssuedOn value={doc.issued_on} /></dd>
              <dt>Language</dt><dd>{languageLabel(doc.language)}</dd>
              <dt>Group</dt><dd>{doc.group || '—'}</dd>
              {signedIn && doc.meeting_id && <><dt>Meeting</dt><dd><Link href={`/meetings/${encodeURIComponent(doc.meeting_id)}`}>The meeting these minutes record</Link></dd></>}
              {signedIn && inForce(doc) && doc.category === 'advisory' && <><dt>Compliance</dt><dd><Link href={`/compliance/advisories/${encodeURIComponent(doc.id)}`}>Compliance of the States with this advisory</Link></dd></>}
              {signedIn && <><dt>Visibility</dt><dd>{doc.visibility === 'restricted' ? 'Restricted: signed-in officers only' : 'Public'}</dd></>}
              <dt>Published</dt><dd><DateTime value={doc.published_at} /></dd>
              {doc.updated_at && doc.updated_at !== doc.published_at && <><dt>Last changed</dt><dd><DateTime value={doc.updated_at} /></dd></>}
              <dt>Document no.</dt><dd>{String(doc.id)}</dd>
            </dl>
          </section>
          <Versions doc={doc} />
        </div>
        {cell && <CellActions doc={doc} onChange={setDoc} />}
      </div>
    </Page>
  );
}

/* In force: neither withdrawn nor replaced by a newer version (what advisory compliance follows). */
function inForce(doc) {
  return doc.status === 'active' && !doc.superseded_by_id && doc.latest !== false;
}

/* The newest version among the briefs, if this is not it. */
function latestVersion(doc) {
  const vs = doc.versions || [];
  const l = vs.find((v) => v.latest && v.id !== doc.id);
  if (l) return l;
  if (doc.superseded_by_id) return { id: doc.superseded_by_id, title: null };
  return null;
}

function Banners({ doc }) {
  const newer = doc.latest === false || doc.superseded_by_id ? latestVersion(doc) : null;
  return (
    <>
      {doc.status === 'withdrawn' && (
        <div class="msg msg-error doc-banner" role="note">
          <p><strong>This document has been withdrawn</strong>
            {doc.withdrawn_at && <> on <DateTime value={doc.withdrawn_at} /></>}.
            It is no longer in force and is kept for the record.</p>
          {doc.withdrawn_reason && <p>Reason: {doc.withdrawn_reason}</p>}
        </div>
      )}
      {newer && (
        <div class="msg msg-warn doc-banner" role="note">
          <p><strong>A newer version of this document exists.</strong>{' '}
            <Link href={docHref(newer.id)}>{newer.title ? `See the latest version: ${newer.title}` : 'See the latest version'}</Link></p>
        </div>
      )}
    </>
  );
}

/* What this corrigendum corrects, and the corrigenda to this document. */
function Corrections({ doc }) {
  const list = doc.corrigenda || [];
  if (!doc.corrects && list.length === 0) return null;
  return (
    <div class="doc-corrections">
      {doc.corrects && (
        <p class="doc-corrects">
          <span class="label">Corrigendum to:</span>{' '}
          <Link href={docHref(doc.corrects.id)}>{doc.corrects.title}</Link>
          {doc.corrects.issued_on && <span class="muted"> (<IssuedOn value={doc.corrects.issued_on} />)</span>}
        </p>
      )}
      {list.length > 0 && (
        <section aria-labelledby="corrigenda-h">
          <h2 id="corrigenda-h" class="label">This document has been corrected</h2>
          <ul class="corrigenda">
            {list.map((c) => (
              <li key={c.id}>
                Corrigendum: <Link href={docHref(c.id)}>{c.title}</Link>
                {c.issued_on && <span class="muted"> (<IssuedOn value={c.issued_on} />)</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/* The colour family of a file's badge. */
function formatKind(format) {
  switch (format) {
    case 'pdf': return 'pdf';
    case 'docx': case 'odt': return 'text';
    case 'xlsx': case 'ods': return 'sheet';
    default: return 'other';
  }
}

function FileBox({ doc, cell }) {
  const f = doc.file;
  if (!fileHref(f)) return <p class="muted">This document has no file.</p>;
  const facts = [(f.format || '').toUpperCase(), f.size_text];
  if (f.pages) facts.push(f.pages === 1 ? '1 page' : `${f.pages} pages`);
  return (
    <section class="file-box" aria-labelledby="file-h">
      <h2 id="file-h" class="visually-hidden">File</h2>
      <p class="file-facts">
        <span class={'file-format file-format-' + formatKind(f.format)} aria-hidden="true">{(f.format || 'file').toUpperCase()}</span>
        <span>
          <span class="file-name">{f.name}</span>
          <span class="muted">{facts.filter(Boolean).join(' · ')}</span>
        </span>
      </p>
      <p class="file-buttons">
        <a class="btn btn-primary" href={fileHref(f)} target="_blank" rel="noopener">Open<span class="visually-hidden"> the file (opens in a new tab)</span></a>
        <a class="btn btn-secondary" href={downloadHref(f)} download>Download</a>
      </p>
      {cell && <p class="file-text"><TextStatus file={f} />
        {f.text_status === 'failed' && <span class="muted"> The text could not be read, so the file's words are not searchable.</span>}
      </p>}
    </section>
  );
}

function Versions({ doc }) {
  const vs = doc.versions || [];
  if (vs.length < 2) return null;
  return (
    <section aria-labelledby="versions-h">
      <h2 id="versions-h">Version history</h2>
      <ol class="versions">
        {vs.map((v, i) => (
          <li key={v.id} class={v.id === doc.id ? 'version-current' : undefined}>
            <span class="version-no">Version {i + 1}</span>{' '}
            {v.id === doc.id
              ? <strong aria-current="page">{v.title} (this version)</strong>
              : <Link href={docHref(v.id)}>{v.title}</Link>}
            <span class="muted"> · published <DateTime value={v.published_at} />
              {v.issued_on && <>, issued <IssuedOn value={v.issued_on} /></>}</span>
            {' '}{v.latest && <span class="tag tag-ok">Latest</span>}
            {v.status === 'withdrawn' && <span class="tag tag-bad">Withdrawn</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/* Edit, new version, corrigendum, withdraw/restore. */
function CellActions({ doc, onChange }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const id = encodeURIComponent(doc.id);
  const withdrawn = doc.status === 'withdrawn';

  useEffect(() => { setAsking(false); setReason(''); setError(null); setNotice(null); }, [doc.id]);

  async function withdraw(e) {
    e.preventDefault();
    if (busy) return;
    if (!reason.trim()) { setError({ message: 'Give the reason for withdrawing the document.', field: 'reason' }); return; }
    setBusy(true); setError(null); setNotice(null);
    try {
      const d = await api('POST', `/documents/${id}/withdraw`, { body: { reason: reason.trim() } });
      onChange(await refetch(d));
      setAsking(false); setReason('');
      setNotice('The document has been withdrawn. It is no longer on the public list.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  async function restore() {
    if (busy) return;
    setBusy(true); setError(null); setNotice(null);
    try {
      const d = await api('POST', `/documents/${id}/restore`, { body: {} });
      onChange(await refetch(d));
      setNotice('The document has been restored.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  // The answer of withdraw/restore is the bare document; the page also shows its links.
  async function refetch(d) {
    try { return await api('GET', `/documents/${id}`); } catch { return { ...doc, ...d }; }
  }

  return (
    <aside class="panel doc-actions" aria-labelledby="actions-h">
      <h2 id="actions-h">Manage</h2>
      <ErrorBox error={error && error.field !== 'reason' ? error : null} />
      <Notice message={notice} />
      <ul class="action-list">
        <li><Link class="btn btn-secondary" href={`/documents/${id}/edit`}>Edit details</Link></li>
        {doc.latest !== false && !withdrawn && (
          <li><Link class="btn btn-secondary" href={`/library/upload?supersedes=${id}`}>Upload new version</Link></li>
        )}
        {doc.category !== 'corrigendum' && !withdrawn && (
          <li><Link class="btn btn-secondary" href={`/library/upload?corrects=${id}`}>Add corrigendum</Link></li>
        )}
        {withdrawn
          ? <li><button type="button" class="btn btn-primary" disabled={busy} onClick={restore}>{busy ? 'Restoring…' : 'Restore'}</button></li>
          : !asking && <li><button type="button" class="btn btn-danger" onClick={() => setAsking(true)}>Withdraw…</button></li>}
      </ul>
      {asking && !withdrawn && (
        <form class="withdraw-form" onSubmit={withdraw} noValidate>
          <Field id="withdraw-reason" label="Reason for withdrawal"
            hint="Shown on the document's page to signed-in users, and kept in its history."
            error={fieldError(error, 'reason')}>
            <textarea id="withdraw-reason" rows={3} maxLength={500} value={reason}
              aria-describedby={describedBy('withdraw-reason', true, fieldError(error, 'reason'))}
              aria-invalid={fieldError(error, 'reason') ? 'true' : undefined}
              onInput={(e) => setReason(e.currentTarget.value)} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="btn btn-danger" disabled={busy}>{busy ? 'Withdrawing…' : 'Withdraw the document'}</button>
            <button type="button" class="btn btn-secondary" onClick={() => { setAsking(false); setError(null); }}>Cancel</button>
          </div>
        </form>
      )}
      <p class="muted doc-actions-note">The file of a document never changes: to replace it, upload a new version.</p>
    </aside>
  );
}
