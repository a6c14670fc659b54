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
		return s.cfg.Writer.CancelNumber(ctx, CancelledNumber{Number: old, CitizenID: id, CancelledAt: s.cfg.Now(), Reason: meta.Reason})
	})
	if err != nil {
		return Citizen{}, err
	}
	return s.cfg.Store.Citizen(ctx, id)
}
