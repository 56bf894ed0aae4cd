// Package gl204 takes mutexes in opposite orders on two paths.
package gl204

import "sync"

// Two methods of one type, each taking the two locks in its own order.
type account struct {
	mu      sync.Mutex
	balance int
}

type ledger struct {
	mu      sync.Mutex
	entries []int
}

type bank struct {
	acct *account
	led  *ledger
}

// Deposit locks the account, then the ledger.
func (b *bank) Deposit(n int) {
	b.acct.mu.Lock()
	defer b.acct.mu.Unlock()
	b.led.mu.Lock()
	b.led.entries = append(b.led.entries, n)
	b.led.mu.Unlock()
	b.acct.balance += n
}

// Audit locks the ledger, then the account.
func (b *bank) Audit() int {
	b.led.mu.Lock()
	defer b.led.mu.Unlock()
	b.acct.mu.Lock() // want "GL204"
	defer b.acct.mu.Unlock()
	return b.acct.balance - len(b.led.entries)
}

// A lock taken by a helper the caller calls with its own lock held.
type entry struct {
	mu   sync.Mutex
	key  string
	hits int
}

type cache struct {
	mu sync.Mutex
	m  map[string]*entry
}

// Get takes the entry's lock under the cache's.
func (c *cache) Get(k string) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.m[k]
	if e == nil {
		return nil
	}
	e.mu.Lock()
	e.hits++
	e.mu.Unlock()
	return e
}

func (c *cache) remove(k string) {
	c.mu.Lock() // want "GL204"
	delete(c.m, k)
	c.mu.Unlock()
}

// Expire takes the cache's lock (in remove) under the entry's.
func (e *entry) Expire(c *cache) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.hits == 0 {
		c.remove(e.key)
	}
}

// A callback stored in a field, run with a lock held, that takes another.
type watcher struct {
	mu       sync.Mutex
	onChange func(string)
	pending  []string
}

type registry struct {
	mu    sync.Mutex
	names map[string]bool
	w     *watcher
}

func newRegistry() *registry {
	r := &registry{names: map[string]bool{}}
	r.w = &watcher{onChange: func(name string) {
		r.mu.Lock()
		r.names[name] = true
		r.mu.Unlock()
	}}
	return r
}

// flush runs the callback under the watcher's lock.
func (w *watcher) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range w.pending {
		w.onChange(p)
	}
	w.pending = nil
}

// Close takes the watcher's lock under the registry's.
func (r *registry) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.w.mu.Lock() // want "GL204"
	r.w.pending = nil
	r.w.mu.Unlock()
}

// A goroutine and the function that starts it, over package variables.
var (
	statsMu sync.Mutex
	confMu  sync.RWMutex
	stats   map[string]int
	conf    map[string]string
)

func reload(next map[string]string) {
	confMu.Lock()
	defer confMu.Unlock()
	go func() {
		statsMu.Lock()
		defer statsMu.Unlock()
		confMu.RLock()
		stats["keys"] = len(conf)
		confMu.RUnlock()
	}()
	statsMu.Lock() // want "GL204"
	stats["reloads"]++
	statsMu.Unlock()
	conf = next
}

// A lock of an anonymous struct grouping it with what it guards.
type node struct {
	id int
	mu struct {
		sync.Mutex
		peers map[int]*node
	}
}

type transport struct {
	mu struct {
		sync.RWMutex
		nodes map[int]*node
	}
}

func (t *transport) addPeer(n *node, p *node) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n.mu.Lock()
	n.mu.peers[p.id] = p
	n.mu.Unlock()
}

func (n *node) register(t *transport) {
	n.mu.Lock()
	defer n.mu.Unlock()
	t.mu.Lock() // want "GL204"
	t.mu.nodes[n.id] = n
	t.mu.Unlock()
}
