package dedupe

import (
	"encoding/binary"
	"errors"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// A spilled record is the part of a citizen that Prepare reads, written
// as it was stored: preparing it again gives the same Record (Prepare is
// a function of these fields), and the spill holds a few hundred bytes a
// record instead of the prepared form's pointers.

// encodeCitizen appends the fields Prepare reads to buf.
func encodeCitizen(buf []byte, c *registry.Citizen) []byte {
	str := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	for _, s := range [...]string{c.RecordRef, c.ID, c.FullName, c.OtherName, string(c.Sex), c.IDNumber, c.OldIDNumber,
		c.Father.Name, c.Father.IDNumber, c.Mother.Name, c.Mother.IDNumber, c.Spouse.Name, c.Spouse.IDNumber,
		c.HouseholdRef, c.Permanent.Commune, c.Permanent.Province, c.Permanent.Address, c.Temporary.Commune,
		c.Current.Commune, c.Ethnicity, c.BloodType, c.Phone, c.Hometown.Code, c.Hometown.Text} {
		str(s)
	}
	for _, v := range [...]int{c.BirthDate.Year, c.BirthDate.Month, c.BirthDate.Day, len(c.CancelledIDNumbers)} {
		buf = binary.AppendVarint(buf, int64(v))
	}
	for _, n := range c.CancelledIDNumbers {
		str(n)
	}
	return buf
}

var errSpillCorrupt = errors.New("dedupe spill: truncated record")

// decodeCitizen reads what encodeCitizen wrote.
func decodeCitizen(b []byte) (registry.Citizen, error) {
	var c registry.Citizen
	bad := false
	str := func() string {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			bad = true
			return ""
		}
		s := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return s
	}
	num := func() int {
		v, k := binary.Varint(b)
		if k <= 0 {
			bad = true
			return 0
		}
		b = b[k:]
		return int(v)
	}
	for _, p := range [...]*string{&c.RecordRef, &c.ID, &c.FullName, &c.OtherName, nil, &c.IDNumber, &c.OldIDNumber,
		&c.Father.Name, &c.Father.IDNumber, &c.Mother.Name, &c.Mother.IDNumber, &c.Spouse.Name, &c.Spouse.IDNumber,
		&c.HouseholdRef, &c.Permanent.Commune, &c.Permanent.Province, &c.Permanent.Address, &c.Temporary.Commune,
		&c.Current.Commune, &c.Ethnicity, &c.BloodType, &c.Phone, &c.Hometown.Code, &c.Hometown.Text} {
		if p == nil {
			c.Sex = registry.Sex(str())
			continue
		}
		*p = str()
	}
	c.BirthDate = pdate.Date{Year: num(), Month: num(), Day: num()}
	if n := num(); n > 0 && n <= len(b) { // each number takes at least a byte
		c.CancelledIDNumbers = make([]string, n)
		for i := range c.CancelledIDNumbers {
			c.CancelledIDNumbers[i] = str()
		}
	} else if n != 0 {
		bad = true
	}
	if bad {
		return registry.Citizen{}, errSpillCorrupt
	}
	return c, nil
}
