// Package istio18454 is modelled on the shape of istio#18454: a debouncing
// strategy runs its event loop through a worker helper that starts the func
// it is given; once Close cancels the worker's context the loop returns, and
// a later OnChange blocks forever on its plain send of the reset signal.
package istio18454

import (
	"context"
	"sync"
	"time"
)

// Worker runs one func in a goroutine until its context is cancelled.
type Worker struct {
	ctx       context.Context
	ctxCancel context.CancelFunc
}

func newWorker() *Worker {
	ctx, cancel := context.WithCancel(context.Background())
	return &Worker{ctx: ctx, ctxCancel: cancel}
}

// Start runs setupFn in place and runFn in a new goroutine.
func (w *Worker) Start(setupFn func(), runFn func(c context.Context)) {
	if setupFn != nil {
		setupFn()
	}
	go func() {
		runFn(w.ctx)
	}()
}

// Stop cancels the worker's context.
func (w *Worker) Stop() {
	w.ctxCancel()
}

// Strategy publishes changes at most once per timerFrequency.
type Strategy struct {
	timer          *time.Timer
	timerFrequency time.Duration
	stateLock      sync.Mutex
	resetChan      chan struct{}
	worker         *Worker
	publish        func()
}

func newStrategy(frequency time.Duration, publish func()) *Strategy {
	return &Strategy{
		timerFrequency: frequency,
		resetChan:      make(chan struct{}),
		worker:         newWorker(),
		publish:        publish,
	}
}

// OnChange starts the timer, or resets it when it runs already.
func (s *Strategy) OnChange() {
	s.stateLock.Lock()
	if s.timer != nil {
		s.stateLock.Unlock()
		s.resetChan <- struct{}{} // want "GL101"
		return
	}
	s.startTimer()
	s.stateLock.Unlock()
}

func (s *Strategy) startTimer() {
	s.timer = time.NewTimer(s.timerFrequency)
	eventLoop := func(ctx context.Context) {
		for {
			select {
			case <-s.timer.C:
				s.publish()
			case <-s.resetChan:
				s.timer.Reset(s.timerFrequency)
			case <-ctx.Done():
				return
			}
		}
	}
	s.worker.Start(nil, eventLoop)
}

// Close stops the event loop.
func (s *Strategy) Close() {
	s.worker.Stop()
}

// fixedStrategy has the shape we recall the upstream fix took: the reset is sent in a
// select that also watches the worker's context.
type fixedStrategy struct {
	timer          *time.Timer
	timerFrequency time.Duration
	stateLock      sync.Mutex
	resetChan      chan struct{}
	worker         *Worker
	publish        func()
}

func newFixedStrategy(frequency time.Duration, publish func()) *fixedStrategy {
	return &fixedStrategy{
		timerFrequency: frequency,
		resetChan:      make(chan struct{}),
		worker:         newWorker(),
		publish:        publish,
	}
}

func (s *fixedStrategy) onChange() {
	s.stateLock.Lock()
	if s.timer != nil {
		s.stateLock.Unlock()
		select {
		case s.resetChan <- struct{}{}:
		case <-s.worker.ctx.Done():
		}
		return
	}
	s.startTimer()
	s.stateLock.Unlock()
}

func (s *fixedStrategy) startTimer() {
	s.timer = time.NewTimer(s.timerFrequency)
	eventLoop := func(ctx context.Context) {
		for {
			select {
			case <-s.timer.C:
				s.publish()
			case <-s.resetChan:
				s.timer.Reset(s.timerFrequency)
			case <-ctx.Done():
				return
			}
		}
	}
	s.worker.Start(nil, eventLoop)
}

func (s *fixedStrategy) close() {
	s.worker.Stop()
}
