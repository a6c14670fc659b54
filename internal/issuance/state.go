package issuance

// State is where an application stands in the workflow.
type State string

const (
	Submitted    State = "submitted"
	Verified     State = "verified"
	Approved     State = "approved"
	InProduction State = "in_production"
	Produced     State = "produced"
	Delivered    State = "delivered" // the card is at the station
	HandedOver   State = "handed_over"
	Rejected     State = "rejected"
	Cancelled    State = "cancelled"
)

// States lists every state in workflow order.
var States = []State{Submitted, Verified, Approved, InProduction, Produced, Delivered, HandedOver, Rejected, Cancelled}

// Final reports a state nothing leaves.
func (s State) Final() bool { return s == HandedOver || s == Rejected || s == Cancelled }

// ParseState accepts a state name.
func ParseState(s string) (State, bool) {
	for _, st := range States {
		if string(st) == s {
			return st, true
		}
	}
	return "", false
}
