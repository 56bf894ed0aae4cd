// Package gl102 holds the testdata of GL102 (a receive that can never
// complete).
//
// A plain receive blocks until a value is sent on the channel or the
// channel is closed. When no code in the package ever sends on or closes
// the channel, and the channel never leaves the package (it is not handed
// to another package, not an exported field or variable, not a parameter
// or result of an exported function), nothing can ever wake the receiver:
// the goroutine hangs forever. A nil channel, declared but never made, is
// the degenerate case. The expectation sits on the line of the receive.
package gl102

import (
	"log"
	"net"
	"sync"
)

// Server accepts connections until Shutdown is called.
type Server struct {
	ln       net.Listener
	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	quit     chan struct{}
	stopped  chan struct{}
	handlers sync.WaitGroup
}

// NewServer returns a server that accepts on ln once started.
func NewServer(ln net.Listener) *Server {
	return &Server{
		ln:      ln,
		conns:   make(map[net.Conn]struct{}),
		quit:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
}

// Start runs the accept loop in its own goroutine.
func (s *Server) Start() { go s.run() }

// run is the accept loop. It used to `defer close(s.stopped)` so that Wait
// could return; the line was lost when the loop was rewritten, and nothing
// else in the package closes or sends on s.stopped.
func (s *Server) run() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			select {
			case <-s.quit: // fine: Shutdown closes s.quit
				return
			default:
			}
			log.Printf("accept: %v", err)
			continue
		}
		s.mu.Lock()
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.handlers.Add(1)
		go s.serve(c)
	}
}

func (s *Server) serve(c net.Conn) {
	defer s.handlers.Done()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.Close()
	}()
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		if _, err := c.Write(buf[:n]); err != nil {
			return
		}
	}
}

// Shutdown stops the accept loop and closes every open connection.
func (s *Server) Shutdown() {
	close(s.quit)
	s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
}

// Wait blocks until the accept loop has exited and every handler returned.
// The receive on s.stopped never completes: nobody closes it.
func (s *Server) Wait() {
	<-s.stopped // want "GL102"
	s.handlers.Wait()
}
