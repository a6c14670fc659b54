-- A citizen's former full names (thay đổi họ, chữ đệm, tên), kept so that
-- a search by the old name still finds the person. Derived from the
-- history when a version changes full_name; name_key is folded as
-- citizens.name_key.
CREATE TABLE citizen_former_names (
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    name_key   TEXT NOT NULL,
    full_name  TEXT NOT NULL,
    PRIMARY KEY (citizen_id, name_key)
);
CREATE INDEX citizen_former_names_key ON citizen_former_names (name_key);
