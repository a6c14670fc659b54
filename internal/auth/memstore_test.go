package auth_test

import (
	"context"
	"sync"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

// memStore is an in-memory auth.Store for the service's unit tests; the
// SQL adapters have their own tests on both engines.
type memStore struct {
	mu       sync.Mutex
	users    map[string]auth.User // by id
	hashes   map[string]string    // by id
	sessions map[string]auth.Session
}

func newMemStore() *memStore {
	return &memStore{users: map[string]auth.User{}, hashes: map[string]string{}, sessions: map[string]auth.Session{}}
}

func notFound() error { return apperr.New(apperr.NotFound, "not found") }

func (m *memStore) CreateUser(_ context.Context, u auth.User, hash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, o := range m.users {
		if o.Username == u.Username {
			return apperr.New(apperr.Conflict, "username taken")
		}
	}
	m.users[u.ID], m.hashes[u.ID] = u, hash
	return nil
}

func (m *memStore) UserByUsername(_ context.Context, name string) (auth.User, string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range m.users {
		if u.Username == name {
			return u, m.hashes[u.ID], nil
		}
	}
	return auth.User{}, "", notFound()
}

func (m *memStore) UserByID(_ context.Context, id string) (auth.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[id]
	if !ok {
		return u, notFound()
	}
	return u, nil
}

func (m *memStore) ListUsers(context.Context) ([]auth.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []auth.User
	for _, u := range m.users {
		out = append(out, u)
	}
	return out, nil
}

func (m *memStore) SetPassword(_ context.Context, id, hash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.hashes[id] = hash
	return nil
}

func (m *memStore) SetDisabled(_ context.Context, id string, disabled bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	u := m.users[id]
	u.Disabled = disabled
	m.users[id] = u
	return nil
}

func (m *memStore) CreateSession(_ context.Context, s auth.Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sessions[s.TokenHash] = s
	return nil
}

func (m *memStore) SessionByTokenHash(_ context.Context, h string) (auth.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[h]
	if !ok {
		return s, notFound()
	}
	s.User = m.users[s.UserID]
	return s, nil
}

func (m *memStore) TouchSession(_ context.Context, h string, t time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.sessions[h]
	s.LastSeen = t
	m.sessions[h] = s
	return nil
}

func (m *memStore) DeleteSession(_ context.Context, h string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, h)
	return nil
}

func (m *memStore) DeleteUserSessions(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for h, s := range m.sessions {
		if s.UserID == id {
			delete(m.sessions, h)
		}
	}
	return nil
}

func (m *memStore) DeleteExpiredSessions(_ context.Context, idle, created time.Time) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var n int64
	for h, s := range m.sessions {
		if s.LastSeen.Before(idle) || s.CreatedAt.Before(created) {
			delete(m.sessions, h)
			n++
		}
	}
	return n, nil
}
