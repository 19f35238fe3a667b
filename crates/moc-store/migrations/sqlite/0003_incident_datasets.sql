-- Incident datasets imported from outside the log (ACLED, UCDP GED, the
-- synthetic benchmark set): public reference data, queried beside the
-- mechanisms' own incidents. Not projections of the log: `moc reindex`
-- leaves them alone, and a re-import of a row with the same (origin,
-- event_id) replaces it.
CREATE TABLE incident_rows (
    origin TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event_date TEXT NOT NULL,
    -- `YYYY-MM`, for the monthly aggregates.
    month TEXT NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    location TEXT NOT NULL,
    lat_e6 BIGINT NOT NULL,
    lon_e6 BIGINT NOT NULL,
    fatalities BIGINT NOT NULL,
    actor1 TEXT NOT NULL,
    actor2 TEXT NOT NULL,
    -- The whole record as JSON (moc_incidents::IncidentRecord).
    record TEXT NOT NULL,
    PRIMARY KEY (origin, event_id)
);
-- Type + date range + bounding box: the index holds every column the
-- filter reads, so the rows are only read for the page shown.
CREATE INDEX incident_rows_by_type_date ON incident_rows (event_type, event_date, lat_e6, lon_e6);
CREATE INDEX incident_rows_by_date ON incident_rows (event_date, lat_e6, lon_e6);
CREATE INDEX incident_rows_by_region_date ON incident_rows (admin1, event_date);

-- Counts and deaths by month × type × region, rebuilt after each import so
-- that the dashboard's aggregates read a few thousand rows, not millions.
CREATE TABLE incident_months (
    origin TEXT NOT NULL,
    month TEXT NOT NULL,
    event_type TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    events BIGINT NOT NULL,
    fatalities BIGINT NOT NULL,
    PRIMARY KEY (origin, month, event_type, admin1)
);
