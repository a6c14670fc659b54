package residence

import "dancu/internal/procedure"

// Kinds are the residence procedures, for the engine's registration
// (wire.ProcedureKinds).
func Kinds() []procedure.Kind {
	return []procedure.Kind{PermanentKind, TemporaryKind, ExtensionKind, StayKind, AbsenceKind,
		PermanentDeletionKind, TemporaryDeletionKind}
}
