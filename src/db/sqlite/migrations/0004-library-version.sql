-- 0004: the library's version, counted by the database itself.  The
-- answers of list and search kept in memory (src/documents/cache.c) are
-- served only while it is unchanged, whichever connection or process made
-- the change, so they never need to expire on a timer.
CREATE TABLE library_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT;
INSERT INTO library_version (id, version) VALUES (1, 1);

CREATE TRIGGER documents_version_insert AFTER INSERT ON documents
BEGIN UPDATE library_version SET version = version + 1; END;
CREATE TRIGGER documents_version_update AFTER UPDATE ON documents
BEGIN UPDATE library_version SET version = version + 1; END;
CREATE TRIGGER documents_version_delete AFTER DELETE ON documents
BEGIN UPDATE library_version SET version = version + 1; END;
CREATE TRIGGER groups_version_insert AFTER INSERT ON document_groups
BEGIN UPDATE library_version SET version = version + 1; END;
CREATE TRIGGER groups_version_update AFTER UPDATE ON document_groups
BEGIN UPDATE library_version SET version = version + 1; END;
CREATE TRIGGER groups_version_delete AFTER DELETE ON document_groups
BEGIN UPDATE library_version SET version = version + 1; END;
-- a file's text arriving (the indexer) changes what search finds
CREATE TRIGGER blobs_version_update AFTER UPDATE ON blobs
BEGIN UPDATE library_version SET version = version + 1; END;
CREATE TRIGGER blobs_version_delete AFTER DELETE ON blobs
BEGIN UPDATE library_version SET version = version + 1; END;
