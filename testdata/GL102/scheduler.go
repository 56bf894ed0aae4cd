package gl102

import (
	"sort"
	"sync"
	"time"
)

// timerTask runs fn at or after due.
type timerTask struct {
	due time.Time
	fn  func()
}

// taskScheduler keeps tasks ordered by due time and runs them from a
// single goroutine.
//
// Adding a task must wake the loop so it can recompute its sleep. add sends
// on wakeup, but the loop was changed to block on rescan, a channel
// introduced for a planned "rescan now" API that was never written. Nothing
// sends on or closes rescan, so once the queue is empty the loop sleeps
// forever and later tasks never run.
type taskScheduler struct {
	mu     sync.Mutex
	tasks  []timerTask
	wakeup chan struct{}
	rescan chan struct{}
	halt   chan struct{}
	exited chan struct{}
}

func newTaskScheduler() *taskScheduler {
	s := &taskScheduler{
		wakeup: make(chan struct{}, 1),
		rescan: make(chan struct{}),
		halt:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	go s.loop()
	return s
}

func (s *taskScheduler) add(t timerTask) {
	s.mu.Lock()
	s.tasks = append(s.tasks, t)
	sort.Slice(s.tasks, func(i, j int) bool { return s.tasks[i].due.Before(s.tasks[j].due) })
	s.mu.Unlock()
	select {
	case s.wakeup <- struct{}{}:
	default:
	}
}

func (s *taskScheduler) loop() {
	defer close(s.exited)
	for {
		s.mu.Lock()
		if len(s.tasks) == 0 {
			s.mu.Unlock()
			<-s.rescan // want "GL102"
			continue
		}
		next := s.tasks[0]
		s.mu.Unlock()
		select {
		case <-s.halt:
			return
		case <-s.wakeup:
			continue
		case <-time.After(time.Until(next.due)):
		}
		s.mu.Lock()
		s.tasks = s.tasks[1:]
		s.mu.Unlock()
		next.fn()
	}
}

// stop is fine: loop closes s.exited when it returns (the deferred close
// in loop counts, whichever method it is in).
func (s *taskScheduler) stop() {
	close(s.halt)
	<-s.exited
}
