-- Each change event names the citizen it is about by opaque id, so every
-- delivery (feed page, webhook) is audited with that citizen and shows in
-- their data tracker. The id is never sent to agencies. Events written
-- before this migration get it from the number they carry: a current
-- number, a cancelled one, or a card's.
ALTER TABLE share_events ADD COLUMN citizen_id TEXT NOT NULL DEFAULT '';
UPDATE share_events SET citizen_id = COALESCE(
    (SELECT id FROM citizens WHERE id_number = json_extract(share_events.data, '$.id_number')),
    (SELECT citizen_id FROM cancelled_id_numbers WHERE number = json_extract(share_events.data, '$.id_number')),
    (SELECT citizen_id FROM cards WHERE number = json_extract(share_events.data, '$.id_number') LIMIT 1),
    '');
