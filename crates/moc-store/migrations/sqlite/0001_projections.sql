-- moc's SQL projections (SQLite). Every table but `identities` is derived
-- from the logs and can be emptied and rebuilt (`moc reindex`).
-- Keep in step with ../postgres/0001_projections.sql: only the column
-- types differ (PostgreSQL's text columns use the "C" collation so that
-- both backends sort identically, byte by byte, as SQLite's BINARY does).

CREATE TABLE projection_cursor (
    log_origin TEXT PRIMARY KEY NOT NULL,
    mechanism TEXT NOT NULL,
    next_index BIGINT NOT NULL
);

CREATE TABLE mechanisms (
    id TEXT PRIMARY KEY NOT NULL,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    log_origin TEXT NOT NULL,
    patrol_min_per_party BIGINT NOT NULL
);

CREATE TABLE parties (
    mechanism TEXT NOT NULL,
    id TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind TEXT NOT NULL,
    witness_key TEXT NOT NULL,
    PRIMARY KEY (mechanism, id)
);

CREATE TABLE zones (
    mechanism TEXT NOT NULL,
    id TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    variants TEXT NOT NULL,
    region TEXT NOT NULL,
    lat_e6 BIGINT NOT NULL,
    lon_e6 BIGINT NOT NULL,
    PRIMARY KEY (mechanism, id)
);

CREATE TABLE quotas (
    mechanism TEXT NOT NULL,
    unit TEXT NOT NULL,
    party TEXT NOT NULL,
    target BIGINT NOT NULL,
    tolerance BIGINT NOT NULL,
    PRIMARY KEY (mechanism, unit, party)
);

CREATE TABLE members (
    mechanism TEXT NOT NULL,
    service_number TEXT NOT NULL,
    party TEXT NOT NULL,
    unit TEXT NOT NULL,
    rank TEXT NOT NULL,
    roles TEXT NOT NULL,
    languages TEXT NOT NULL,
    identity_commitment TEXT NOT NULL,
    status TEXT NOT NULL,
    approvals TEXT NOT NULL,
    decision TEXT,
    leave TEXT NOT NULL,
    PRIMARY KEY (mechanism, service_number)
);
CREATE INDEX members_by_party ON members (mechanism, party, status);

CREATE TABLE patrols (
    mechanism TEXT NOT NULL,
    id TEXT NOT NULL,
    zone TEXT NOT NULL,
    route TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    window_end BIGINT NOT NULL,
    leader TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at BIGINT,
    report TEXT,
    abort_reason TEXT,
    parties TEXT NOT NULL,
    endorsements TEXT NOT NULL,
    PRIMARY KEY (mechanism, id)
);
CREATE INDEX patrols_by_window ON patrols (mechanism, window_start);

CREATE TABLE patrol_members (
    mechanism TEXT NOT NULL,
    patrol TEXT NOT NULL,
    service_number TEXT NOT NULL,
    PRIMARY KEY (mechanism, patrol, service_number)
);
CREATE INDEX patrol_members_by_member ON patrol_members (mechanism, service_number);

CREATE TABLE incidents (
    mechanism TEXT NOT NULL,
    id TEXT NOT NULL,
    date TEXT NOT NULL,
    place TEXT NOT NULL,
    type TEXT NOT NULL,
    description TEXT NOT NULL,
    sources TEXT NOT NULL,
    PRIMARY KEY (mechanism, id)
);

-- Restricted: personal data, never projected from the log (the log holds
-- only the commitment). Not touched by reindex.
CREATE TABLE identities (
    mechanism TEXT NOT NULL,
    service_number TEXT NOT NULL,
    commitment TEXT NOT NULL,
    opening TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (mechanism, service_number)
);
