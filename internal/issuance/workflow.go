package issuance

import (
	"slices"

	"dancu/internal/auth"
)

// who is a set of roles allowed to make a move. local roles also need
// their unit to cover the station's unit; national roles act anywhere.
type who struct {
	roles []auth.Role
	label string // for error messages: "a province or ministry officer"
}

var (
	localOfficer = who{[]auth.Role{auth.RoleCommune, auth.RoleDistrict, auth.RoleProvince}, "a commune, district or province officer covering the station"}
	approver     = who{[]auth.Role{auth.RoleProvince, auth.RoleMinistry}, "a province officer covering the station or a ministry officer"}
	ministry     = who{[]auth.Role{auth.RoleMinistry}, "a ministry officer"}
	deliverer    = who{[]auth.Role{auth.RoleProvince, auth.RoleMinistry}, "a ministry or province officer covering the station"}
)

// rule is one allowed move.
type rule struct {
	by            who
	needsReason   bool
	needsConsent  bool // the citizen confirms receipt of the card
	producesCard  bool // the move records the produced card
	activatesCard bool // the move activates the card and retires the old one
}

// workflow is the whole transition table: from → to → rule. Anything not
// listed is refused.
var workflow = map[State]map[State]rule{
	Submitted: {
		Verified:  {by: localOfficer},
		Rejected:  {by: localOfficer, needsReason: true},
		Cancelled: {by: localOfficer, needsReason: true},
	},
	Verified: {
		Approved:  {by: approver},
		Rejected:  {by: approver, needsReason: true},
		Cancelled: {by: localOfficer, needsReason: true},
	},
	Approved: {
		InProduction: {by: ministry},
		Rejected:     {by: ministry, needsReason: true},
	},
	InProduction: {
		Produced: {by: ministry, producesCard: true},
	},
	Produced: {
		Delivered: {by: deliverer},
	},
	Delivered: {
		HandedOver: {by: localOfficer, needsConsent: true, activatesCard: true},
	},
}

// Next lists the states reachable from s, in workflow order.
func Next(s State) []State {
	var out []State
	for _, to := range States {
		if _, ok := workflow[s][to]; ok {
			out = append(out, to)
		}
	}
	return out
}

func (w who) allows(r auth.Role) bool { return slices.Contains(w.roles, r) }
