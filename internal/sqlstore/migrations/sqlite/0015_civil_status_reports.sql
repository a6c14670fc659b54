-- Civil-status events posted by agencies (the hộ tịch system): each
-- agency's event id once, with a hash of its content and the dossier it
-- became, so a retried post is answered from here and applied once.
CREATE TABLE civil_status_reports (
    agency_id   TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    body_hash   TEXT NOT NULL,
    dossier_id  TEXT NOT NULL REFERENCES dossiers (id),
    received_at TEXT NOT NULL,
    PRIMARY KEY (agency_id, event_id)
);
