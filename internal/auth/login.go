package auth

import (
	"context"
	"sync"
	"time"

	"dancu/internal/apperr"
)

// errWrongCredentials never says whether the username exists, is disabled
// or the password is wrong.
func errWrongCredentials() error {
	return apperr.New(apperr.Unauthenticated, "wrong username or password")
}

func errNoSession() error {
	return apperr.New(apperr.Unauthenticated, "missing, invalid or expired session; log in again")
}

// RetryAfterError is the cause inside a RateLimited error; the HTTP layer
// turns it into a Retry-After header.
type RetryAfterError struct{ Wait time.Duration }

func (e *RetryAfterError) Error() string             { return "retry after " + e.Wait.String() }
func (e *RetryAfterError) RetryAfter() time.Duration { return e.Wait }

// dummyHash is verified against when the username is unknown, so that the
// answer takes as long as for a known one.
type dummyHash struct {
	once sync.Once
	hash string
}

func (s *Service) dummyHash() string {
	s.dummy.once.Do(func() {
		s.dummy.hash, _ = HashPassword("not-a-real-password-0000", s.params)
	})
	return s.dummy.hash
}

// Login checks a username and password and opens a session. It returns
// the token, which only the client keeps.
func (s *Service) Login(ctx context.Context, username, password, clientIP string) (string, User, error) {
	username = normalizeUsername(username)
	now := s.now()
	keys := []string{"user:" + username}
	if clientIP != "" {
		keys = append(keys, "ip:"+clientIP)
	}
	for _, k := range keys {
		if wait := s.failures.retryAfter(k, now); wait > 0 {
			s.log.WarnContext(ctx, "login refused: too many failures", "username", username, "client_ip", clientIP)
			return "", User{}, &apperr.Error{Code: apperr.RateLimited,
				Message: "too many failed logins; try again later", Err: &RetryAfterError{Wait: wait}}
		}
	}
	u, ok, err := s.checkPassword(ctx, username, password)
	if err != nil {
		return "", User{}, err
	}
	if !ok {
		for _, k := range keys {
			s.failures.fail(k, now)
		}
		s.log.InfoContext(ctx, "login failed", "username", username, "client_ip", clientIP)
		return "", User{}, errWrongCredentials()
	}
	s.failures.reset(keys[0])
	token, err := s.openSession(ctx, u, now)
	if err != nil {
		return "", User{}, err
	}
	s.log.InfoContext(ctx, "login", "user_id", u.ID, "client_ip", clientIP)
	return token, u, nil
}

// checkPassword reports whether the credentials name an enabled user.
func (s *Service) checkPassword(ctx context.Context, username, password string) (User, bool, error) {
	u, hash, err := s.store.UserByUsername(ctx, username)
	found := err == nil
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return User{}, false, err
	}
	if !found {
		hash = s.dummyHash()
	}
	var ok bool
	var verr error
	if err := s.withHashSlot(ctx, func() { ok, verr = VerifyPassword(password, hash) }); err != nil {
		return User{}, false, apperr.Wrap(err, "login interrupted")
	}
	if verr != nil {
		return User{}, false, apperr.Wrap(verr, "stored password hash of user %s is unreadable", u.ID)
	}
	return u, ok && found && !u.Disabled, nil
}

func (s *Service) openSession(ctx context.Context, u User, now time.Time) (string, error) {
	token, err := newToken()
	if err != nil {
		return "", apperr.Wrap(err, "open session")
	}
	sess := Session{TokenHash: HashToken(token), UserID: u.ID, CreatedAt: now, LastSeen: now}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return "", err
	}
	return token, nil
}

// Authenticate returns the user of a session token, sliding its idle
// deadline. Any failure is the same Unauthenticated error.
func (s *Service) Authenticate(ctx context.Context, token string) (User, error) {
	if !plausibleToken(token) {
		return User{}, errNoSession()
	}
	hash := HashToken(token)
	sess, err := s.store.SessionByTokenHash(ctx, hash)
	if apperr.Is(err, apperr.NotFound) {
		return User{}, errNoSession()
	}
	if err != nil {
		return User{}, err
	}
	now := s.now()
	if now.Sub(sess.LastSeen) >= s.idle || now.Sub(sess.CreatedAt) >= s.absolute {
		if err := s.store.DeleteSession(ctx, hash); err != nil && !apperr.Is(err, apperr.NotFound) {
			s.log.WarnContext(ctx, "delete expired session", "user_id", sess.UserID, "err", err)
		}
		return User{}, errNoSession()
	}
	if sess.User.Disabled {
		return User{}, errNoSession()
	}
	if now.Sub(sess.LastSeen) >= s.touchEvery {
		if err := s.store.TouchSession(ctx, hash, now); err != nil {
			return User{}, err
		}
	}
	return sess.User, nil
}

// ExpiresAt is when a session used at lastSeen and opened at createdAt
// ends if not used again.
func (s *Service) ExpiresAt(createdAt, lastSeen time.Time) time.Time {
	idle, abs := lastSeen.Add(s.idle), createdAt.Add(s.absolute)
	if abs.Before(idle) {
		return abs
	}
	return idle
}

// Logout ends the session of token. Logging out twice is not an error.
func (s *Service) Logout(ctx context.Context, token string) error {
	if !plausibleToken(token) {
		return nil
	}
	err := s.store.DeleteSession(ctx, HashToken(token))
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return err
	}
	return nil
}

// PurgeSessions deletes expired sessions; run it now and then.
func (s *Service) PurgeSessions(ctx context.Context) (int64, error) {
	now := s.now()
	n, err := s.store.DeleteExpiredSessions(ctx, now.Add(-s.idle), now.Add(-s.absolute))
	if err != nil {
		return 0, err
	}
	return n, nil
}
