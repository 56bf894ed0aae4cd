package gl201

import (
	"sync"
	"sync/atomic"
)

// taskStopper runs tasks and drains them; its quiesce waits for the
// running tasks with the lock held, and a task that starts a nested task
// takes the lock in startTask, so its deferred finishTask never runs.
type taskStopper struct {
	mu       sync.Mutex
	draining int32
	drain    sync.WaitGroup
	tasks    int
}

func (s *taskStopper) startTask() bool {
	if atomic.LoadInt32(&s.draining) != 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tasks++
	s.drain.Add(1)
	return true
}

func (s *taskStopper) finishTask() {
	s.drain.Done()
}

func (s *taskStopper) runTask(f func()) bool {
	if !s.startTask() {
		return false
	}
	defer s.finishTask()
	f()
	return true
}

func (s *taskStopper) quiesce() {
	s.mu.Lock()
	defer s.mu.Unlock()
	atomic.StoreInt32(&s.draining, 1)
	s.drain.Wait() // want "GL201"
	atomic.StoreInt32(&s.draining, 0)
}

func (s *taskStopper) resolveAll(names []string) {
	for _, n := range names {
		go s.runTask(func() {
			s.runTask(func() { _ = n })
		})
	}
	s.quiesce()
}

// uploadBatch's uploaders record their result under the batch's lock
// once they are done, while flush waits for them holding it.
type uploadBatch struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	results map[string]error
}

func (b *uploadBatch) start(keys []string, upload func(string) error) {
	for _, k := range keys {
		b.wg.Add(1)
		go func(k string) {
			defer b.wg.Done()
			err := upload(k)
			b.record(k, err)
		}(k)
	}
}

func (b *uploadBatch) record(k string, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.results[k] = err
}

func (b *uploadBatch) flush() map[string]error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.wg.Wait() // want "GL201"
	return b.results
}
