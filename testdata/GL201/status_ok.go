package gl201

import (
	"sync"
	"time"
)

// tracker unlocks before it sends.
type tracker struct {
	mu      sync.Mutex
	seen    map[string]bool
	updates chan string
}

func newTracker() *tracker {
	t := &tracker{seen: map[string]bool{}, updates: make(chan string)}
	go t.loop()
	return t
}

func (t *tracker) Mark(k string) {
	t.mu.Lock()
	t.seen[k] = true
	t.mu.Unlock()
	t.updates <- k // ok: the lock is released first
}

func (t *tracker) loop() {
	for k := range t.updates {
		t.mu.Lock()
		delete(t.seen, k)
		t.mu.Unlock()
	}
}

// buffered queues its notices: a send with the lock held does not wait for
// the receiver while there is room.
type buffered struct {
	mu      sync.Mutex
	n       int
	notices chan int
}

func newBuffered() *buffered {
	b := &buffered{notices: make(chan int, 64)}
	go b.drain()
	return b
}

func (b *buffered) Add() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n++
	b.notices <- b.n // ok: buffered
}

func (b *buffered) drain() {
	for range b.notices {
		b.mu.Lock()
		b.n--
		b.mu.Unlock()
	}
}

// guarded gives up when the loop stops or the send takes too long: the
// send does not block forever.
type guarded struct {
	mu     sync.Mutex
	events chan string
	done   chan struct{}
}

func newGuarded() *guarded {
	g := &guarded{events: make(chan string), done: make(chan struct{})}
	go g.run()
	return g
}

func (g *guarded) Emit(e string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case g.events <- e: // ok: the select has other ways out
	case <-g.done:
	case <-time.After(time.Second):
	}
}

func (g *guarded) run() {
	for {
		select {
		case <-g.events:
			g.mu.Lock()
			g.mu.Unlock()
		case <-g.done:
			return
		}
	}
}

// plain's receiver never takes the lock.
type plain struct {
	mu   sync.Mutex
	n    int
	jobs chan int
}

func newPlain() *plain {
	p := &plain{jobs: make(chan int)}
	go p.work()
	return p
}

func (p *plain) Submit() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	p.jobs <- p.n // ok: the receiver holds no lock
}

func (p *plain) work() {
	for j := range p.jobs {
		_ = j * 2
	}
}

// twoLocks: the receiver takes another mutex.
type twoLocks struct {
	mu      sync.Mutex
	statsMu sync.Mutex
	count   int
	items   chan int
}

func newTwoLocks() *twoLocks {
	t := &twoLocks{items: make(chan int)}
	go t.consume()
	return t
}

func (t *twoLocks) Push(v int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.items <- v // ok: the receiver takes statsMu, not mu
}

func (t *twoLocks) consume() {
	for range t.items {
		t.statsMu.Lock()
		t.count++
		t.statsMu.Unlock()
	}
}

// readers: the sender holds a read lock and the receiver only reads too.
type readers struct {
	mu    sync.RWMutex
	data  map[string]int
	reads chan string
}

func newReaders() *readers {
	r := &readers{data: map[string]int{}, reads: make(chan string)}
	go r.serve()
	return r
}

func (r *readers) Lookup(k string) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.reads <- k // ok: both sides only read-lock
}

func (r *readers) serve() {
	for k := range r.reads {
		r.mu.RLock()
		_ = r.data[k]
		r.mu.RUnlock()
	}
}

// shared: one of the two receivers never takes the lock, so the send
// completes.
type shared struct {
	mu    sync.Mutex
	log   []string
	lines chan string
}

func newShared() *shared {
	s := &shared{lines: make(chan string)}
	go s.record()
	go s.echo()
	return s
}

func (s *shared) Write(l string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lines <- l // ok: echo receives without the lock
}

func (s *shared) record() {
	for l := range s.lines {
		s.mu.Lock()
		s.log = append(s.log, l)
		s.mu.Unlock()
	}
}

func (s *shared) echo() {
	for l := range s.lines {
		_ = l
	}
}

// downloads: each waiter makes its own reply channel after taking the
// lock, and is visible to the dispatcher only once it is listed; by then it
// waits without the lock. (Regression: rclone's vfscache downloaders.)
type downloads struct {
	mu      sync.Mutex
	waiters []chan error
}

func (d *downloads) Wait() error {
	d.mu.Lock()
	reply := make(chan error)
	d.waiters = append(d.waiters, reply)
	d.mu.Unlock()
	return <-reply
}

func (d *downloads) finish(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, w := range d.waiters {
		w <- err // ok: each waiter took the lock before its channel existed
	}
	d.waiters = nil
}

// asyncOp hands its lock to the goroutine it starts, which unlocks it:
// the constructor does not return holding it. (Regression: Go's
// internal/poll on plan9.)
type asyncOp struct {
	mu  sync.Mutex
	pid int
	res chan int
}

func newAsyncOp(fn func() int) *asyncOp {
	a := &asyncOp{res: make(chan int)}
	a.mu.Lock()
	go func() {
		a.pid = 1
		a.mu.Unlock()
		n := fn()
		a.mu.Lock()
		a.pid = -1
		a.mu.Unlock()
		a.res <- n
	}()
	return a
}

func runAsync(fn func() int) int {
	a := newAsyncOp(fn)
	return <-a.res // ok: newAsyncOp's lock belongs to its goroutine
}
