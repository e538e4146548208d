// Files attached to a record (docs/api.md, "Attachments"): an action-taken report, a best
// practice, a nomination. The list of a record's files, and the form that attaches one
// (POST /api/v1/attachments, multipart, with progress and an idempotency key, so that a
// retry after a dropped connection never stores the file twice).

import { useRef, useState } from 'preact/hooks';
import { idempotencyFor, upload } from './api.js';
import { Field, ErrorBox, describedBy } from './ui.jsx';
import { FILE_MAX, sizeText } from './docs.jsx';

/* Who may download an attachment (the server's route table). */
export const FILE_READERS = ['admin', 'cell', 'state', 'district'];

export function readsFiles(user) {
  return !!user && FILE_READERS.includes(user.role);
}

/* The files of a record; links when the reader may download them. */
export function Attachments({ items, links, label = 'Attached files' }) {
  if (!items || !items.length) return null;
  return (
    <ul class="attachments" aria-label={label}>
      {items.map((a) => {
        const url = typeof a.url === 'string' && a.url.startsWith('/') && !a.url.startsWith('//') ? a.url : null;
        const what = <><span class="file-name">{a.file_name}</span> <span class="muted">({(a.format || '').toUpperCase()}{a.size ? `, ${sizeText(a.size)}` : ''})</span></>;
        return <li key={a.id}>{links && url ? <a href={url} download>{what}</a> : what}</li>;
      })}
    </ul>
  );
}

/*
 * Attaches one file to the record ownerType/ownerId; onDone() after the server has it.
 * label and hint say what the file is for and until when files can be added.
 */
export function AttachForm({ ownerType, ownerId, label, hint, onDone }) {
  const [file, setFile] = useState(null);
  const [error, setError] = useState(null);
  const [progress, setProgress] = useState(null);
  const keyRef = useRef(null);
  const inputRef = useRef(null);
  const id = `att-file-${ownerType}-${ownerId}`;

  async function submit(e) {
    e.preventDefault();
    if (progress) return;
    if (!file) { setError({ message: 'Choose the file to attach.', field: 'file' }); return; }
    if (file.size > FILE_MAX) { setError({ message: `This file is ${sizeText(file.size)}; the largest file that can be attached is 50 MB.`, field: 'file' }); return; }
    if (file.size === 0) { setError({ message: 'This file is empty.', field: 'file' }); return; }
    const body = new FormData();
    body.append('owner_type', ownerType);
    body.append('owner_id', String(ownerId));
    body.append('file', file, file.name);
    setError(null);
    setProgress({ sent: 0, total: file.size });
    try {
      await upload('/attachments', body, {
        idempotencyKey: idempotencyFor(keyRef, { owner: [ownerType, ownerId], file: [file.name, file.size, file.lastModified] }),
        onProgress: (sent, total) => setProgress({ sent, total: total || file.size }),
      });
      setFile(null);
      if (inputRef.current) inputRef.current.value = '';
      await onDone();
    } catch (err) {
      if (['request.too_large', 'document.type_refused', 'attachment.closed', 'record.locked'].includes(err.code)) err.field = 'file';
      setError(err);
    } finally {
      setProgress(null);
    }
  }
  const ferr = error && (error.field === 'file' || !error.field) ? error.message : null;
  const pct = progress && progress.total ? Math.min(100, Math.floor((progress.sent / progress.total) * 100)) : 0;
  return (
    <form class="attach-form" onSubmit={submit} noValidate>
      <ErrorBox error={error && !ferr ? error : null} />
      <Field id={id} label={label} error={ferr}
        hint={`${hint ? hint + ' ' : ''}PDF, ODT, DOCX, ODS, XLSX or text, at most 50 MB.`}>
        <div class="input-with-buttons">
          <input id={id} type="file" ref={inputRef} disabled={!!progress}
            accept=".pdf,.odt,.docx,.ods,.xlsx,.txt"
            aria-invalid={ferr ? 'true' : undefined} aria-describedby={describedBy(id, true, ferr)}
            onChange={(e) => { setFile((e.currentTarget.files && e.currentTarget.files[0]) || null); setError(null); }} />
          <button type="submit" class="btn btn-secondary" disabled={!!progress}>
            {progress ? `Uploading… ${pct}%` : 'Attach'}</button>
        </div>
      </Field>
    </form>
  );
}
