package eid

import (
	"context"
	"errors"
	"fmt"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
)

// RecentLogin is how old a login may be when its session changes the
// account's authenticators (registers or removes a passkey, turns the
// passkey after the password on or off). A portal session lives up to
// 8 hours; without this bound whoever picks up an unlocked phone with an
// old session could register their own passkey, which alone logs a
// level-2 account in, and take the account over. Five minutes is the
// order of WebAuthn practice (GitHub's "sudo mode" asks again after a
// few minutes' idleness): long enough for "log in again, then add the
// passkey", short enough that the citizen who logged in is the one at
// the screen. The caller that gets ErrLoginTooOld sends the citizen
// through a fresh login (OpenID Connect max_age=0) and back.
const RecentLogin = 5 * time.Minute

// maxClockSkew tolerates a login time a little ahead of this server's
// clock: the provider that stamped it may run on another machine.
const maxClockSkew = time.Minute

// ErrLoginTooOld is the cause (errors.Is) of the refusal to change an
// account's authenticators on a login older than RecentLogin, or of
// unknown age. Its apperr code is Unauthenticated: the citizen is known,
// but must authenticate again (RFC 9470's "insufficient_user_authentication").
var ErrLoginTooOld = errors.New("eid: the login is too old to change the account's authenticators")

// reasonLoginTooOld names the refusal in the audit entry's fields.
const reasonLoginTooOld = "stale_login"

// LoginRecent reports whether p's login is recent enough, at now, to
// change the account's authenticators: no older than RecentLogin and not
// further in the future than the clocks may differ. A principal without
// an authentication time (one built from a session that does not know
// it) is never recent.
func LoginRecent(p Principal, now time.Time) bool {
	if p.AuthTime.IsZero() {
		return false
	}
	age := now.Sub(p.AuthTime)
	return age <= RecentLogin && age >= -maxClockSkew
}

// requireRecentLogin refuses, and audits the refusal under action (as a
// wrong password's login is), a change of authenticators on a login that
// is not recent.
func (s *Service) requireRecentLogin(ctx context.Context, p Principal, action string) error {
	if LoginRecent(p, s.cfg.Now()) {
		return nil
	}
	if err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		return s.record(ctx, citizenTrail(p.AccountID, action), action, p.CitizenID, audit.ResultDenied, reasonLoginTooOld)
	}); err != nil {
		return err
	}
	return &apperr.Error{Code: apperr.Unauthenticated, Err: ErrLoginTooOld,
		Message: fmt.Sprintf("Hãy đăng nhập lại để thay đổi khóa truy cập: lần đăng nhập đã quá %d phút. "+
			"Log in again to change your passkeys: your login is more than %[1]d minutes old.", int(RecentLogin.Minutes()))}
}
