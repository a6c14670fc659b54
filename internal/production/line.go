package production

import (
	"context"
	"fmt"
	"time"

	"dancu/internal/auth"
	"dancu/internal/issuance"
	"dancu/internal/pki"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// Workflow is what the line needs from card issuance.
type Workflow interface {
	Applications(ctx context.Context, u auth.User, f issuance.Filter) ([]issuance.Application, error)
	RecordProduced(ctx context.Context, system auth.User, applicationID string, c issuance.ProducedCard) (issuance.Application, error)
}

// ChipRecord locates the sealed bundle of one produced card.
type ChipRecord struct {
	ApplicationID string
	Number        string
	BlobRef       string
	DSSerial      string // the Document Signer that signed EF.SOD (hex)
	SignedAt      time.Time
}

// ChipStore records where each card's bundle is sealed.
type ChipStore interface {
	SaveChip(ctx context.Context, c ChipRecord) error
	ChipOf(ctx context.Context, number string) (ChipRecord, error)
}

// Line is the card production centre: it takes the applications in
// production, makes each card from the holder's current record and the
// application's photo, seals the result and reports the card produced.
type Line struct {
	Workflow Workflow
	Citizens interface {
		Citizen(ctx context.Context, id string) (registry.Citizen, error)
	}
	Units  *units.Catalog
	Blobs  issuance.BlobStore
	Chips  ChipStore
	Signer func(now time.Time) (pki.DocumentSigner, error)
	// System is the account the centre acts as (a ministry role).
	System auth.User
	Now    func() time.Time
}

// Failure is one application the line could not produce; it stays in
// production for the next run.
type Failure struct {
	ApplicationID string
	Err           error
}

// Report counts one run.
type Report struct {
	Produced int
	Failures []Failure
}

// vietnam dates the cards: a card made at 23:30 UTC is issued the next
// day in Hà Nội.
var vietnam = time.FixedZone("ICT", 7*3600)

// Run produces up to limit applications. One card's failure (a damaged
// photo, a record that cannot be printed) does not stop the others.
func (l *Line) Run(ctx context.Context, limit int) (Report, error) {
	var r Report
	apps, err := l.Workflow.Applications(ctx, l.System, issuance.Filter{State: issuance.InProduction, Limit: limit})
	if err != nil {
		return r, fmt.Errorf("list applications in production: %w", err)
	}
	for _, a := range apps {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		if err := l.produce(ctx, a); err != nil {
			r.Failures = append(r.Failures, Failure{ApplicationID: a.ID, Err: err})
			continue
		}
		r.Produced++
	}
	return r, nil
}

func (l *Line) produce(ctx context.Context, a issuance.Application) error {
	citizen, err := l.Citizens.Citizen(ctx, a.CitizenID)
	if err != nil {
		return fmt.Errorf("read the holder's record: %w", err)
	}
	c := Holder(citizen, l.Units)
	if a.Captures.Photo != "" {
		if c.Photo, err = l.Blobs.Get(ctx, a.Captures.Photo); err != nil {
			return fmt.Errorf("read the photo: %w", err)
		}
	}
	now := l.Now()
	if err := Dates(&c, now.In(vietnam)); err != nil {
		return err
	}
	ds, err := l.Signer(now)
	if err != nil {
		return fmt.Errorf("document signer: %w", err)
	}
	_, img, err := Chip(c, ds, now)
	if err != nil {
		return err
	}
	sealed, err := Bundle{Card: c, Chip: img.Files()}.Encode()
	if err != nil {
		return err
	}
	ref, err := l.Blobs.Put(ctx, sealed)
	if err != nil {
		return fmt.Errorf("seal the card bundle: %w", err)
	}
	rec := ChipRecord{ApplicationID: a.ID, Number: c.Number, BlobRef: ref, DSSerial: fmt.Sprintf("%x", ds.Certificate.SerialNumber), SignedAt: now}
	if err := l.Chips.SaveChip(ctx, rec); err != nil {
		return err
	}
	produced := issuance.ProducedCard{IssueDate: c.IssueDate.Earliest()}
	if !c.ExpiryDate.IsZero() {
		t := c.ExpiryDate.Earliest()
		produced.ExpiryDate = &t
	}
	_, err = l.Workflow.RecordProduced(ctx, l.System, a.ID, produced)
	return err
}
