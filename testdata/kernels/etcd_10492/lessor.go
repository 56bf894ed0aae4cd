// Package etcd10492 is modelled on the shape of etcd#10492: the lessor
// renews a lease holding its lock and, when the lease needs a checkpoint,
// calls the checkpointer callback the server installed; that callback
// checkpoints through the lessor, which locks it again.
package etcd10492

import (
	"context"
	"sync"
)

type LeaseID int64

type LeaseCheckpoint struct {
	ID           LeaseID
	RemainingTTL int64
}

type Checkpointer func(ctx context.Context, lc *LeaseCheckpoint) error

type Lease struct {
	ID           LeaseID
	ttl          int64
	remainingTTL int64
}

type lessor struct {
	mu       sync.RWMutex
	leaseMap map[LeaseID]*Lease
	cp       Checkpointer
}

func newLessor() *lessor {
	return &lessor{leaseMap: make(map[LeaseID]*Lease)}
}

func (le *lessor) SetCheckpointer(cp Checkpointer) {
	le.mu.Lock()
	defer le.mu.Unlock()
	le.cp = cp
}

// Checkpoint records the remaining TTL of a lease.
func (le *lessor) Checkpoint(id LeaseID, remainingTTL int64) error {
	le.mu.Lock()
	defer le.mu.Unlock()
	if l, ok := le.leaseMap[id]; ok {
		l.remainingTTL = remainingTTL
	}
	return nil
}

// Renew renews a lease, clearing its checkpointed TTL first.
func (le *lessor) Renew(id LeaseID) int64 {
	le.mu.Lock()
	defer le.mu.Unlock()
	l := le.leaseMap[id]
	if l == nil {
		return -1
	}
	if l.remainingTTL > 0 && le.cp != nil {
		// Known miss: the callback is a func-typed field given by SetCheckpointer; GL202 follows methods called on the same receiver, not func values.
		_ = le.cp(context.Background(), &LeaseCheckpoint{ID: l.ID, RemainingTTL: 0})
	}
	return l.ttl
}

// renewFixed is upstream's fix: the checkpoint runs once the lock is
// released.
func (le *lessor) renewFixed(id LeaseID) int64 {
	le.mu.Lock()
	l := le.leaseMap[id]
	if l == nil {
		le.mu.Unlock()
		return -1
	}
	clear := l.remainingTTL > 0 && le.cp != nil
	cp, ttl := le.cp, l.ttl
	le.mu.Unlock()
	if clear {
		_ = cp(context.Background(), &LeaseCheckpoint{ID: id, RemainingTTL: 0})
	}
	return ttl
}

type server struct {
	lessor *lessor
}

func newServer() *server {
	s := &server{lessor: newLessor()}
	s.lessor.SetCheckpointer(func(ctx context.Context, cp *LeaseCheckpoint) error {
		return s.lessor.Checkpoint(cp.ID, cp.RemainingTTL)
	})
	return s
}
