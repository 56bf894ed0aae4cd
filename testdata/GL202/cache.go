// Package gl202 locks mutexes the goroutine already holds.
package gl202

import (
	"fmt"
	"sync"
)

type cache struct {
	mu    sync.Mutex
	items map[string][]byte
	size  int
}

// Refresh holds the lock until its return and calls evict, which locks it
// again on entry.
func (c *cache) Refresh() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.evict() // want "GL202"
}

func (c *cache) evict() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = map[string][]byte{}
	c.size = 0
}

// Put locks twice on the path where the key is new.
func (c *cache) Put(k string, v []byte) {
	c.mu.Lock()
	if _, ok := c.items[k]; !ok {
		c.mu.Lock() // want "GL202"
		c.size++
	}
	c.items[k] = v
	c.mu.Unlock()
}

type registry struct {
	mu      sync.RWMutex
	entries map[string]int
}

// Upgrade takes the write lock under its own read lock.
func (r *registry) Upgrade(k string) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if _, ok := r.entries[k]; !ok {
		r.mu.Lock() // want "GL202"
		r.entries[k] = 0
		r.mu.Unlock()
	}
}

// Count reads through a method that read-locks under the write lock.
func (r *registry) Reset() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.count() // want "GL202"
	r.entries = map[string]int{}
	return n
}

func (r *registry) count() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.entries)
}

// counter embeds its mutex.
type counter struct {
	sync.Mutex
	n int
}

func (c *counter) Add() {
	c.Lock()
	c.incr() // want "GL202"
	c.Unlock()
}

func (c *counter) incr() {
	c.Lock()
	c.n++
	c.Unlock()
}

// suite's Require holds the write lock and reads T through a method that
// read-locks. (The shape of testify's suite.Require.)
type suite struct {
	mu      sync.RWMutex
	t       string
	require *string
}

func (s *suite) T() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.t
}

func (s *suite) Require() *string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.require == nil {
		t := s.T() // want "GL202"
		s.require = &t
	}
	return s.require
}

// config read-locks itself again under its own read lock, and Set
// write-locks it: a Set waiting between the two read locks blocks both.
// (The shape of kubernetes#62464, cockroach#6181.)
type config struct {
	mu     sync.RWMutex
	values map[string]string
	def    string
}

func (c *config) Set(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.values[k] = v
}

func (c *config) Default() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.def
}

func (c *config) GetOrDefault(k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.values[k]; ok {
		return v
	}
	return c.Default() // want "GL202"
}

// routes formats itself under its own lock: fmt calls String, which locks
// it again.
type routes struct {
	mu    sync.Mutex
	table map[string]string
}

func (r *routes) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return fmt.Sprint(len(r.table))
}

func (r *routes) Add(k, v string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.table[k]; ok {
		return fmt.Errorf("route %s already in %v", k, r) // want "GL202"
	}
	r.table[k] = v
	return nil
}
