-- The node's accounts, API tokens and web sessions. Like `identities`, these
-- are not projections of the log: `moc reindex` leaves them alone, and they
-- belong to this node (each party's node has its own accounts).

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    party TEXT NOT NULL,
    -- Role codes, comma-separated, sorted.
    roles TEXT NOT NULL,
    -- An argon2id hash in PHC form; NULL: no password, no sign-in.
    password_hash TEXT,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);

-- A token is `moc_<id>_<secret>`; only the SHA-256 of the secret is kept.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    secret_sha256 TEXT NOT NULL,
    scope TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- A web session, keyed by the SHA-256 of its cookie's id: a copy of this
-- table does not let anyone sign in.
CREATE TABLE sessions (
    id_sha256 TEXT PRIMARY KEY,
    user_id TEXT,
    record TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);
