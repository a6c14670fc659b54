package civilstatus

import "dancu/internal/procedure"

// Kind codes; stored with every dossier, never renamed.
const (
	CodeBirth        = "civil.birth"
	CodeDeath        = "civil.death"
	CodeMarriage     = "civil.marriage"
	CodeDivorce      = "civil.divorce"
	CodeParentage    = "civil.parentage"
	CodeCorrection   = "civil.correction"
	CodeHousehold    = "household.adjust"
	CodeReestablish  = "idnumber.reestablish"
	CodeCancel       = "idnumber.cancel"
	CodeConfirmOldID = "idnumber.old_number"
)

// Kinds are this package's procedures, for wire.ProcedureKinds.
func Kinds() []procedure.Kind {
	return []procedure.Kind{Birth, Death, Marriage, Divorce, Parentage, Correction, Household, Reestablish, Cancel, OldNumber}
}
