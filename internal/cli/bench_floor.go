package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"dancu/internal/bench"
)

// floorServer serves bench.Floor on a free local port: each request
// appends one entry and is answered once it is durable, and nothing else
// (no routing, no authentication, no store). wrk against it measures the
// durable floor under the audited reads.
type floorServer struct {
	url   string
	floor *bench.Floor
	srv   *http.Server
	done  chan error
}

// startFloorServer opens the floor's file in dir and serves it.
func startFloorServer(dir string) (*floorServer, error) {
	floor, err := bench.OpenFloor(dir)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		floor.Close()
		return nil, fmt.Errorf("durable floor: listen: %w", err)
	}
	s := &floorServer{url: "http://" + ln.Addr().String() + "/", floor: floor, done: make(chan error, 1)}
	s.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if err := floor.Append(); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Write([]byte("ok\n"))
	}), ReadHeaderTimeout: 5 * time.Second}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the server and removes the floor's file.
func (s *floorServer) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if serr := <-s.done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return errors.Join(err, s.floor.Close())
}
