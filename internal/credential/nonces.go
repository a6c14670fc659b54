package credential

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// maxNonces bounds the nonces held at once; at the bound expired ones are
// swept, and if none has expired the oldest goes.
const maxNonces = 100_000

// nonceStore keeps the wallet nonces it issued until used or expired: a
// nonce is good once. In memory, as one process issues credentials; a
// restart only makes wallets ask again.
type nonceStore struct {
	mu sync.Mutex
	m  map[string]time.Time // nonce -> expiry
}

func (n *nonceStore) issue(now time.Time) string {
	b := make([]byte, 24)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	v := base64.RawURLEncoding.EncodeToString(b)
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.m == nil {
		n.m = map[string]time.Time{}
	}
	if len(n.m) >= maxNonces {
		n.sweepLocked(now)
	}
	n.m[v] = now.Add(NonceTTL)
	return v
}

// take uses nonce v up; false when unknown, used or expired.
func (n *nonceStore) take(v string, now time.Time) bool {
	if v == "" || len(v) > 64 {
		return false
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	exp, ok := n.m[v]
	delete(n.m, v)
	return ok && now.Before(exp)
}

func (n *nonceStore) sweepLocked(now time.Time) {
	var oldest string
	var oldestExp time.Time
	for k, exp := range n.m {
		if !now.Before(exp) {
			delete(n.m, k)
		} else if oldest == "" || exp.Before(oldestExp) {
			oldest, oldestExp = k, exp
		}
	}
	if len(n.m) >= maxNonces {
		delete(n.m, oldest)
	}
}
