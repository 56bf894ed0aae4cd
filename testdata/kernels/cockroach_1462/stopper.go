// Package cockroach1462 is modelled on the shape of cockroach#1462: the
// local interceptable transport runs a worker under the stopper that polls
// the stopper's channel in a select with a default, and in the default
// sends each message on an unbuffered channel with a plain send; the
// handler receiving those messages returns once the stopper stops, so the
// worker blocks on its send and Stop waits for it forever.
package cockroach1462

import "sync"

// Stopper runs workers and stops them.
type Stopper struct {
	stopper chan struct{}
	stop    sync.WaitGroup
}

// NewStopper makes a stopper.
func NewStopper() *Stopper {
	return &Stopper{stopper: make(chan struct{})}
}

// RunWorker runs f in a goroutine that Stop waits for.
func (s *Stopper) RunWorker(f func()) {
	s.stop.Add(1)
	go func() {
		defer s.stop.Done()
		f()
	}()
}

// ShouldStop is closed when the stopper stops.
func (s *Stopper) ShouldStop() <-chan struct{} { return s.stopper }

// Stop closes the stopper and waits for the workers.
func (s *Stopper) Stop() {
	close(s.stopper)
	s.stop.Wait()
}

type message struct {
	from, to int
}

type localInterceptableTransport struct {
	mu       sync.Mutex
	messages chan message
	events   chan message
	stopper  *Stopper
	handled  int
}

func newLocalInterceptableTransport(stopper *Stopper) *localInterceptableTransport {
	lt := &localInterceptableTransport{
		messages: make(chan message, 100),
		events:   make(chan message),
		stopper:  stopper,
	}
	lt.start()
	return lt
}

func (lt *localInterceptableTransport) start() {
	lt.stopper.RunWorker(func() {
		for {
			select {
			case msg := <-lt.messages:
				lt.events <- msg // want "GL101"
			case <-lt.stopper.ShouldStop():
				return
			}
		}
	})
}

func (lt *localInterceptableTransport) send(msg message) {
	select {
	case lt.messages <- msg:
	case <-lt.stopper.ShouldStop():
	}
}

// handleEvents is the test's handler: it takes events until the stopper
// stops.
func (lt *localInterceptableTransport) handleEvents() {
	lt.stopper.RunWorker(func() {
		for {
			select {
			case <-lt.events:
				lt.mu.Lock()
				lt.handled++
				lt.mu.Unlock()
			case <-lt.stopper.ShouldStop():
				return
			}
		}
	})
}

type fixedTransport struct {
	messages chan message
	events   chan message
	stopper  *Stopper
}

// start has the fix we recall upstream made: the worker offers each event
// in a select that also watches the stopper.
func (lt *fixedTransport) start() {
	lt.stopper.RunWorker(func() {
		for {
			select {
			case msg := <-lt.messages:
				select {
				case lt.events <- msg:
				case <-lt.stopper.ShouldStop():
					return
				}
			case <-lt.stopper.ShouldStop():
				return
			}
		}
	})
}

func (lt *fixedTransport) handleEvents() {
	lt.stopper.RunWorker(func() {
		for {
			select {
			case <-lt.events:
			case <-lt.stopper.ShouldStop():
				return
			}
		}
	})
}
