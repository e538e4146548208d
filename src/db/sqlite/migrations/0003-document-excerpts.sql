-- 0003: snippets come from the first 32 KB of each text.  FTS5's snippet()
-- costs the square of the hits in the text it reads: over a whole 2 MB
-- body with a common word it ran for seconds.  Search and ranking still
-- use the whole text (documents_fts).
CREATE VIRTUAL TABLE documents_excerpts USING fts5(
    title, title_hi, reference, excerpt,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co Mc Mn'"
);
INSERT INTO documents_excerpts (rowid, title, title_hi, reference, excerpt)
    SELECT rowid, title, title_hi, reference, substr(body, 1, 32768) FROM documents_fts;
