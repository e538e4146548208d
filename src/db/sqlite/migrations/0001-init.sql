-- 0001: master data, accounts, sessions, API tokens, audit log, idempotency keys.
CREATE TABLE states (
    lgd         INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('state', 'ut')),
    census2011  INTEGER NOT NULL,           -- 0: not a State/UT in 2011
    population  INTEGER,                    -- Census 2011, on today's boundaries
    male        INTEGER,
    female      INTEGER
) STRICT;

CREATE TABLE districts (
    lgd         INTEGER PRIMARY KEY,
    state_lgd   INTEGER NOT NULL REFERENCES states(lgd),
    name        TEXT NOT NULL,
    census2011  INTEGER NOT NULL,           -- 0: made after 2011
    population  INTEGER,                    -- NULL when made after 2011
    male        INTEGER,
    female      INTEGER
) STRICT;
CREATE INDEX districts_by_state ON districts(state_lgd, name);

-- level: 1 national, 2 state, 3 district (enum scope_level).
CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    login                TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    email                TEXT NOT NULL DEFAULT '',
    role                 TEXT NOT NULL CHECK (role IN ('admin','cell','state','district','viewer')),
    level                INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    state_lgd            INTEGER REFERENCES states(lgd),
    district_lgd         INTEGER REFERENCES districts(lgd),
    pw_hash              TEXT NOT NULL,
    disabled             INTEGER NOT NULL DEFAULT 0,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL,
    last_login_at        INTEGER NOT NULL DEFAULT 0,
    CHECK ((level = 1 AND state_lgd IS NULL AND district_lgd IS NULL)
        OR (level = 2 AND state_lgd IS NOT NULL AND district_lgd IS NULL)
        OR (level = 3 AND state_lgd IS NOT NULL AND district_lgd IS NOT NULL))
) STRICT;
CREATE INDEX users_by_state ON users(state_lgd, district_lgd);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    hash         BLOB NOT NULL UNIQUE,       -- SHA-256 of the cookie's token
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,           -- absolute limit
    revoked_at   INTEGER NOT NULL DEFAULT 0,
    ip           TEXT NOT NULL,
    user_agent   TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    hash         BLOB NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL DEFAULT 0,
    expires_at   INTEGER NOT NULL DEFAULT 0, -- 0: never
    revoked_at   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);

-- Append-only, hash-chained (src/auth/audit.c).  The triggers stop an
-- accidental UPDATE or DELETE; audit-verify catches a deliberate one.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    login       TEXT NOT NULL,
    ip          TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_user ON audit(user_id, id);
CREATE INDEX audit_by_action ON audit(action, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE idempotency (
    owner        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (owner, key)
) STRICT;
