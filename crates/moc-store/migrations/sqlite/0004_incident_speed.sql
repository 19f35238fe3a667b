-- The dashboard's monthly aggregate asks for a range of months over every
-- dataset: without this index it reads the whole table and sorts it.
CREATE INDEX incident_months_by_month ON incident_months (month, event_type, admin1);
