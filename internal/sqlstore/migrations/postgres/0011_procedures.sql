-- Administrative procedures (hồ sơ thủ tục): one row per dossier with its
-- filter columns, the dossier itself as JSON (data), its documents' blob
-- references apart (documents), the subjects for per-citizen lookups, and
-- the append-only history of its steps. Days are 'YYYY-MM-DD' text in
-- Vietnam; '' where a day is not (yet) known.
CREATE TABLE dossiers (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('received', 'supplement_requested', 'approved', 'refused', 'done', 'withdrawn')),
    outcome      TEXT NOT NULL DEFAULT '',
    unit         TEXT NOT NULL,
    province     TEXT NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    received_day TEXT NOT NULL,
    due_day      TEXT NOT NULL DEFAULT '', -- '' while a supplement is awaited
    decided_day  TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL,
    data         TEXT NOT NULL,
    documents    TEXT NOT NULL, -- JSON with blob references, never the content
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX dossiers_unit_due ON dossiers (unit, due_day);
CREATE INDEX dossiers_province_due ON dossiers (province, due_day);
CREATE INDEX dossiers_received ON dossiers (province, received_day);

CREATE TABLE dossier_subjects (
    dossier_id TEXT NOT NULL REFERENCES dossiers (id),
    citizen_id TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (dossier_id, citizen_id)
);
CREATE INDEX dossier_subjects_citizen ON dossier_subjects (citizen_id);

CREATE TABLE dossier_transitions (
    dossier_id TEXT NOT NULL REFERENCES dossiers (id),
    seq        INTEGER NOT NULL,
    action     TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    user_id    TEXT NOT NULL,
    username   TEXT NOT NULL,
    role       TEXT NOT NULL,
    unit       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    PRIMARY KEY (dossier_id, seq)
);
