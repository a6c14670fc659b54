-- Card issuance: stations, appointments, applications and their workflow,
-- cards and quotas. Calendar days are 'YYYY-MM-DD' text: they are dates in
-- Vietnam, not instants, and text orders like the date on both engines.
CREATE TABLE stations (
    id                 TEXT PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('fixed', 'mobile')),
    unit               TEXT NOT NULL,
    province           TEXT NOT NULL,
    address            TEXT NOT NULL DEFAULT '',
    machines           INTEGER NOT NULL CHECK (machines > 0),
    minutes_per_intake INTEGER NOT NULL CHECK (minutes_per_intake > 0),
    slot_minutes       INTEGER NOT NULL,
    hours              TEXT NOT NULL, -- JSON [{"from":"07:30","to":"11:30"}, …]
    active_from        TEXT,
    active_to          TEXT
);
CREATE INDEX stations_unit ON stations (unit);
CREATE INDEX stations_province ON stations (province);

CREATE TABLE appointments (
    id         TEXT PRIMARY KEY,
    station_id TEXT NOT NULL REFERENCES stations (id),
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    day        TEXT NOT NULL,
    slot_start INTEGER NOT NULL, -- minutes after midnight
    kind       TEXT NOT NULL CHECK (kind IN ('booked', 'invited', 'walk_in')),
    state      TEXT NOT NULL CHECK (state IN ('active', 'served', 'no_show', 'cancelled')),
    queue_no   INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (station_id, day, queue_no)
);
CREATE INDEX appointments_slot ON appointments (station_id, day, slot_start);
-- One active appointment per citizen and day, whatever the station.
CREATE UNIQUE INDEX appointments_one_active ON appointments (citizen_id, day) WHERE state = 'active';

CREATE TABLE applications (
    id            TEXT PRIMARY KEY,
    citizen_id    TEXT NOT NULL REFERENCES citizens (id),
    id_number     TEXT NOT NULL,
    type          TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    station_id    TEXT NOT NULL REFERENCES stations (id),
    unit          TEXT NOT NULL,
    province      TEXT NOT NULL,
    state         TEXT NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL,
    received_day  TEXT NOT NULL,
    promised_date TEXT NOT NULL,
    fee           BIGINT NOT NULL,
    fee_basis     TEXT NOT NULL DEFAULT '',
    captures      TEXT NOT NULL, -- JSON references into the blob store, never the data
    version       INTEGER NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX applications_citizen ON applications (citizen_id);
-- One application under way per citizen.
CREATE UNIQUE INDEX applications_one_open ON applications (citizen_id)
    WHERE state NOT IN ('handed_over', 'rejected', 'cancelled');
CREATE INDEX applications_state ON applications (state, promised_date);
CREATE INDEX applications_unit_day ON applications (unit, received_day);
CREATE INDEX applications_province_day ON applications (province, received_day);

-- Append-only: one row per step of an application.
CREATE TABLE application_transitions (
    application_id TEXT NOT NULL REFERENCES applications (id),
    seq            INTEGER NOT NULL,
    from_state     TEXT NOT NULL,
    to_state       TEXT NOT NULL,
    at             TIMESTAMPTZ NOT NULL,
    day            TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    username       TEXT NOT NULL,
    role           TEXT NOT NULL,
    unit           TEXT NOT NULL,
    reason         TEXT NOT NULL,
    PRIMARY KEY (application_id, seq)
);
CREATE INDEX application_transitions_day ON application_transitions (to_state, day);
CREATE FUNCTION issuance_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;
CREATE TRIGGER application_transitions_append_only BEFORE UPDATE OR DELETE ON application_transitions
FOR EACH ROW EXECUTE FUNCTION issuance_refuse('application_transitions is append-only');
CREATE TRIGGER applications_no_delete BEFORE DELETE ON applications
FOR EACH ROW EXECUTE FUNCTION issuance_refuse('applications are never deleted; reject or cancel them');

-- One row per physical card; number is the holder's ID number, shared by
-- their successive cards.
CREATE TABLE cards (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    number         TEXT NOT NULL,
    citizen_id     TEXT NOT NULL REFERENCES citizens (id),
    issue_date     TEXT NOT NULL,
    expiry_date    TEXT, -- NULL: valid for life
    state          TEXT NOT NULL CHECK (state IN ('produced', 'active', 'revoked')),
    revoked_at     TIMESTAMPTZ,
    revoked_reason TEXT
);
CREATE INDEX cards_number ON cards (number);
CREATE UNIQUE INDEX cards_one_active ON cards (citizen_id) WHERE state = 'active';
CREATE TRIGGER cards_no_delete BEFORE DELETE ON cards
FOR EACH ROW EXECUTE FUNCTION issuance_refuse('cards are never deleted; revoke them');

CREATE TABLE quotas (
    unit        TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    target      BIGINT NOT NULL CHECK (target > 0),
    PRIMARY KEY (unit, period_from)
);
