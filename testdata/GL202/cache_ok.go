package gl202

import (
	"fmt"
	"sync"
)

// store unlocks before calling what locks again, and uses a variant that
// expects the lock held.
type store struct {
	mu   sync.Mutex
	data map[string]string
}

func (s *store) Set(k, v string) {
	s.mu.Lock()
	s.data[k] = v
	s.mu.Unlock()
	s.compact() // ok: released first
}

func (s *store) compact() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.compactLocked()
}

func (s *store) compactLocked() {
	for k, v := range s.data {
		if v == "" {
			delete(s.data, k)
		}
	}
}

// Reload relocks after an unlock on every path.
func (s *store) Reload(load func() map[string]string) {
	s.mu.Lock()
	old := s.data
	s.mu.Unlock()
	fresh := load()
	s.mu.Lock() // ok: unlocked above
	if len(fresh) > 0 || len(old) == 0 {
		s.data = fresh
	}
	s.mu.Unlock()
}

// optional locks only when its caller does not hold the lock.
func (s *store) optional(locked bool) int {
	if !locked {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	return len(s.data)
}

func (s *store) Size() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.optional(true) // ok: optional skips its lock
}

// pair locks two objects of one type: two different mutexes.
type account struct {
	mu      sync.Mutex
	balance int
}

func transfer(from, to *account, n int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // ok: another account's mutex
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}

// peers calls the same method on another object of its type.
type peer struct {
	mu    sync.Mutex
	next  *peer
	count int
}

func (p *peer) Bump() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.count++
	if p.next != nil {
		p.next.Bump() // ok: the next peer's mutex
	}
}

// readers take read locks under a read lock: nothing in the package
// write-locks the table, so no writer can wait in between.
type table struct {
	mu   sync.RWMutex
	rows []int
}

func (t *table) Sum() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.len() * 2 // ok: a read lock under a read lock
}

func (t *table) len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.rows)
}

// item's _remove is called with the lock held and drops it around a slow
// call before taking it again. (Regression: rclone's vfscache.)
type item struct {
	mu    sync.Mutex
	dirty bool
}

func (it *item) remove(cancel func()) {
	it.mu.Lock()
	defer it.mu.Unlock()
	it._remove(cancel) // ok: _remove unlocks before it locks
}

func (it *item) _remove(cancel func()) {
	it.mu.Unlock()
	cancel()
	it.mu.Lock()
	it.dirty = false
}

// roundTrip uses a mutex as a one-shot signal: the reply callback unlocks
// what the caller locked, and the second Lock waits for it. (Regression:
// mgo's socket queries.)
func roundTrip(send func(reply func(err error)) error) error {
	var wait sync.Mutex
	var replyErr error
	wait.Lock()
	err := send(func(err error) {
		replyErr = err
		wait.Unlock()
	})
	if err != nil {
		return err
	}
	wait.Lock() // ok: the callback unlocks it
	return replyErr
}

// startServer hands its mutex's Unlock to the server as the started
// callback, and waits for it by locking again. (Regression: miekg/dns's
// tests.)
type server struct {
	onStarted func()
}

func (s *server) serve() {
	if s.onStarted != nil {
		s.onStarted()
	}
}

func startServer(s *server) {
	started := sync.Mutex{}
	s.onStarted = started.Unlock
	started.Lock()
	go s.serve()
	started.Lock() // ok: onStarted unlocks it
}

// blockedProfile makes a goroutine block on purpose; the parent unlocks
// the mutex it holds. (Regression: runtime/pprof's tests.)
func blockedProfile(wait func()) {
	var mu sync.Mutex
	go func() {
		mu.Lock()
		mu.Lock() // ok: the parent unlocks it
	}()
	wait()
	mu.Unlock()
}

// stats has a writer, but the second read lock comes after the first is
// released, or is another instance's.
type stats struct {
	mu     sync.RWMutex
	counts map[string]int
	parent *stats
}

func (st *stats) Add(k string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.counts[k]++
}

func (st *stats) total() int {
	st.mu.RLock()
	defer st.mu.RUnlock()
	n := 0
	for _, c := range st.counts {
		n += c
	}
	return n
}

func (st *stats) Report() (int, int) {
	st.mu.RLock()
	n := len(st.counts)
	st.mu.RUnlock()
	return n, st.total() // ok: the read lock is released first
}

func (st *stats) WithParent() int {
	st.mu.RLock()
	defer st.mu.RUnlock()
	if st.parent == nil {
		return len(st.counts)
	}
	return st.parent.total() + len(st.counts) // ok: another instance's lock
}

// peers formats itself once the lock is released, and formats under the
// lock only what needs no lock.
type peers struct {
	mu    sync.Mutex
	addrs []string
	name  label
}

type label string

func (l label) String() string { return string(l) }

func (p *peers) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return fmt.Sprint(p.addrs)
}

func (p *peers) Add(a string) error {
	p.mu.Lock()
	if len(p.addrs) > 8 {
		p.mu.Unlock()
		return fmt.Errorf("%v is full", p) // ok: unlocked first
	}
	p.addrs = append(p.addrs, a)
	err := fmt.Errorf("%s: added %s", p.name, a) // ok: label's String takes no lock
	p.mu.Unlock()
	return err
}
