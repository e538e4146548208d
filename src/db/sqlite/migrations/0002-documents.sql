-- 0002: the document library.  Files (blobs) are stored once each by
-- SHA-256 under DATA/blobs; a document is one published paper pointing at
-- its file.  Search: documents_fts, one row per document (rowid = id).

-- The public page's headings, in the order the portal shows them.
CREATE TABLE document_groups (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    position    INTEGER NOT NULL
) STRICT;

CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY,           -- hex, the file's name in the store
    size        INTEGER NOT NULL CHECK (size >= 0),
    mime        TEXT NOT NULL,
    format      TEXT NOT NULL,              -- pdf, odt, docx, ods, xlsx, txt
    pages       INTEGER,                    -- NULL until the text is extracted
    text_status TEXT NOT NULL DEFAULT 'pending'
                CHECK (text_status IN ('pending', 'done', 'failed', 'none')),
    text_error  TEXT,
    created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX blobs_pending ON blobs(created_at) WHERE text_status = 'pending';

-- The text extracted from a file, kept so that a second document with the
-- same file is searchable at once.
CREATE TABLE blob_texts (
    sha256      TEXT PRIMARY KEY REFERENCES blobs(sha256),
    text        TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE documents (
    id               INTEGER PRIMARY KEY,
    title            TEXT NOT NULL,
    title_hi         TEXT,
    category         TEXT NOT NULL CHECK (category IN ('advisory','sop','minutes','guidelines',
                     'report','scheme','award','training','compendium','directory','corrigendum','other')),
    reference        TEXT,
    issued_on        TEXT,                  -- YYYY-MM-DD
    language         TEXT NOT NULL,
    group_id         INTEGER NOT NULL REFERENCES document_groups(id),
    summary          TEXT,
    visibility       TEXT NOT NULL CHECK (visibility IN ('public', 'restricted')),
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
    withdrawn_at     INTEGER,
    withdrawn_reason TEXT,
    sha256           TEXT NOT NULL REFERENCES blobs(sha256),
    file_name        TEXT NOT NULL,         -- as uploaded; the download name comes from the title
    corrects_id      INTEGER REFERENCES documents(id),
    supersedes_id    INTEGER UNIQUE REFERENCES documents(id),
    superseded_by_id INTEGER UNIQUE REFERENCES documents(id),
    meeting_id       INTEGER,
    published_at     INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    created_by       INTEGER,               -- users.id; NULL for the demo loader
    updated_by       INTEGER,
    CHECK ((category = 'corrigendum') = (corrects_id IS NOT NULL)),
    CHECK (meeting_id IS NULL OR category = 'minutes'),
    CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
) STRICT;
CREATE INDEX documents_portal ON documents(group_id, published_at DESC) WHERE superseded_by_id IS NULL;
CREATE INDEX documents_published ON documents(published_at DESC);
CREATE INDEX documents_corrects ON documents(corrects_id) WHERE corrects_id IS NOT NULL;
CREATE INDEX documents_sha256 ON documents(sha256);
CREATE INDEX documents_category ON documents(category, published_at DESC);

-- Letters, digits and combining marks are word characters, so Devanagari
-- vowel signs and the virama stay inside their words.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, title_hi, reference, body,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co Mc Mn'"
);
