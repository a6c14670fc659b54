package credential

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/credential/jose"
	"dancu/internal/credential/sdjwt"
	"dancu/internal/qrimage"
)

// Held is the citizen's credential as the portal shows it: the card's
// claims, the SD-JWT itself, and its state.
type Held struct {
	Credential Credential
	// Claims are every disclosable claim, by name, for the card view.
	Claims map[string]any
	Names  []string // sorted claim names, to offer subsets
}

// ForCitizen is the citizen's current credential, issued first if there
// is none or it expired (the portal's card view). It is audited as a
// disclosure to the citizen.
func (s *Service) ForCitizen(ctx context.Context, a Actor, citizenID string) (Held, error) {
	cur, err := s.cfg.Store.CurrentCredential(ctx, citizenID)
	switch {
	case apperr.Is(err, apperr.NotFound) || err == nil && !s.cfg.Now().Before(cur.ExpiresAt):
		if cur, err = s.Issue(ctx, a, citizenID, nil); err != nil {
			return Held{}, err
		}
	case err != nil:
		return Held{}, err
	}
	issued, err := sdjwt.ParseIssued(cur.SDJWT)
	if err != nil {
		return Held{}, err
	}
	h := Held{Credential: cur, Claims: map[string]any{}, Names: issued.Names()}
	for _, d := range issued.Disclosures {
		h.Claims[d.Name] = d.Value
	}
	e := a.entry(s.cfg.Now(), "credential.show", citizenID, h.Names)
	return h, audit.AppendWithin(ctx, s.cfg.Audit, e)
}

// Present makes a key-bound presentation of the chosen claims of the
// citizen's credential, signed with the custodial holder key, for
// audience with nonce. The presentation is audited.
func (s *Service) Present(ctx context.Context, a Actor, citizenID string, names []string, audience, nonce string) (string, error) {
	cur, err := s.cfg.Store.CurrentCredential(ctx, citizenID)
	if err != nil {
		return "", err
	}
	if cur.HolderKeyRef == "" {
		return "", apperr.New(apperr.Conflict, "this credential is bound to the citizen's own wallet: present it from the wallet")
	}
	issued, err := sdjwt.ParseIssued(cur.SDJWT)
	if err != nil {
		return "", err
	}
	have := issued.Names()
	for _, n := range names {
		if !slices.Contains(have, n) {
			return "", apperr.WithFields("unknown claim", apperr.FieldError{Field: "claims", Reason: n + " is not a claim of the credential"})
		}
	}
	if len(names) == 0 {
		return "", apperr.WithFields("no claim chosen", apperr.FieldError{Field: "claims", Reason: "choose at least one claim"})
	}
	key, err := s.custodialKey(ctx, cur.HolderKeyRef)
	if err != nil {
		return "", err
	}
	pres := sdjwt.Present(issued, func(n string) bool { return slices.Contains(names, n) })
	pres, err = sdjwt.Bind(pres, key, sdjwt.KeyBinding{Audience: audience, Nonce: nonce, Time: s.cfg.Now()})
	if err != nil {
		return "", err
	}
	e := a.entry(s.cfg.Now(), "credential.present", citizenID, slices.Sorted(slices.Values(names)))
	e.Purpose = audience
	return pres, audit.AppendWithin(ctx, s.cfg.Audit, e)
}

// QRAudience is the audience of a presentation shown as a QR code: the
// verifier is whoever scans it, so freshness (the KB-JWT's iat) is what
// stops a photographed code being replayed later.
const QRAudience = "urn:vn:can-cuoc-dien-tu:qr"

// QRLevel is the error correction of the credential's QR codes: level L,
// the largest capacity, since the code is shown on a screen, not printed
// and worn; a selective-disclosure presentation of the name and an age
// attestation (about 2.5 kB) does not fit at level M. The printed card's
// QR (card.QRPNG) keeps level M.
const QRLevel = qrimage.LevelL

// MaxQRBytes is what a version-40 QR code holds at QRLevel in byte mode
// (ISO/IEC 18004 table 7).
var MaxQRBytes = QRLevel.MaxBytes()

// QR presents the chosen claims as a QR code (PNG of sizePx pixels) and
// returns the text it encodes. A subset too large for a QR code (one with
// the picture) is refused: use a presentation link.
func (s *Service) QR(ctx context.Context, a Actor, citizenID string, names []string, sizePx int) ([]byte, string, error) {
	if slices.Contains(names, PictureClaim) {
		return nil, "", apperr.WithFields("the photo does not fit in a QR code", apperr.FieldError{Field: "claims", Reason: "use a presentation link for the picture"})
	}
	nonce := randomToken(12)
	pres, err := s.Present(ctx, a, citizenID, names, QRAudience, nonce)
	if err != nil {
		return nil, "", err
	}
	if len(pres) > MaxQRBytes {
		return nil, "", ErrQRTooLarge(len(pres))
	}
	png, err := QRPNG(pres, sizePx)
	return png, pres, err
}

// QRTooLarge is the message of ErrQRTooLarge, for pages that say it in
// their own words.
const QRTooLarge = "too many claims for a QR code"

// DefaultQRClaims is the subset the portal offers first: what a shop or
// a guest house checks, without the number. It must fit in a QR code.
var DefaultQRClaims = []string{"name", "age_over_18"}

// ErrQRTooLarge is the refusal of a presentation of size bytes that no
// QR code holds: it points to the presentation link.
func ErrQRTooLarge(size int) error {
	return apperr.WithFields(QRTooLarge, apperr.FieldError{Field: "claims",
		Reason: "the presentation is " + strconv.Itoa(size) + " bytes, a QR code holds " + strconv.Itoa(MaxQRBytes) +
			"; choose fewer claims, or make a short-lived presentation link instead"})
}

// QRModulePx is the fewest pixels per module of the credential's QR
// code: a phone held to a phone's screen reads 4 and up, not the single
// pixel a version-40 code got at the portal's 360 pixels.
const QRModulePx = 4

// QRPNG draws a presentation as the credential's QR code (level QRLevel),
// at least sizePx wide and QRModulePx per module.
func QRPNG(presentation string, sizePx int) ([]byte, error) {
	return qrimage.PNGMinModule(presentation, sizePx, QRModulePx, QRLevel)
}

// Link is a short-lived presentation link's secret and expiry.
type Link struct {
	Token     string
	ExpiresAt time.Time
}

// LinkAudience is the audience of presentations behind links.
func (s *Service) LinkAudience() string { return s.cfg.Issuer + PresentationsPath }

// PresentationsPath is the path of presentation links (GET {path}/{token}).
const PresentationsPath = "/api/v1/credentials/presentations"

// CreateLink stores a presentation of the chosen claims (the picture
// allowed) behind a random secret valid for the link lifetime.
func (s *Service) CreateLink(ctx context.Context, a Actor, citizenID string, names []string) (Link, error) {
	token := randomToken(32)
	pres, err := s.Present(ctx, a, citizenID, names, s.LinkAudience(), tokenHash(token))
	if err != nil {
		return Link{}, err
	}
	cur, err := s.cfg.Store.CurrentCredential(ctx, citizenID)
	if err != nil {
		return Link{}, err
	}
	now := s.cfg.Now().UTC()
	p := Presentation{TokenHash: tokenHash(token), CredentialID: cur.ID, CitizenID: citizenID, Claims: names,
		SDJWT: pres, CreatedAt: now, ExpiresAt: now.Add(s.cfg.LinkTTL)}
	if err := s.cfg.Store.InsertPresentation(ctx, p); err != nil {
		return Link{}, err
	}
	return Link{Token: token, ExpiresAt: p.ExpiresAt}, nil
}

// OpenLink verifies the presentation behind a link for whoever opens it
// (the link is the capability) and audits the disclosure.
func (s *Service) OpenLink(ctx context.Context, a Actor, token string) (Result, error) {
	if len(token) < 20 || len(token) > 64 {
		return Result{}, apperr.New(apperr.NotFound, "no such presentation link")
	}
	p, err := s.cfg.Store.PresentationByHash(ctx, tokenHash(token))
	if err != nil {
		return Result{}, err
	}
	if !s.cfg.Now().Before(p.ExpiresAt) {
		return Result{}, apperr.New(apperr.NotFound, "the presentation link has expired")
	}
	trust, err := s.trust(ctx)
	if err != nil {
		return Result{}, err
	}
	trust.Audience, trust.Nonce, trust.MaxKeyBindingAge = s.LinkAudience(), p.TokenHash, s.cfg.LinkTTL+time.Minute
	r := Check(p.SDJWT, trust, s.cfg.Now())
	e := a.entry(s.cfg.Now(), "credential.link.open", p.CitizenID, r.Disclosed)
	e.Result = r.Status
	return r, audit.AppendWithin(ctx, s.cfg.Audit, e)
}

func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return jose.B64.EncodeToString(b)
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
