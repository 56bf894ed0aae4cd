// Package cockroach3710 is modelled on the shape of cockroach#3710: the
// store read-locks itself to queue its replicas for log truncation, and the
// queue's `shouldQueue` computes the truncatable indexes, which read-locks
// the replica's store again. The raft processing goroutine write-locks the
// store between the two read locks.
package cockroach3710

import "sync"

type Replica struct {
	RangeID int
	store   *Store
}

type raftLogQueue struct {
	queued []*Replica
}

func (rlq *raftLogQueue) MaybeAdd(r *Replica) {
	if rlq.shouldQueue(r) {
		rlq.queued = append(rlq.queued, r)
	}
}

func (rlq *raftLogQueue) shouldQueue(r *Replica) bool {
	truncatable := getTruncatableIndexes(r)
	return truncatable > 0
}

func getTruncatableIndexes(r *Replica) int {
	r.store.mu.RLock() // Known miss: no rule reports a recursive read lock yet (ForceRaftLogScanAndProcess holds store.mu for reading; processRaft write-locks it).
	defer r.store.mu.RUnlock()
	return len(r.store.replicas)
}

type Store struct {
	mu           sync.RWMutex
	replicas     map[int]*Replica
	raftLogQueue *raftLogQueue
}

// ForceRaftLogScanAndProcess queues every replica for log truncation.
func (s *Store) ForceRaftLogScanAndProcess() {
	s.mu.RLock()
	for _, r := range s.replicas {
		s.raftLogQueue.MaybeAdd(r)
	}
	s.mu.RUnlock()
}

// forceRaftLogScanAndProcessFixed is upstream's fix: the replicas are
// collected under the read lock and queued after it is released.
func (s *Store) forceRaftLogScanAndProcessFixed() {
	s.mu.RLock()
	var replicas []*Replica
	for _, r := range s.replicas {
		replicas = append(replicas, r)
	}
	s.mu.RUnlock()
	for _, r := range replicas {
		s.raftLogQueue.MaybeAdd(r)
	}
}

// processRaft runs on the store's raft goroutine.
func (s *Store) processRaft() {
	for {
		s.mu.Lock()
		for id, r := range s.replicas {
			if r == nil {
				delete(s.replicas, id)
			}
		}
		s.mu.Unlock()
	}
}

func (s *Store) Start() {
	go s.processRaft()
}
