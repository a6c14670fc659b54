package eid

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// Outbox is the OTPSender of demos and tests: it appends each message as
// one JSON line to a file created 0600 in a 0700 folder (DATA/eid/
// outbox.jsonl), where the demo's reader or a test finds the code. It
// never logs a code.
type Outbox struct {
	Path string
	mu   sync.Mutex
}

// Send appends m to the file.
func (o *Outbox) Send(_ context.Context, m OTPMessage) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(o.Path), 0o700); err != nil {
		return fmt.Errorf("eid: outbox folder: %w", err)
	}
	f, err := os.OpenFile(o.Path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("eid: open outbox: %w", err)
	}
	line, err := json.Marshal(m)
	if err != nil {
		f.Close()
		return fmt.Errorf("eid: encode outbox message: %w", err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("eid: write outbox: %w", err)
	}
	return f.Close()
}

// LastCode returns the newest code sent to an account for a purpose.
func (o *Outbox) LastCode(accountID, purpose string) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	f, err := os.Open(o.Path)
	if err != nil {
		return "", fmt.Errorf("eid: open outbox: %w", err)
	}
	defer f.Close()
	var code string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m OTPMessage
		if json.Unmarshal(sc.Bytes(), &m) == nil && m.AccountID == accountID && m.Purpose == purpose {
			code = m.Code
		}
	}
	if err := sc.Err(); err != nil {
		return "", fmt.Errorf("eid: read outbox: %w", err)
	}
	if code == "" {
		return "", fmt.Errorf("eid: no %s code for account %s in the outbox", purpose, accountID)
	}
	return code, nil
}
