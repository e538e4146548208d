-- 0009: files attached to a State's records — action-taken reports, best
-- practices, award nominations — stored in the blob store like the
-- library's files (by SHA-256, once), but not in the library: each is
-- read only by those who may read its record, and every reading audited.
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    owner_type  TEXT NOT NULL,          -- action_report, practices, nominations
    owner_id    INTEGER NOT NULL,
    state_lgd   INTEGER NOT NULL REFERENCES states(lgd),
    sha256      TEXT NOT NULL REFERENCES blobs(sha256),
    file_name   TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    created_by  INTEGER NOT NULL
) STRICT;
CREATE INDEX attachments_owner ON attachments(owner_type, owner_id);
