// Package cockroach24808 is modelled on the shape of cockroach#24808: the
// compactor's signal channel has room for one value; a test signals it, then
// Start signals it again before starting the worker that drains it, and
// Start blocks forever on its send.
package cockroach24808

import (
	"context"
	"sync"
)

// Stopper runs workers and stops them.
type Stopper struct {
	quiescer chan struct{}
	wg       sync.WaitGroup
}

func newStopper() *Stopper {
	return &Stopper{quiescer: make(chan struct{})}
}

// RunWorker runs f in a goroutine the stopper waits for.
func (s *Stopper) RunWorker(ctx context.Context, f func(context.Context)) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f(ctx)
	}()
}

// ShouldQuiesce is closed when the stopper stops.
func (s *Stopper) ShouldQuiesce() <-chan struct{} {
	return s.quiescer
}

// Stop closes the quiescer and waits for the workers.
func (s *Stopper) Stop() {
	close(s.quiescer)
	s.wg.Wait()
}

// Compactor compacts suggested spans when signalled.
type Compactor struct {
	ch        chan struct{}
	compacted int
}

func newCompactor() *Compactor {
	return &Compactor{ch: make(chan struct{}, 1)}
}

// Start signals a first pass and starts the worker.
func (c *Compactor) Start(ctx context.Context, stopper *Stopper) {
	c.ch <- struct{}{} // want "GL107"
	stopper.RunWorker(ctx, func(ctx context.Context) {
		for {
			select {
			case <-stopper.ShouldQuiesce():
				return
			case <-c.ch:
				c.compacted++
			}
		}
	})
}

// fixedCompactor signals without blocking, the shape we recall the upstream fix took.
type fixedCompactor struct {
	ch        chan struct{}
	compacted int
}

func (c *fixedCompactor) start(ctx context.Context, stopper *Stopper) {
	select {
	case c.ch <- struct{}{}:
	default:
	}
	stopper.RunWorker(ctx, func(ctx context.Context) {
		for {
			select {
			case <-stopper.ShouldQuiesce():
				return
			case <-c.ch:
				c.compacted++
			}
		}
	})
}
