// Package gl106 holds the testdata of GL106 (a send on a closed channel,
// or a second close).
//
// Sending on a closed channel panics, and so does closing a channel twice.
// The rule looks for orders that are evident inside one function: a
// close(ch) followed, on some path, by ch <- v or by another close(ch) on
// the same channel (the same local variable, or the same field such as
// s.quit) with no assignment to it in between. The expectation sits on the
// operation that panics: the send, the close that executes second, or the
// `defer close(ch)` when the function also closes ch explicitly (the
// deferred close runs last, at return). A path ends at the first
// operation that panics.
package gl106

import (
	"log"
	"net"
	"sync"
	"time"
)

// serverEvent is published to observers of the server lifecycle.
type serverEvent struct {
	kind string
	at   time.Time
}

// relayServer relays connections to a backend.
type relayServer struct {
	ln       net.Listener
	quit     chan struct{}
	events   chan serverEvent
	active   sync.WaitGroup
	draining bool
}

func newRelayServer(ln net.Listener) *relayServer {
	return &relayServer{
		ln:     ln,
		quit:   make(chan struct{}),
		events: make(chan serverEvent, 8),
	}
}

// stop closes quit so the accept loop and the handlers return, then waits
// for the handlers. The forced path below was copied from forceStop,
// which closes quit itself: when draining times out, quit is closed a
// second time in the same call.
func (s *relayServer) stop(grace time.Duration) {
	close(s.quit)
	s.ln.Close()
	done := make(chan struct{})
	go func() {
		s.active.Wait()
		close(done)
	}()
	select {
	case <-done:
		return
	case <-time.After(grace):
	}
	if s.draining {
		log.Printf("relay: drain timed out after %v, forcing", grace)
		close(s.quit) // want "GL106"
	}
}

// shutdownNotify tells observers the server stopped. The close of the
// events channel (which ends the observers' range loops) was moved up
// during a cleanup, ahead of the final event: the send now hits a closed
// channel.
func (s *relayServer) shutdownNotify() {
	s.ln.Close()
	close(s.events)
	s.events <- serverEvent{kind: "stopped", at: time.Now()} // want "GL106"
}

// forceStop closes quit exactly once; fine on its own.
func (s *relayServer) forceStop() {
	close(s.quit)
	s.ln.Close()
}
