-- The mechanism's own incidents, projected from the log: one row per
-- incident with the columns the lists filter on, and its whole view as
-- JSON (moc_domain::IncidentView: the record with the sources of every
-- incident merged into it, the claims, the investigations, the timeline).
-- Replaces 0001's minimal table; `moc reindex` rebuilds it from the log.
DROP TABLE incidents;
CREATE TABLE incidents (
    mechanism TEXT COLLATE "C" NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    event_date TEXT COLLATE "C" NOT NULL,
    event_type TEXT COLLATE "C" NOT NULL,
    sub_event_type TEXT COLLATE "C" NOT NULL,
    admin1 TEXT COLLATE "C" NOT NULL,
    location TEXT COLLATE "C" NOT NULL,
    lat_e6 BIGINT NOT NULL,
    lon_e6 BIGINT NOT NULL,
    -- ACLED's figure, and the low and high ends of the sources' range
    -- (-1 when no source gives one).
    fatalities BIGINT NOT NULL,
    killed_low BIGINT NOT NULL,
    killed_high BIGINT NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    -- The incident it was merged into; empty for one read on its own.
    merged_into TEXT COLLATE "C" NOT NULL,
    reported_party TEXT COLLATE "C" NOT NULL,
    -- Lower-case words a text search matches: place, actors, outlets,
    -- notes, tags, claims. Never an account name.
    search TEXT COLLATE "C" NOT NULL,
    view TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (mechanism, id)
);
CREATE INDEX incidents_by_date ON incidents (mechanism, event_date);
