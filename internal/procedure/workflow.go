package procedure

import (
	"slices"

	"dancu/internal/apperr"
)

// Action is what an officer does to a dossier.
type Action string

const (
	ActReceive           Action = "receive"
	ActRequestSupplement Action = "request_supplement"
	ActSupplementIn      Action = "supplement_received"
	ActApprove           Action = "approve"
	ActRefuse            Action = "refuse"
	ActWithdraw          Action = "withdraw"
	ActComplete          Action = "complete" // result handed to the applicant
)

// step is one allowed move of the workflow table.
type step struct {
	from         []State
	to           State
	needsReason  bool
	decides      bool // sets DecidedBy / DecidedOn
	makerChecker bool // subject to the kind's maker-checker rule
}

// workflow is the state machine: received → (supplement_requested →
// received) → approved | refused → done, and withdrawn from any open state.
var workflow = map[Action]step{
	ActRequestSupplement: {from: []State{Received}, to: SupplementRequested, needsReason: true},
	ActSupplementIn:      {from: []State{SupplementRequested}, to: Received},
	ActApprove:           {from: []State{Received}, to: Approved, decides: true, makerChecker: true},
	ActRefuse:            {from: []State{Received, SupplementRequested}, to: Refused, needsReason: true, decides: true},
	ActWithdraw:          {from: []State{Received, SupplementRequested}, to: Withdrawn, needsReason: true},
	ActComplete:          {from: []State{Approved, Refused}, to: Done},
}

// move checks that action may be taken from state.
func move(action Action, from State) (step, error) {
	st, ok := workflow[action]
	if !ok {
		return st, apperr.New(apperr.Invalid, "unknown action %q", action)
	}
	if !slices.Contains(st.from, from) {
		return st, apperr.New(apperr.Conflict, "cannot %s a dossier that is %s", action, from)
	}
	return st, nil
}
