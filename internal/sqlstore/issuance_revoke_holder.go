package sqlstore

import (
	"context"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

// RevokeHolderCards implements issuance.HolderCards: inside the caller's
// transaction, every produced or active card of the citizen is revoked and
// a card.revoked event queued for each.
func (d *Issuance) RevokeHolderCards(ctx context.Context, citizenID, reason string, at time.Time) error {
	tx, err := mustTx(ctx, "revoke a holder's cards")
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT number FROM cards WHERE citizen_id = $1 AND state IN ('produced', 'active') ORDER BY number`+d.dialect.forUpdate, citizenID)
	if err != nil {
		return apperr.Wrap(err, "read the holder's cards")
	}
	var numbers []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return apperr.Wrap(err, "read the holder's cards")
		}
		if len(numbers) == 0 || numbers[len(numbers)-1] != n { // successive cards share the number
			numbers = append(numbers, n)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "read the holder's cards")
	}
	if len(numbers) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cards SET state = 'revoked', revoked_at = $2, revoked_reason = $3
		WHERE citizen_id = $1 AND state IN ('produced', 'active')`, citizenID, d.dialect.timeArg(at), reason); err != nil {
		return apperr.Wrap(err, "revoke the holder's cards")
	}
	for _, n := range numbers {
		if err := d.appendEvent(ctx, tx, share.EventCardRevoked, at, citizenID, map[string]string{"id_number": n, "reason": reason}); err != nil {
			return err
		}
	}
	return nil
}
