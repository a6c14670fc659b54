package registry

import (
	"context"

	"dancu/internal/apperr"
)

// CancelIDNumber takes a record's number out of use (hủy số định danh cá
// nhân) as one version: the record holds no number, and the cancelled one
// stays linked to it so that it still finds the person and is never issued
// again. Agencies receive id_number.cancelled.
func (s *Service) CancelIDNumber(ctx context.Context, id string, meta ChangeMeta) (Citizen, error) {
	if err := CheckMeta(meta); err != nil {
		return Citizen{}, err
	}
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		var old string
		err := s.update(ctx, id, 0, func(c *Citizen) error {
			if old = c.IDNumber; old == "" {
				return apperr.New(apperr.Conflict, "the record holds no ID number")
			}
			c.CancelledIDNumbers = append(c.CancelledIDNumbers, old)
			c.IDNumber = ""
			return nil
		}, meta)
		if err != nil {
			return err
		}
		return s.CancelNumber(ctx, CancelledNumber{Number: old, CitizenID: id, Reason: meta.Reason})
	})
	if err != nil {
		return Citizen{}, err
	}
	return s.cfg.Store.Citizen(ctx, id)
}

// CancelNumber is the one home of a number's cancellation, inside the
// caller's transaction: the number stays linked to the person it was
// cancelled from (it still finds them) and names its replacement, and it is
// never issued again. The ID-number procedures (CancelIDNumber,
// ReplaceIDNumber) and the merge of duplicate records use it.
func (s *Service) CancelNumber(ctx context.Context, n CancelledNumber) error {
	if n.Number == "" || n.CitizenID == "" {
		return apperr.New(apperr.Internal, "a cancelled number names the number and its person")
	}
	if n.CancelledAt.IsZero() {
		n.CancelledAt = s.cfg.Now()
	}
	return s.cfg.Writer.CancelNumber(ctx, n)
}

// ReestablishNumber gives a cancelled number back to the person it was
// cancelled from (xác lập lại, an undone merge), inside the caller's
// transaction; no one else can receive it.
func (s *Service) ReestablishNumber(ctx context.Context, number, citizenID string) error {
	return s.cfg.Writer.RestoreNumber(ctx, number, citizenID)
}
