package procedure

import (
	"context"
	"strings"
	"unicode/utf8"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
)

// MaxDocument is the largest document accepted (a scanned page or PDF).
const MaxDocument = 10 << 20

// Upload is a document to attach.
type Upload struct {
	DossierID string
	Kind      string // accommodation_proof, owner_consent, authorisation, decision, other
	Name      string
	Data      []byte
}

// DocumentKinds are the kinds of document a dossier may carry.
var DocumentKinds = []string{"accommodation_proof", "owner_consent", "guardian_consent", "authorisation",
	"decision", "supervisor_consent", "identity", "other"}

// sniff names the accepted format of data from its signature ("" when
// it is none of them): the file name says nothing reliable.
func sniff(data []byte) string {
	switch s := string(data[:min(len(data), 8)]); {
	case strings.HasPrefix(s, "%PDF-"):
		return "application/pdf"
	case strings.HasPrefix(s, "\xff\xd8\xff"):
		return "image/jpeg"
	case s == "\x89PNG\r\n\x1a\n":
		return "image/png"
	}
	return ""
}

// AddDocument stores a document encrypted in the blob store and attaches
// it to an open dossier (a supplement usually arrives this way).
func (s *Service) AddDocument(ctx context.Context, u auth.User, up Upload, trail audit.Entry) (Document, error) {
	if err := canAct(u); err != nil {
		return Document{}, err
	}
	if s.cfg.Blobs == nil {
		return Document{}, apperr.New(apperr.Internal, "no blob store is configured for documents")
	}
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
		return Document{}, apperr.WithFields("invalid document", bad...)
	}
	if len(up.DossierID) > 64 {
		return Document{}, apperr.New(apperr.NotFound, "no dossier with that id")
	}
	// Check before storing anything, then store outside the transaction
	// (a rolled-back attach leaves an unreferenced encrypted file only).
	cur, err := s.cfg.Store.Dossier(ctx, up.DossierID)
	if err != nil {
		return Document{}, err
	}
	if err := s.visible(u, &cur); err != nil {
		return Document{}, err
	}
	ref, err := s.cfg.Blobs.Put(ctx, up.Data)
	if err != nil {
		return Document{}, err
	}
	now := s.cfg.Now().UTC()
	doc := Document{ID: s.cfg.NewID(), Kind: up.Kind, Name: up.Name, MediaType: media, Size: len(up.Data), Ref: ref,
		UploadedAt: now, UploadedBy: u.Username}
	err = s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		d, err := s.cfg.Store.LockDossier(ctx, up.DossierID)
		if err != nil {
			return err
		}
		if err := s.visible(u, &d); err != nil {
			return err
		}
		if !d.State.Open() {
			return apperr.New(apperr.Conflict, "documents are attached to open dossiers; this one is %s", d.State)
		}
		d.Documents = append(d.Documents, doc)
		prev := d.Version
		d.Version, d.UpdatedAt = d.Version+1, now
		if err := s.cfg.Store.UpdateDossier(ctx, d, prev, nil); err != nil {
			return err
		}
		trail.Fields = []string{"documents"}
		return s.record(ctx, trail, AuditDocument, &d)
	})
	if err != nil {
		return Document{}, err
	}
	return doc, nil
}

// Document returns an attached document's description and content,
// within u's jurisdiction; the caller audits the disclosure.
func (s *Service) Document(ctx context.Context, u auth.User, dossierID, docID string) (Document, []byte, error) {
	v, err := s.Dossier(ctx, u, dossierID)
	if err != nil {
		return Document{}, nil, err
	}
	for _, doc := range v.Documents {
		if doc.ID == docID {
			data, err := s.cfg.Blobs.Get(ctx, doc.Ref)
			return doc, data, err
		}
	}
	return Document{}, nil, apperr.New(apperr.NotFound, "the dossier has no document %s", docID)
}
