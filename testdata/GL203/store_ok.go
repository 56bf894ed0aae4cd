package gl203

import (
	"log"
	"sync"
	"time"
)

// Get defers its unlock.
func (s *store) Get(k string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errClosed // ok: deferred unlock
	}
	return s.data[k], nil
}

// Delete unlocks on every path.
func (s *store) Delete(k string) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errClosed // ok: unlocked first
	}
	delete(s.data, k)
	s.mu.Unlock()
	return nil
}

// lockIfOpen returns holding the lock when the store is open: the caller
// unlocks.
func (s *store) lockIfOpen() bool {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return false
	}
	return true // ok: the helper's contract
}

// Flush unlocks through a helper on its early return.
func (s *store) Flush() error {
	s.mu.Lock()
	if s.closed {
		s.unlockAndLog()
		return errClosed // ok: the helper unlocks
	}
	s.data = map[string][]byte{}
	s.mu.Unlock()
	return nil
}

func (s *store) unlockAndLog() {
	s.mu.Unlock()
	log.Print("flush on a closed store")
}

// Must dies on its early exit.
func (s *store) Must(k string) []byte {
	s.mu.Lock()
	v, ok := s.data[k]
	if !ok {
		log.Fatalf("missing %q", k)
		return nil // ok: not reached
	}
	s.mu.Unlock()
	return v
}

// storeLocked is called with the lock held; it drops the lock around the
// upload and returns holding it on every path, as its callers expect.
// (Regression: rclone's vfscache, nats-server's client.)
func (s *store) storeLocked(upload func() error) error {
	s.mu.Unlock()
	err := upload()
	s.mu.Lock()
	if err != nil {
		return err // ok: the caller holds the lock, and still does
	}
	s.closed = false
	s.mu.Unlock()
	s.mu.Lock()
	return nil
}

// expireLater's callback unlocks before its early return and falls off its
// end after unlocking.
func (s *store) expireLater(k string) {
	time.AfterFunc(time.Second, func() {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return // ok: unlocked first
		}
		delete(s.data, k)
		s.mu.Unlock()
	})
}

var (
	forkingMu sync.Mutex
	forkMu    sync.RWMutex
	forking   int
)

// acquireFork returns holding forkMu for writing (its callers release
// it); the read lock it takes and releases in between says nothing of the
// write lock. (The shape of syscall's acquireForkLock.)
func acquireFork(waiting bool) {
	forkingMu.Lock()
	defer forkingMu.Unlock()
	if forking == 0 {
		forkMu.Lock()
		forking++
		return // ok: the helper's contract
	}
	if waiting {
		forkingMu.Unlock()
		forkMu.RLock()
		forkMu.RUnlock()
		forkingMu.Lock()
	}
	forking++
}

const traceLocks = false

// touch has a `return` only a constant condition reaches: the compiler
// drops it. (The shape of nats-server's noDeferUnlock benchmark helper.)
func (s *store) touch() {
	s.mu.Lock()
	if false {
		return // ok: never runs
	}
	if traceLocks {
		return // ok: never runs
	}
	s.closed = false
	s.mu.Unlock()
}
