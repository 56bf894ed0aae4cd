package gl201

import (
	"sync"
	"sync/atomic"
)

// taskStopperOK's quiesce marks the stopper draining under the lock and
// waits without it.
type taskStopperOK struct {
	mu       sync.Mutex
	draining int32
	drain    sync.WaitGroup
	tasks    int
}

func (s *taskStopperOK) startTask() bool {
	if atomic.LoadInt32(&s.draining) != 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tasks++
	s.drain.Add(1)
	return true
}

func (s *taskStopperOK) finishTask() {
	s.drain.Done()
}

func (s *taskStopperOK) runTask(f func()) bool {
	if !s.startTask() {
		return false
	}
	defer s.finishTask()
	f()
	return true
}

func (s *taskStopperOK) quiesce() {
	s.mu.Lock()
	atomic.StoreInt32(&s.draining, 1)
	s.mu.Unlock()
	s.drain.Wait()
	atomic.StoreInt32(&s.draining, 0)
}

func (s *taskStopperOK) resolveAll(names []string) {
	for _, n := range names {
		go s.runTask(func() {
			s.runTask(func() { _ = n })
		})
	}
	s.quiesce()
}

// simpleRunner's tasks never take its lock: they only count.
type simpleRunner struct {
	mu    sync.Mutex
	wg    sync.WaitGroup
	done  atomic.Int64
	state string
}

func (r *simpleRunner) run(f func()) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		f()
	}()
}

func (r *simpleRunner) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.state = "stopping"
	r.wg.Wait()
	r.state = "stopped"
}

func (r *simpleRunner) startCounting(n int) {
	for i := 0; i < n; i++ {
		r.run(func() { r.done.Add(1) })
	}
}

// uploadBatchOK's uploaders record under their own lock, not the one
// flush holds.
type uploadBatchOK struct {
	mu      sync.Mutex
	resMu   sync.Mutex
	wg      sync.WaitGroup
	results map[string]error
}

func (b *uploadBatchOK) start(keys []string, upload func(string) error) {
	for _, k := range keys {
		b.wg.Add(1)
		go func(k string) {
			defer b.wg.Done()
			err := upload(k)
			b.resMu.Lock()
			b.results[k] = err
			b.resMu.Unlock()
		}(k)
	}
}

func (b *uploadBatchOK) flush() map[string]error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.wg.Wait()
	return b.results
}

// blockedWaiters holds mu only as a signal: the goroutine that unlocks it
// lets the waiters through, so the Wait holds nothing they need.
func blockedWaiters(n int, release func()) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	mu.Lock()
	go func() {
		release()
		mu.Unlock()
	}()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			mu.Unlock()
		}()
	}
	wg.Wait()
}
