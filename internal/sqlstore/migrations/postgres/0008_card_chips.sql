-- The chip image of each produced card, sealed in the blob store (EF.COM,
-- the data groups, EF.SOD, and the printed data they were made from). A
-- chip is signed once, at production; export hands out exactly that image.
CREATE TABLE card_chips (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    number         TEXT NOT NULL,
    blob_ref       TEXT NOT NULL,
    ds_serial      TEXT NOT NULL,
    signed_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX card_chips_number ON card_chips (number);
