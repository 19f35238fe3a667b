-- The mechanism's incidents filtered by actor (ACLED's actor1 or actor2,
-- by name), as imported datasets are. Existing rows take the names from
-- their stored view; later rows are written with them.
ALTER TABLE incidents ADD COLUMN actor1 TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN actor2 TEXT NOT NULL DEFAULT '';
UPDATE incidents SET
    actor1 = COALESCE(json_extract(view, '$.record.actor1.name'), ''),
    actor2 = COALESCE(json_extract(view, '$.record.actor2.name'), '');
