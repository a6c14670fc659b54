package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
)

// flowClient is the measured flows' HTTP/1.1 client: keep-alive
// connections to one server, each used by one call at a time, the request
// written and the response read (http.ReadResponse) by the calling
// goroutine itself. The benchmark's clients run in the measured process
// and their CPU counts in the CPU per flow: net/http's Transport hands
// each request to a connection's write goroutine and each response from
// its read goroutine, two goroutine wakes and a select per request, and
// allocates per request for cancellation, redirects and compression that
// these calls never use (pprof at 1M citizens: the client was a sixth of a
// flow's CPU). The bytes on the wire are those of any HTTP/1.1 client.
type flowClient struct {
	addr string // host:port
	mu   sync.Mutex
	idle []*flowConn
	// dials counts the connections opened (tests check the reuse).
	dials int
}

type flowConn struct {
	c   net.Conn
	r   *bufio.Reader
	w   *bufio.Writer
	buf []byte // the last answer's body
}

// flowRequest is one request: header lines are written as given.
type flowRequest struct {
	method, path string
	header       [][2]string
	body         []byte
}

// flowBodyMax bounds an answer's body (the flows' answers are a few KB).
const flowBodyMax = 1 << 20

// do sends req and hands the response's status and body to read. The body
// is read whole into the connection's buffer, which the next call on the
// connection reuses: read must not keep it. A connection that had been idle
// and fails before any answer (the server closed it meanwhile) is
// replaced once; the request is then sent again on a new connection.
func (fc *flowClient) do(req flowRequest, read func(status int, body []byte) error) error {
	conn, reused, err := fc.get()
	if err != nil {
		return err
	}
	resp, err := conn.roundTrip(fc.addr, req)
	if err != nil && reused {
		conn.c.Close()
		if conn, _, err = fc.dial(); err != nil {
			return err
		}
		resp, err = conn.roundTrip(fc.addr, req)
	}
	if err != nil {
		conn.c.Close()
		return err
	}
	body, err := conn.readBody(resp)
	if err != nil || resp.Close {
		conn.c.Close()
	} else {
		fc.put(conn)
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", req.method, req.path, err)
	}
	return read(resp.StatusCode, body)
}

// readBody reads resp's body into the connection's buffer.
func (c *flowConn) readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	c.buf = c.buf[:0]
	for {
		if len(c.buf) == cap(c.buf) {
			c.buf = append(c.buf, make([]byte, max(512, cap(c.buf)))...)[:len(c.buf)]
		}
		n, err := resp.Body.Read(c.buf[len(c.buf):cap(c.buf)])
		c.buf = c.buf[:len(c.buf)+n]
		if len(c.buf) > flowBodyMax {
			return nil, fmt.Errorf("answer longer than %d bytes", flowBodyMax)
		}
		if err == io.EOF {
			return c.buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func (fc *flowClient) get() (*flowConn, bool, error) {
	fc.mu.Lock()
	if n := len(fc.idle); n > 0 {
		c := fc.idle[n-1]
		fc.idle = fc.idle[:n-1]
		fc.mu.Unlock()
		return c, true, nil
	}
	fc.mu.Unlock()
	return fc.dial()
}

func (fc *flowClient) dial() (*flowConn, bool, error) {
	c, err := net.Dial("tcp", fc.addr)
	if err != nil {
		return nil, false, err
	}
	fc.mu.Lock()
	fc.dials++
	fc.mu.Unlock()
	return &flowConn{c: c, r: bufio.NewReader(c), w: bufio.NewWriter(c)}, false, nil
}

func (fc *flowClient) put(c *flowConn) {
	fc.mu.Lock()
	fc.idle = append(fc.idle, c)
	fc.mu.Unlock()
}

// close closes the idle connections.
func (fc *flowClient) close() {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	for _, c := range fc.idle {
		c.c.Close()
	}
	fc.idle = nil
}

func (c *flowConn) roundTrip(host string, req flowRequest) (*http.Response, error) {
	w := c.w
	w.WriteString(req.method)
	w.WriteByte(' ')
	w.WriteString(req.path)
	w.WriteString(" HTTP/1.1\r\nHost: ")
	w.WriteString(host)
	w.WriteString("\r\nUser-Agent: dancu-bench\r\n")
	for _, h := range req.header {
		w.WriteString(h[0])
		w.WriteString(": ")
		w.WriteString(h[1])
		w.WriteString("\r\n")
	}
	if req.body != nil || req.method == http.MethodPost {
		w.WriteString("Content-Length: ")
		w.WriteString(strconv.Itoa(len(req.body)))
		w.WriteString("\r\n")
	}
	w.WriteString("\r\n")
	w.Write(req.body)
	if err := w.Flush(); err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.method, req.path, err)
	}
	resp, err := http.ReadResponse(c.r, nil)
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("%s %s: %w", req.method, req.path, err)
	}
	return resp, nil
}
