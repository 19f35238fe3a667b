-- moc's SQL projections (PostgreSQL). Every table but `identities` is derived
-- from the logs and can be emptied and rebuilt (`moc reindex`).
-- Keep in step with ../sqlite/0001_projections.sql: only the column
-- types differ (PostgreSQL's text columns use the "C" collation so that
-- both backends sort identically, byte by byte, as SQLite's BINARY does).

CREATE TABLE projection_cursor (
    log_origin TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    mechanism TEXT COLLATE "C" NOT NULL,
    next_index BIGINT NOT NULL
);

CREATE TABLE mechanisms (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name_fr TEXT COLLATE "C" NOT NULL,
    name_en TEXT COLLATE "C" NOT NULL,
    log_origin TEXT COLLATE "C" NOT NULL,
    patrol_min_per_party BIGINT NOT NULL
);

CREATE TABLE parties (
    mechanism TEXT COLLATE "C" NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    name_fr TEXT COLLATE "C" NOT NULL,
    name_en TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    witness_key TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (mechanism, id)
);

CREATE TABLE zones (
    mechanism TEXT COLLATE "C" NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    name_fr TEXT COLLATE "C" NOT NULL,
    name_en TEXT COLLATE "C" NOT NULL,
    variants TEXT COLLATE "C" NOT NULL,
    region TEXT COLLATE "C" NOT NULL,
    lat_e6 BIGINT NOT NULL,
    lon_e6 BIGINT NOT NULL,
    PRIMARY KEY (mechanism, id)
);

CREATE TABLE quotas (
    mechanism TEXT COLLATE "C" NOT NULL,
    unit TEXT COLLATE "C" NOT NULL,
    party TEXT COLLATE "C" NOT NULL,
    target BIGINT NOT NULL,
    tolerance BIGINT NOT NULL,
    PRIMARY KEY (mechanism, unit, party)
);

CREATE TABLE members (
    mechanism TEXT COLLATE "C" NOT NULL,
    service_number TEXT COLLATE "C" NOT NULL,
    party TEXT COLLATE "C" NOT NULL,
    unit TEXT COLLATE "C" NOT NULL,
    rank TEXT COLLATE "C" NOT NULL,
    roles TEXT COLLATE "C" NOT NULL,
    languages TEXT COLLATE "C" NOT NULL,
    identity_commitment TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    approvals TEXT COLLATE "C" NOT NULL,
    decision TEXT COLLATE "C",
    leave TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (mechanism, service_number)
);
CREATE INDEX members_by_party ON members (mechanism, party, status);

CREATE TABLE patrols (
    mechanism TEXT COLLATE "C" NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    zone TEXT COLLATE "C" NOT NULL,
    route TEXT COLLATE "C" NOT NULL,
    window_start BIGINT NOT NULL,
    window_end BIGINT NOT NULL,
    leader TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    started_at BIGINT,
    report TEXT COLLATE "C",
    abort_reason TEXT COLLATE "C",
    parties TEXT COLLATE "C" NOT NULL,
    endorsements TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (mechanism, id)
);
CREATE INDEX patrols_by_window ON patrols (mechanism, window_start);

CREATE TABLE patrol_members (
    mechanism TEXT COLLATE "C" NOT NULL,
    patrol TEXT COLLATE "C" NOT NULL,
    service_number TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (mechanism, patrol, service_number)
);
CREATE INDEX patrol_members_by_member ON patrol_members (mechanism, service_number);

CREATE TABLE incidents (
    mechanism TEXT COLLATE "C" NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    date TEXT COLLATE "C" NOT NULL,
    place TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    description TEXT COLLATE "C" NOT NULL,
    sources TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (mechanism, id)
);

-- Restricted: personal data, never projected from the log (the log holds
-- only the commitment). Not touched by reindex.
CREATE TABLE identities (
    mechanism TEXT COLLATE "C" NOT NULL,
    service_number TEXT COLLATE "C" NOT NULL,
    commitment TEXT COLLATE "C" NOT NULL,
    opening TEXT COLLATE "C" NOT NULL,
    record TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (mechanism, service_number)
);
