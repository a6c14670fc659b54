// Package procedure is the engine of the administrative procedures that
// keep the register alive (thủ tục hành chính): residence registration
// under Luật Cư trú 2020, and the civil-status and ID-number procedures
// built on it. A procedure is a typed dossier (hồ sơ): who asks (the
// applicant), about whom (the subjects), the data of its form, the
// documents attached, the commune that is responsible, a legal deadline in
// working days and a state machine whose every step is recorded with who,
// when and why. Approval applies the change to the register through
// registry.Service inside the approval's own transaction, so the new
// version, its quality findings, agencies' events and the audit entry
// commit with the decision; a refused or withdrawn dossier changes nothing.
//
// The package imports no SQL or HTTP package: storage is the Store
// interface (internal/sqlstore implements it), and the JSON API and the
// web pages call Service, the one home of every use case, which checks
// role and jurisdiction.
//
// # Adding a kind
//
// A kind is a value implementing Kind; most kinds are a Typed[F] with F
// the Go struct of the kind's form (it is stored as JSON):
//
//	var Birth = procedure.Typed[BirthForm]{
//		Meta: procedure.Info{Code: "civil.birth", NameVI: "Đăng ký khai sinh", NameEN: "Birth registration",
//			WorkingDays: 1, LegalBasis: "Luật Hộ tịch 2014 Điều 16"},
//		Validate: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *BirthForm) error {
//			// validate f against the register (env.Citizens), fill d.Subjects,
//			// and set d.Unit/d.Province: the commune responsible for the dossier
//		},
//		Do: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f BirthForm) error {
//			// change the register with env.Register (Create, Update,
//			// ReplaceIDNumber, ...) and env.Meta as the change's meta; every
//			// call joins the approval's transaction
//		},
//	}
//
// and is passed to NewService in Config.Kinds. Rules a kind must keep:
//   - Check runs when the dossier is received. It must set d.Unit (a
//     commune code of the newest list) and d.Province, and list every
//     citizen the dossier is about in d.Subjects; the service then checks
//     that the receiving officer covers d.Unit.
//   - Do runs at approval, inside the transaction. It reads the subjects'
//     records locked (registry.Service.Update hands the change function the
//     locked state) and must re-check what the decision rests on, returning
//     an apperr Conflict when a record changed so that the dossier no
//     longer fits (it moved to another commune, died, ...). Use env.Meta for
//     every register change: its reason names the procedure and the
//     dossier, which the record's history shows.
//   - Do may store what it produced (a new citizen's id, a number) in
//     d.Result, which is kept with the dossier.
//   - Info.MakerChecker makes the service refuse an approval by the
//     officer who received (prepared) the dossier.
//   - Info.Immediate kinds (notices such as thông báo lưu trú) are decided
//     when received: Do runs in the receiving transaction.
//
// Kinds are identified by Info.Code ("residence.permanent"); codes are
// stored with every dossier and never renamed.
package procedure
