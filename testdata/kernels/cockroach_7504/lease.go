// Package cockroach7504 is modelled on the shape of cockroach#7504: the
// lease manager's name cache looks a lease up holding the cache's lock and
// then the lease's lock, while releasing a lease holds the lease's lock and
// removes it from the name cache, which takes the cache's lock (AB-BA).
package cockroach7504

import "sync"

type LeaseState struct {
	mu       sync.Mutex
	name     string
	refcount int
	released bool
}

type tableNameCache struct {
	mu     sync.Mutex
	tables map[string]*LeaseState
}

// get returns the cached lease of a table, acquiring a reference.
func (c *tableNameCache) get(name string) *LeaseState {
	c.mu.Lock()
	defer c.mu.Unlock()
	lease, ok := c.tables[name]
	if !ok {
		return nil
	}
	lease.mu.Lock()
	defer lease.mu.Unlock()
	lease.refcount++
	return lease
}

func (c *tableNameCache) remove(lease *LeaseState) {
	c.mu.Lock() // want "GL204"
	defer c.mu.Unlock()
	if c.tables[lease.name] == lease {
		delete(c.tables, lease.name)
	}
}

type LeaseManager struct {
	tableNames tableNameCache
}

// releaseLease drops a reference and forgets a released lease.
func (m *LeaseManager) releaseLease(lease *LeaseState) {
	lease.mu.Lock()
	defer lease.mu.Unlock()
	lease.refcount--
	if lease.refcount == 0 && lease.released {
		m.tableNames.remove(lease)
	}
}

// releaseLeaseFixed is the shape of upstream's fix: the lease's lock is
// released before the name cache is touched.
func (m *LeaseManager) releaseLeaseFixed(lease *LeaseState) {
	lease.mu.Lock()
	lease.refcount--
	drop := lease.refcount == 0 && lease.released
	lease.mu.Unlock()
	if drop {
		m.tableNames.remove(lease)
	}
}

// Acquire and Release run on many goroutines at once.
func (m *LeaseManager) Acquire(name string) *LeaseState {
	return m.tableNames.get(name)
}

func (m *LeaseManager) Release(lease *LeaseState) {
	m.releaseLease(lease)
}
