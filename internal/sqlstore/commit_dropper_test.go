package sqlstore_test

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// commitDropper is a TCP proxy in front of PostgreSQL that breaks one
// connection at its COMMIT: the connection whose transaction carried a
// marker (a write's idempotency key, seen in its Bind parameters) has its
// COMMIT either forwarded and the server's answer swallowed (the write
// committed, the client cannot know) or not forwarded at all (it did not
// commit); then both sides are closed. Once, after arm.
type commitDropper struct {
	ln      net.Listener
	target  string
	mu      sync.Mutex
	marker  []byte
	forward bool // forward the COMMIT before breaking the connection
	dropped atomic.Int32
}

func startCommitDropper(t *testing.T, target string) *commitDropper {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &commitDropper{ln: ln, target: target}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.relay(c)
		}
	}()
	return p
}

func (p *commitDropper) arm(marker string, forward bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.marker, p.forward = []byte(marker), forward
}

// take returns whether to break this COMMIT (and disarms), and how.
func (p *commitDropper) take() (drop, forward bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.marker == nil {
		return false, false
	}
	p.marker = nil
	p.dropped.Add(1)
	return true, p.forward
}

func (p *commitDropper) markerIn(msg []byte) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.marker != nil && bytes.Contains(msg, p.marker)
}

func (p *commitDropper) relay(client net.Conn) {
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		return
	}
	var doomed atomic.Bool // the COMMIT went out: swallow its answer, then close
	closeBoth := func() { client.Close(); server.Close() }
	go func() { // server → client, a message at a time
		defer closeBoth()
		for {
			msg, err := readMessage(server, true)
			if err != nil {
				return
			}
			if doomed.Load() {
				if msg[0] == 'Z' { // ReadyForQuery after the COMMIT: it is done
					return
				}
				continue
			}
			if _, err := client.Write(msg); err != nil {
				return
			}
		}
	}()
	defer closeBoth()
	marked := false
	for first := true; ; first = false {
		msg, err := readMessage(client, !first) // the startup message has no type byte
		if err != nil {
			return
		}
		if !first && p.markerIn(msg) {
			marked = true
		}
		if marked && (msg[0] == 'Q' || msg[0] == 'P') && bytes.Contains(bytes.ToLower(msg[5:]), []byte("commit")) {
			if drop, forward := p.take(); drop {
				if !forward {
					return
				}
				doomed.Store(true)
			}
			marked = false
		}
		if _, err := server.Write(msg); err != nil {
			return
		}
	}
}

// readMessage reads one protocol message: a type byte (when typed) and a
// length that counts itself.
func readMessage(r io.Reader, typed bool) ([]byte, error) {
	head := 4
	if typed {
		head = 5
	}
	msg := make([]byte, head)
	if _, err := io.ReadFull(r, msg); err != nil {
		return nil, err
	}
	n := int(binary.BigEndian.Uint32(msg[head-4:]))
	if n < 4 || n > 64<<20 {
		return nil, io.ErrUnexpectedEOF
	}
	msg = append(msg, make([]byte, n-4)...)
	_, err := io.ReadFull(r, msg[head:])
	return msg, err
}
