package auth

import (
	"context"
	"time"
)

// Session is a logged-in session. Only the SHA-256 of its token is kept.
type Session struct {
	TokenHash string // hex SHA-256 of the token
	UserID    string
	CreatedAt time.Time
	LastSeen  time.Time
	// User is filled by SessionByTokenHash, so authenticating a request
	// costs one read.
	User User
}

// Store is what auth needs from storage. Implementations return
// *apperr.Error values: NotFound for unknown users and sessions, Conflict
// for a username that is taken.
type Store interface {
	CreateUser(ctx context.Context, u User, passwordHash string) error
	// UserByUsername returns the user and the encoded password hash.
	UserByUsername(ctx context.Context, username string) (User, string, error)
	UserByID(ctx context.Context, id string) (User, error)
	ListUsers(ctx context.Context) ([]User, error)
	SetPassword(ctx context.Context, userID, passwordHash string) error
	SetDisabled(ctx context.Context, userID string, disabled bool) error

	CreateSession(ctx context.Context, s Session) error
	SessionByTokenHash(ctx context.Context, tokenHash string) (Session, error)
	TouchSession(ctx context.Context, tokenHash string, lastSeen time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteUserSessions ends every session of a user (password reset,
	// disabling).
	DeleteUserSessions(ctx context.Context, userID string) error
	// DeleteExpiredSessions removes sessions idle since before idleBefore
	// or created before createdBefore.
	DeleteExpiredSessions(ctx context.Context, idleBefore, createdBefore time.Time) (int64, error)
}
