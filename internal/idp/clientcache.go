package idp

import (
	"context"
	"sync"
	"time"
)

// clientTTL is how long a relying party read from the store is reused:
// every token request and userinfo call needs it, and a revocation by
// another process (the CLI) reaches a server within this time, as agencies'
// suspensions do. A revocation through this service applies at once.
const clientTTL = 2 * time.Second

type cachedClient struct {
	c    Client
	hash string
	at   time.Time
}

// clientCache memoises Store.Client for clientTTL.
type clientCache struct {
	mu sync.Mutex
	m  map[string]cachedClient
}

const maxCachedClients = 10_000

func (s *Service) storedClient(ctx context.Context, id string) (Client, string, error) {
	now := s.cfg.Now()
	s.clients.mu.Lock()
	e, ok := s.clients.m[id]
	s.clients.mu.Unlock()
	if ok && now.Sub(e.at) < clientTTL && now.Sub(e.at) >= 0 {
		return e.c, e.hash, nil
	}
	c, hash, err := s.cfg.Store.Client(ctx, id)
	if err != nil {
		return c, hash, err
	}
	s.clients.mu.Lock()
	if s.clients.m == nil || len(s.clients.m) >= maxCachedClients {
		s.clients.m = map[string]cachedClient{}
	}
	s.clients.m[id] = cachedClient{c: c, hash: hash, at: now}
	s.clients.mu.Unlock()
	return c, hash, nil
}

// forgetClient drops a client changed through this service.
func (s *Service) forgetClient(id string) {
	s.clients.mu.Lock()
	delete(s.clients.m, id)
	s.clients.mu.Unlock()
}
