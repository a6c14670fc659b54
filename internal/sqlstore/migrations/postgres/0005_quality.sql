-- Data-quality findings: the current findings of each citizen's record
-- (see internal/quality). Derived data: a change to a citizen replaces
-- the findings it touches, a re-scan replaces them all; the history stays
-- in citizen_versions. commune/province copy the citizen's permanent
-- residence so per-unit counts need no join.
CREATE TABLE quality_findings (
    citizen_id TEXT NOT NULL,
    code       TEXT NOT NULL,
    severity   TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
    scope      TEXT NOT NULL,
    -- The shared key of a cross-record finding (household_ref, ID number,
    -- parent's number); '' for a record finding.
    subject    TEXT NOT NULL DEFAULT '',
    fields     TEXT NOT NULL,
    message_vi TEXT NOT NULL,
    message_en TEXT NOT NULL,
    record_ref TEXT,
    commune    TEXT NOT NULL DEFAULT '',
    province   TEXT NOT NULL DEFAULT '',
    found_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX quality_findings_citizen ON quality_findings (citizen_id, scope);
CREATE INDEX quality_findings_subject ON quality_findings (scope, subject) WHERE subject <> '';
CREATE INDEX quality_findings_unit ON quality_findings (province, commune, code);

-- Children by their parents' numbers, so a change to a parent re-checks
-- the children's birth dates without a scan.
CREATE INDEX citizens_father_number ON citizens (father_number) WHERE father_number IS NOT NULL;
CREATE INDEX citizens_mother_number ON citizens (mother_number) WHERE mother_number IS NOT NULL;
