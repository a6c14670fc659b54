package audit

// An officer's refused attempt (an answer of 403) is recorded like a
// disclosure, with this action and result, so that auditors see who tried
// to reach what they may not, and the citizen's tracker shows the attempt
// on their record.
const (
	ActionDenied = "access.denied"
	ResultDenied = "denied"
)

// DeniedCitizens is the cause a refusal carries (as apperr.Error.Err) to
// name the citizens the refused attempt concerned; the entry recording
// the refusal then names them.
type DeniedCitizens []string

func (d DeniedCitizens) Error() string { return "access to citizen records denied" }
