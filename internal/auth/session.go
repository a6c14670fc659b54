package auth

import (
	"context"
	"time"

	"dancu/internal/apperr"
)

func errNoSession() error {
	return apperr.New(apperr.Unauthenticated, "missing, invalid or expired session; log in again")
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
	now := s.now()
	sess, cached := s.sessions.get(hash, now)
	if !cached {
		var err error
		sess, err = s.store.SessionByTokenHash(ctx, hash)
		if apperr.Is(err, apperr.NotFound) {
			return User{}, errNoSession()
		}
		if err != nil {
			return User{}, err
		}
	}
	if now.Sub(sess.LastSeen) >= s.idle || now.Sub(sess.CreatedAt) >= s.absolute {
		s.sessions.evict(hash)
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
		sess.LastSeen = now
		cached = false
	}
	if !cached {
		s.sessions.put(sess, now)
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
	s.sessions.evict(HashToken(token))
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
