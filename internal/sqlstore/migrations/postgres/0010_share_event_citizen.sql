-- PostgreSQL twin of sqlite/0009_share_event_citizen.sql: each change
-- event names its citizen by opaque id, for the audit of its deliveries;
-- never sent to agencies. Earlier events get it from their number.
ALTER TABLE share_events ADD COLUMN citizen_id TEXT NOT NULL DEFAULT '';
UPDATE share_events SET citizen_id = COALESCE(
    (SELECT id FROM citizens WHERE id_number = share_events.data::json->>'id_number'),
    (SELECT citizen_id FROM cancelled_id_numbers WHERE number = share_events.data::json->>'id_number'),
    (SELECT citizen_id FROM cards WHERE number = share_events.data::json->>'id_number' LIMIT 1),
    '');
