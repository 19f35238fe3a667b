-- Imported incidents get two secondary indexes instead of three. The date
-- index now carries every cheap filter (box, type, region, dataset), so a
-- filtered count or page reads it alone, and the region index goes: a
-- region over a date range reads the date index; over every year, all of
-- it (~50 ms for a million rows instead of ~10). A large import builds
-- the indexes again from one sort each, and each one costs a million-row
-- import about 1.5 s of its ~9.
DROP INDEX IF EXISTS incident_rows_by_date;
DROP INDEX IF EXISTS incident_rows_by_region_date;
CREATE INDEX incident_rows_by_date ON incident_rows (event_date, lat_e6, lon_e6, event_type, admin1, origin);
-- The planner's statistics, which every import refreshes: without them a
-- dataset filter (the key's first column) looks selective and a date range
-- of one dataset reads all of it through the key.
ANALYZE incident_rows;
-- …but never seek the date index date by date (a "skip-scan"): see
-- NO_DATE_SKIP_SCAN in src/datasets.rs.
UPDATE sqlite_stat1 SET stat = stat || ' noskipscan'
    WHERE tbl = 'incident_rows' AND idx = 'incident_rows_by_date';
