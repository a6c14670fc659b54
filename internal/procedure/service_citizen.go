package procedure

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/registry"
)

// The citizen's side of the engine: a citizen with a level-2 VNeID
// account files a dossier of an Online kind through the portal and follows
// it. The dossier lands in the responsible commune's inbox like one
// received at the desk; the commune's officers decide it.

// MaxOnlineDocuments bounds the documents one online submission carries.
const MaxOnlineDocuments = 5

// onlineRelations are the applicant relations a citizen may claim online:
// themself, or the host of a guest (thông báo lưu trú). Others (parent,
// authorised person, ...) need papers checked at the desk.
var onlineRelations = []string{"self", "host"}

// AuditSubmitOnline is the audited action of an online submission.
const AuditSubmitOnline = "procedure.submit_online"

// SubmitOnline files a dossier for citizen c, with its documents stored
// encrypted. The applicant is c's own record (name and number from the
// register, never from the form); with relation "self" c must be one of
// the dossier's subjects. The deadline and the fee are the online
// channel's.
func (s *Service) SubmitOnline(ctx context.Context, c auth.Citizen, in NewDossier, uploads []Upload, trail audit.Entry) (Dossier, error) {
	if err := c.NeedLevel2("filing a dossier online"); err != nil {
		return Dossier{}, err
	}
	k, err := s.Kind(in.Kind)
	if err != nil {
		return Dossier{}, err
	}
	info := k.Info()
	if !info.Online {
		return Dossier{}, apperr.New(apperr.Forbidden, "%s (%s) is not filed online; apply at the commune police", info.NameVI, info.Code)
	}
	me, err := s.cfg.Register.Store().Citizen(ctx, c.CitizenID)
	if err != nil {
		return Dossier{}, err
	}
	rel := strings.TrimSpace(in.Applicant.Relation)
	if rel == "" {
		rel = "self"
	}
	if !slices.Contains(onlineRelations, rel) {
		return Dossier{}, apperr.WithFields("invalid dossier", apperr.FieldError{Field: "applicant.relation", Reason: "online: self or host only"})
	}
	in.Channel = Online
	in.Applicant = Applicant{CitizenID: me.ID, FullName: me.FullName, IDNumber: me.IDNumber, Relation: rel, Phone: me.Phone}
	if err := checkApplicant(&in); err != nil {
		return Dossier{}, err
	}
	docs, err := s.storeUploads(ctx, c, uploads)
	if err != nil {
		return Dossier{}, err
	}
	now := s.cfg.Now().UTC()
	d := Dossier{ID: s.cfg.NewID(), Kind: info.Code, State: Received, Channel: Online, Applicant: in.Applicant,
		Form: in.Form, Documents: docs, ReceivedAt: now, ReceivedBy: citizenActor(c), Version: 1, UpdatedAt: now}
	if d.Fee, err = feeFor(info, d.Channel, in.FeeExemption); err != nil {
		return Dossier{}, err
	}
	if d.Deadline, err = start(s.cfg.Calendar, info.WorkingDays, Day(now)); err != nil {
		return Dossier{}, err
	}
	first := Transition{DossierID: d.ID, Seq: 1, Action: ActReceive, To: Received, At: now, UserID: c.AccountID,
		Username: citizenActor(c), Role: audit.RoleCitizen}
	trail.UserID, trail.Role, trail.Unit = c.AccountID, audit.RoleCitizen, ""
	err = s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		env := s.citizenEnv(c, &d, info)
		if err := k.Check(ctx, env, &d); err != nil {
			return err
		}
		if d.Unit == "" || len(d.Subjects) == 0 {
			return apperr.New(apperr.Internal, "procedure %s did not name its commune and subjects", info.Code)
		}
		if rel == "self" && !slices.Contains(d.SubjectIDs(), c.CitizenID) {
			return apperr.New(apperr.Forbidden, "online, a citizen files dossiers about themself")
		}
		if !slices.Contains(d.SubjectIDs(), c.CitizenID) {
			// A host's notice is about the guests; the host follows it
			// among their own dossiers all the same.
			d.Subjects = append(d.Subjects, Subject{CitizenID: c.CitizenID, Role: "applicant"})
		}
		if info.Immediate {
			if err := k.Apply(ctx, env, &d); err != nil {
				return err
			}
			d.State, d.Outcome, d.DecidedBy, d.DecidedOn = Done, Approved, citizenActor(c), Day(now)
			first.To = Done
		}
		if err := s.cfg.Store.CreateDossier(ctx, d, first); err != nil {
			return err
		}
		return s.record(ctx, trail, AuditSubmitOnline, &d)
	})
	if err != nil {
		return Dossier{}, err
	}
	return d, nil
}

// citizenActor names a citizen in a dossier's history and in register
// changes: the account, never the ID number.
func citizenActor(c auth.Citizen) string { return "citizen:" + c.AccountID }

func (s *Service) citizenEnv(c auth.Citizen, d *Dossier, info Info) Env {
	return Env{Register: s.cfg.Register, Citizens: s.cfg.Register.Store(), Units: s.cfg.Units, Calendar: s.cfg.Calendar,
		Now: s.cfg.Now(), Citizen: &c, Meta: registry.ChangeMeta{Actor: citizenActor(c), Reason: ChangeReason(info, d.ID)}}
}

// storeUploads checks a submission's documents and stores them encrypted.
// They are stored before the dossier's transaction: a refused dossier
// leaves unreferenced encrypted files only.
func (s *Service) storeUploads(ctx context.Context, c auth.Citizen, uploads []Upload) ([]Document, error) {
	docs := []Document{}
	if len(uploads) > MaxOnlineDocuments {
		return nil, apperr.WithFields("too many documents", apperr.FieldError{Field: "file", Reason: "at most 5 documents"})
	}
	for _, up := range uploads {
		media, err := checkUpload(&up)
		if err != nil {
			return nil, err
		}
		if s.cfg.Blobs == nil {
			return nil, apperr.New(apperr.Internal, "no blob store is configured for documents")
		}
		ref, err := s.cfg.Blobs.Put(ctx, up.Data)
		if err != nil {
			return nil, err
		}
		docs = append(docs, Document{ID: s.cfg.NewID(), Kind: up.Kind, Name: up.Name, MediaType: media, Size: len(up.Data),
			Ref: ref, UploadedAt: s.cfg.Now().UTC(), UploadedBy: citizenActor(c)})
	}
	return docs, nil
}

// checkUpload applies the document rules (kind, name, size, format by
// signature) and returns the format.
func checkUpload(up *Upload) (string, error) {
	up.Name = strings.TrimSpace(up.Name)
	var bad []apperr.FieldError
	if !contains(DocumentKinds, up.Kind) {
		bad = append(bad, apperr.FieldError{Field: "kind", Reason: "must be one of " + strings.Join(DocumentKinds, ", ")})
	}
	if up.Name == "" || utf8.RuneCountInString(up.Name) > 200 || !utf8.ValidString(up.Name) {
		bad = append(bad, apperr.FieldError{Field: "name", Reason: "required, at most 200 characters"})
	}
	if len(up.Data) == 0 || len(up.Data) > MaxDocument {
		bad = append(bad, apperr.FieldError{Field: "file", Reason: "required, at most 10 MiB"})
	}
	media := sniff(up.Data)
	if len(up.Data) > 0 && media == "" {
		bad = append(bad, apperr.FieldError{Field: "file", Reason: "must be a PDF, JPEG or PNG file"})
	}
	if len(bad) > 0 {
		return "", apperr.WithFields("invalid document", bad...)
	}
	return media, nil
}
