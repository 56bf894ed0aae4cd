// Package gl203 returns with mutexes still locked.
package gl203

import (
	"errors"
	"sync"
	"time"
)

var errClosed = errors.New("closed")

type store struct {
	mu     sync.Mutex
	closed bool
	data   map[string][]byte
}

// Put forgets the unlock on its early return.
func (s *store) Put(k string, v []byte) error {
	s.mu.Lock()
	if s.closed {
		return errClosed // want "GL203"
	}
	s.data[k] = v
	s.mu.Unlock()
	return nil
}

type queue struct {
	mu    sync.RWMutex
	items []int
}

// Peek returns early with the read lock held.
func (q *queue) Peek() (int, bool) {
	q.mu.RLock()
	if len(q.items) == 0 {
		return 0, false // want "GL203"
	}
	v := q.items[0]
	q.mu.RUnlock()
	return v, true
}

// Drain returns from inside its loop with the lock held.
func (q *queue) Drain(stop func(int) bool) int {
	n := 0
	q.mu.Lock()
	for _, it := range q.items {
		if stop(it) {
			return n // want "GL203"
		}
		n++
	}
	q.items = nil
	q.mu.Unlock()
	return n
}

// ExpireLater forgets the unlock on the early return of a callback that
// otherwise falls off its end after unlocking: its one `return` is not a
// "return holding the lock" contract. (grpc#3017.)
func (s *store) ExpireLater(k string) {
	time.AfterFunc(time.Second, func() {
		s.mu.Lock()
		if s.closed {
			return // want "GL203"
		}
		delete(s.data, k)
		s.mu.Unlock()
	})
}
