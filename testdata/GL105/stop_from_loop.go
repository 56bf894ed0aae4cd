package gl105

import (
	"errors"
	"log"
	"sync"
)

// A goroutine that waits for a channel only it closes, later. The close is
// usually deferred by the goroutine's main loop ("done when run returns"),
// and the wait hides in a method the loop calls: Stop, Close, Wait. While
// the loop waits it cannot return, so the deferred close never runs.

type request struct {
	op    string
	fatal bool
	reply chan error
}

// server serves requests from one goroutine.
type server struct {
	reqs    chan request
	quit    chan struct{}
	done    chan struct{}
	stopped sync.Once
}

func newServer() *server {
	s := &server{
		reqs: make(chan request),
		quit: make(chan struct{}),
		done: make(chan struct{}),
	}
	go s.run()
	return s
}

// run is the server's goroutine. On a fatal request it stops the server
// through the public Stop, which waits for run to end: run waits for
// itself.
func (s *server) run() {
	defer close(s.done)
	for {
		select {
		case <-s.quit:
			return
		case req := <-s.reqs:
			err := s.handle(req)
			req.reply <- err
			if req.fatal {
				log.Printf("fatal request %q: stopping", req.op)
				s.Stop()
			}
		}
	}
}

func (s *server) handle(req request) error {
	if req.op == "" {
		return errors.New("empty op")
	}
	return nil
}

// Stop asks run to end and waits until it has.
func (s *server) Stop() {
	s.stopped.Do(func() { close(s.quit) })
	<-s.done // want "GL105"
}

// Do sends a request and waits for its reply.
func (s *server) Do(op string, fatal bool) error {
	reply := make(chan error, 1)
	select {
	case s.reqs <- request{op: op, fatal: fatal, reply: reply}:
		return <-reply
	case <-s.done:
		return errors.New("server stopped")
	}
}

// flusher drains a batch through a helper that waits for the batch's end.
type flusher struct {
	out []string
}

// flush closes finished only when it returns, but waits for it first,
// through drain.
func (f *flusher) flush(batch []string) {
	finished := make(chan struct{})
	defer close(finished)
	f.out = append(f.out, batch...)
	f.drain(finished)
}

func (f *flusher) drain(finished chan struct{}) {
	for range finished { // want "GL105"
	}
	f.out = f.out[:0]
}
