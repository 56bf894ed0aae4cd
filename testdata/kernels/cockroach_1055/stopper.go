// Package cockroach1055 is modelled on the shape of cockroach#1055: the
// stopper's Quiesce holds its lock while it waits on the drain WaitGroup
// for the running tasks; a running task that starts another task passes
// the draining check, then blocks taking the lock in StartTask, so it
// never finishes and the drain never ends.
package cockroach1055

import (
	"sync"
	"sync/atomic"
)

// Stopper runs tasks and drains them.
type Stopper struct {
	mu       sync.Mutex
	draining int32
	drain    sync.WaitGroup
	stopper  chan struct{}
}

// NewStopper makes a stopper.
func NewStopper() *Stopper {
	return &Stopper{stopper: make(chan struct{})}
}

// StartTask registers a task unless the stopper is draining.
func (s *Stopper) StartTask() bool {
	if atomic.LoadInt32(&s.draining) == 0 {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.drain.Add(1)
		return true
	}
	return false
}

// FinishTask ends a task.
func (s *Stopper) FinishTask() {
	s.drain.Done()
}

// RunTask runs f as a task.
func (s *Stopper) RunTask(f func()) bool {
	if !s.StartTask() {
		return false
	}
	defer s.FinishTask()
	f()
	return true
}

// Quiesce waits for the running tasks with the lock held.
func (s *Stopper) Quiesce() {
	s.mu.Lock()
	defer s.mu.Unlock()
	atomic.StoreInt32(&s.draining, 1)
	s.drain.Wait() // want "GL201"
	atomic.StoreInt32(&s.draining, 0)
}

// Stop quiesces and closes the stopper.
func (s *Stopper) Stop() {
	s.Quiesce()
	close(s.stopper)
}

// fixedStopper has the fix we recall upstream made: the draining flag is
// tested under the lock, and Quiesce waits on a cond, which releases the
// lock while it waits.
type fixedStopper struct {
	mu       sync.Mutex
	drainCV  *sync.Cond
	draining bool
	numTasks int
}

func newFixedStopper() *fixedStopper {
	s := &fixedStopper{}
	s.drainCV = sync.NewCond(&s.mu)
	return s
}

func (s *fixedStopper) startTask() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.draining {
		return false
	}
	s.numTasks++
	return true
}

func (s *fixedStopper) finishTask() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.numTasks--
	s.drainCV.Broadcast()
}

func (s *fixedStopper) runTask(f func()) bool {
	if !s.startTask() {
		return false
	}
	defer s.finishTask()
	f()
	return true
}

func (s *fixedStopper) quiesce() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.draining = true
	for s.numTasks > 0 {
		s.drainCV.Wait()
	}
	s.draining = false
}
