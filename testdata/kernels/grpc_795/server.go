// Package grpc795 is modelled on the shape of grpc#795: the server's
// GracefulStop, on a second call (the server already draining), takes its
// lock again where it meant to release it before returning. The second
// `Lock` blocks the stopping goroutine forever, and every later `Serve`
// and `Stop` with it.
package grpc795

import "sync"

type conn struct{ id int }

type Server struct {
	mu    sync.Mutex
	lis   map[string]bool
	conns map[*conn]bool
	drain bool
}

func NewServer() *Server {
	return &Server{lis: make(map[string]bool), conns: make(map[*conn]bool)}
}

// Serve registers a listener.
func (s *Server) Serve(addr string) {
	s.mu.Lock()
	s.lis[addr] = true
	s.mu.Unlock()
}

// GracefulStop stops accepting and lets pending RPCs finish.
func (s *Server) GracefulStop() {
	s.mu.Lock()
	if s.drain {
		s.mu.Lock() // want "GL202"
		return      // want "GL203"
	}
	s.drain = true
	for l := range s.lis {
		delete(s.lis, l)
	}
	s.mu.Unlock()
}

// gracefulStopFixed is upstream's fix: the early return releases the lock.
func (s *Server) gracefulStopFixed() {
	s.mu.Lock()
	if s.drain {
		s.mu.Unlock()
		return
	}
	s.drain = true
	for l := range s.lis {
		delete(s.lis, l)
	}
	s.mu.Unlock()
}
