// Package gl201 holds channel operations that block while holding a lock
// the partner goroutine must take first.
package gl201

import (
	"sync"
	"time"
)

type status struct {
	phase string
}

// manager keeps pod statuses; syncLoop pushes each update out.
type manager struct {
	mu       sync.Mutex
	statuses map[string]status
	updates  chan string
}

func newManager() *manager {
	m := &manager{statuses: map[string]status{}, updates: make(chan string)}
	go m.syncLoop()
	return m
}

// SetStatus sends with the lock held until the deferred unlock.
func (m *manager) SetStatus(pod string, s status) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.statuses[pod] = s
	m.updates <- pod // want "GL201"
}

func (m *manager) syncLoop() {
	for pod := range m.updates {
		m.mu.Lock()
		delete(m.statuses, pod)
		m.mu.Unlock()
	}
}

// hub embeds its mutex; the loop takes it to flush on every tick, between
// two receives.
type hub struct {
	sync.Mutex
	pending []string
	events  chan string
	stop    chan struct{}
}

func newHub() *hub {
	h := &hub{events: make(chan string), stop: make(chan struct{})}
	go h.run()
	return h
}

func (h *hub) Publish(e string) {
	h.Lock()
	h.pending = append(h.pending, e)
	h.events <- e // want "GL201"
	h.Unlock()
}

func (h *hub) run() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case e := <-h.events:
			_ = e
		case <-t.C:
			h.Lock()
			h.pending = h.pending[:0]
			h.Unlock()
		case <-h.stop:
			return
		}
	}
}

// collector receives a result with its lock held; the worker takes the
// lock to count before it sends.
type collector struct {
	mu      sync.Mutex
	started int
	results chan int
}

func (c *collector) run(n int) {
	c.results = make(chan int)
	go c.work(n)
	c.mu.Lock()
	r := <-c.results // want "GL201"
	c.mu.Unlock()
	_ = r
}

func (c *collector) work(n int) {
	c.mu.Lock()
	c.started++
	c.mu.Unlock()
	c.results <- n * n
}

// registry notifies through a helper called with the lock held.
type registry struct {
	mu      sync.RWMutex
	entries map[string]int
	changes chan string
}

func newRegistry() *registry {
	r := &registry{entries: map[string]int{}, changes: make(chan string)}
	go r.watch()
	return r
}

func (r *registry) Put(k string, v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries[k] = v
	r.notify(k)
}

func (r *registry) notify(k string) {
	r.changes <- k // want "GL201"
}

func (r *registry) watch() {
	for k := range r.changes {
		r.get(k)
	}
}

func (r *registry) get(k string) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.entries[k]
}

// pool takes its lock through a helper that returns holding it.
type pool struct {
	mu    sync.Mutex
	idle  []int
	freed chan int
}

func newPool() *pool {
	p := &pool{freed: make(chan int)}
	go p.reclaim()
	return p
}

func (p *pool) lock()   { p.mu.Lock() }
func (p *pool) unlock() { p.mu.Unlock() }

func (p *pool) Release(id int) {
	p.lock()
	p.freed <- id // want "GL201"
	p.unlock()
}

func (p *pool) reclaim() {
	for id := range p.freed {
		p.lock()
		p.idle = append(p.idle, id)
		p.unlock()
	}
}

// session closes its control connection with the state lock held; the
// heartbeat loop reconnects through helpers that read the state under a
// read lock, which waits for the writer. (The shape of gocql's
// Session.Close.)
type session struct {
	stateMu sync.RWMutex
	closed  bool
	control *control
}

type control struct {
	s    *session
	quit chan struct{}
}

func (s *session) Close() {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	s.closed = true
	s.control.close()
}

func (s *session) isClosed() bool {
	s.stateMu.RLock()
	defer s.stateMu.RUnlock()
	return s.closed
}

func (c *control) close() {
	c.quit <- struct{}{} // want "GL201"
}

func (c *control) heartbeat() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-c.quit:
			return
		case <-t.C:
		}
		c.reconnect()
	}
}

func (c *control) reconnect() {
	if c.setup() {
		return
	}
}

func (c *control) setup() bool {
	return c.s.isClosed()
}

func newSession() *session {
	s := &session{}
	s.control = &control{s: s, quit: make(chan struct{})}
	go s.control.heartbeat()
	return s
}
