package residence

import (
	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// InForce reports a registration that is current on day: it names a
// place, it was not deleted, and its term, if it has one (a tạm trú's
// Until, Luật Cư trú 2020 art. 27(3)), has not ended before day. The term
// includes its last day.
//
// It is the one home of "current residence": the record page, the portal,
// the API's residence history and the absentees' worklist ask it, so an
// expired tạm trú shows as past everywhere, though nobody deleted it.
func InForce(r registry.Residence, day pdate.Date) bool {
	return r.Registered() && !Expired(r, day)
}

// Expired reports a registration, not deleted, whose term ended before
// day: certainly ended, so an imported term known only to its year or
// month runs to that year's or month's last day.
func Expired(r registry.Residence, day pdate.Date) bool {
	return r.Registered() && !r.Until.IsZero() && r.Until.Latest().Before(day.Earliest())
}
