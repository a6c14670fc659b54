package cli

import (
	"context"
	"fmt"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/eid"
	"dancu/internal/issuance"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/web/portal"
	"dancu/internal/wire"
)

// demoCitizen is a citizen's VNeID account the demo prints.
type demoCitizen struct {
	level                   int
	idNumber, name, contact string
	password                string
}

// demoEIDAccounts gives two citizens a level-2 account (verified at the
// desk with their card's captures, or the account issued with their card
// at hand-over) and two a level-1 account (self-enrolment with the card's
// photo as the selfie; the demo's matcher, eid.DemoMatcher, matches equal
// bytes). Codes are read back from the outbox file, as a phone would
// receive them. A second run sets new passwords by the recovery flow.
func (a *app) demoEIDAccounts(ctx context.Context, db *sqlstore.DB, svc *wire.Services) ([]demoCitizen, error) {
	blobs, err := a.openBlobs()
	if err != nil {
		return nil, err
	}
	bio := eid.IssuanceBiometrics{Registry: db.Citizens(), Cards: db.Issuance(), Applications: db.Issuance(), Blobs: blobs}
	outbox := &eid.Outbox{Path: a.eidOutboxPath()}
	cards, err := db.Issuance().Cards(ctx, issuance.CardActive, 400)
	if err != nil {
		return nil, err
	}
	var out []demoCitizen
	want := []int{eid.Level2, eid.Level2, eid.Level1, eid.Level1}
	for _, k := range cards {
		if len(out) == len(want) {
			break
		}
		c, err := db.Citizens().Citizen(ctx, k.CitizenID)
		if err != nil {
			return nil, err
		}
		if age, _ := c.BirthDate.AgeAt(time.Now()); age < eid.AdultAge || c.Status != registry.Alive {
			continue
		}
		ref, err := bio.CardBiometrics(ctx, c.ID)
		if err != nil || len(ref.Photo) == 0 {
			continue
		}
		dc, err := a.demoAccount(ctx, svc.EID, outbox, c, ref, want[len(out)], len(out))
		if err != nil {
			return nil, fmt.Errorf("demo VNeID account: %w", err)
		}
		if dc.level == 0 {
			continue
		}
		out = append(out, dc)
	}
	return out, nil
}

// demoAccount brings one citizen's account to level with a new password.
func (a *app) demoAccount(ctx context.Context, s *eid.Service, outbox *eid.Outbox, c registry.Citizen, ref eid.CardBiometrics, level, i int) (demoCitizen, error) {
	password := newPassword()
	dc := demoCitizen{idNumber: c.IDNumber, name: c.FullName, password: password}
	acc, err := s.AccountOfCitizen(ctx, c.ID)
	switch {
	case err == nil && acc.Status == eid.Active:
		if err := s.StartRecovery(ctx, c.IDNumber); err != nil {
			return dc, err
		}
		code, err := outbox.LastCode(acc.ID, eid.PurposeRecover)
		if err != nil {
			return dc, err
		}
		if err := s.Recover(ctx, c.IDNumber, code, password); err != nil {
			return dc, err
		}
	case err == nil && acc.Status == eid.Pending && !acc.HasPassword:
		if acc, err = activate(ctx, s, outbox, c.IDNumber, acc.ID, password); err != nil {
			return dc, err
		}
	case err == nil:
		return demoCitizen{}, nil // suspended or revoked: leave it to the officers
	case !apperr.Is(err, apperr.NotFound):
		return dc, err
	default:
		phone := c.Phone
		if phone == "" {
			phone = fmt.Sprintf("09990000%02d", i)
		}
		trail := audit.Entry{Role: audit.RoleCitizen, Route: "demo"}
		if level == eid.Level2 {
			officer := auth.User{ID: "demo", Username: "demo", Role: auth.RoleCommune, Unit: c.Permanent.Commune}
			prints := map[string][]byte{}
			for finger, png := range ref.Fingerprints {
				prints[finger] = png
				break
			}
			acc, err = s.VerifyAtDesk(ctx, officer, eid.DeskVerification{CardNumber: c.IDNumber, Photo: ref.Photo, Fingerprints: prints, Phone: phone}, trail)
		} else {
			acc, err = s.Enrol(ctx, eid.SelfEnrolment{IDNumber: c.IDNumber, FullName: c.FullName, BirthDate: c.BirthDate,
				Phone: phone, Photo: ref.Photo, Password: password}, trail)
		}
		if err != nil {
			return dc, err
		}
		if acc, err = activate(ctx, s, outbox, c.IDNumber, acc.ID, password); err != nil {
			return dc, err
		}
	}
	acc, err = s.AccountOfCitizen(ctx, c.ID)
	if err != nil {
		return dc, err
	}
	dc.level, dc.contact = acc.Level, acc.Phone+acc.Email
	return dc, nil
}

func activate(ctx context.Context, s *eid.Service, outbox *eid.Outbox, idNumber, accountID, password string) (eid.Account, error) {
	code, err := outbox.LastCode(accountID, eid.PurposeActivate)
	if err != nil {
		return eid.Account{}, err
	}
	return s.Activate(ctx, eid.Activation{Identifier: idNumber, Code: code, Password: password})
}

// printEIDAccounts says how to log in as a citizen.
func (a *app) printEIDAccounts(accounts []demoCitizen, url, province string) {
	if len(accounts) == 0 {
		return
	}
	fmt.Fprintln(a.out, "\nCitizens' VNeID accounts (log in with the ID number or the phone and the password; one-time codes go to "+a.eidOutboxPath()+"):")
	for _, c := range accounts {
		fmt.Fprintf(a.out, "  level %d  %s  %-24s phone %-11s password %s\n", c.level, c.idNumber, c.name, c.contact, c.password)
	}
	if url != "" {
		fmt.Fprintf(a.out, "  citizen portal: %s%s/ (log in with VNeID)\n", url, portal.Prefix)
		fmt.Fprintf(a.out, "  activation figures: dancu eid stats --unit %s --data %s\n", province, a.dataDir())
	}
}
