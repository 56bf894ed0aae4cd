package gl107

import (
	"errors"
	"net"
	"net/http"
)

// server starts an HTTP server and reports its first error.
type server struct {
	addr string
	mux  *http.ServeMux
}

// start validates the address and sends the error on errc, which it made
// a moment ago: the goroutine that would receive is started only further
// down, so the send blocks forever and start never returns.
func (s *server) start() error {
	errc := make(chan error)
	if s.addr == "" {
		errc <- errors.New("server: empty address") // want "GL107"
		return <-errc
	}
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return err
	}
	go func() {
		errc <- http.Serve(ln, s.mux)
	}()
	return <-errc
}

// startChecked is the corrected variant: the early error is returned, and
// the channel is only used once the goroutine that sends on it runs.
func (s *server) startChecked() error {
	if s.addr == "" {
		return errors.New("server: empty address")
	}
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return err
	}
	errc := make(chan error)
	go func() {
		errc <- http.Serve(ln, s.mux) // ok: startChecked receives
	}()
	return <-errc
}

// startAll reports the first failing listener on a channel with room for
// one error; the second failure finds the buffer full, and the collecting
// goroutine is only started after the loop.
func startAll(addrs []string, mux *http.ServeMux) error {
	errc := make(chan error, 1)
	var lns []net.Listener
	for _, a := range addrs {
		ln, err := net.Listen("tcp", a)
		if err != nil {
			errc <- err // want "GL107"
			continue
		}
		lns = append(lns, ln)
	}
	go func() {
		errc <- serveAll(lns, mux)
	}()
	return <-errc
}

// serveAll serves on every listener and returns the first error.
func serveAll(lns []net.Listener, mux *http.ServeMux) error {
	for _, ln := range lns {
		if err := http.Serve(ln, mux); err != nil {
			return err
		}
	}
	return nil
}

// startFirst is fine: one send into a buffer of one before the receiver
// starts, then the function returns what it put there.
func startFirst(addr string, mux *http.ServeMux) error {
	errc := make(chan error, 1)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		errc <- err // ok: the buffer has room for it
		return <-errc
	}
	go func() {
		errc <- http.Serve(ln, mux)
	}()
	return <-errc
}
