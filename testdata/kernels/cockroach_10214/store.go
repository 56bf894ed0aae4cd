// Package cockroach10214 is modelled on the shape of cockroach#10214: a
// replica's tick holds the replica's lock and queues a coalesced heartbeat,
// which takes the store's `coalescedMu`; the store's heartbeat sender holds
// `coalescedMu` and, when a node is unreachable, reports it to each of its
// replicas, which takes each replica's lock (AB-BA across two goroutines).
package cockroach10214

import "sync"

type RaftHeartbeat struct {
	RangeID int
	ToNode  int
}

type Store struct {
	coalescedMu struct {
		sync.Mutex
		heartbeats map[int][]RaftHeartbeat
	}
	mu struct {
		sync.Mutex
		replicas map[int]*Replica
	}
}

type Replica struct {
	RangeID int
	store   *Store
	mu      struct {
		sync.Mutex
		ticks       int
		unreachable map[int]bool
	}
}

// tick runs on the store's raft ticker goroutine.
func (r *Replica) tick() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mu.ticks++
	r.maybeCoalesceHeartbeat(RaftHeartbeat{RangeID: r.RangeID, ToNode: 2})
}

func (r *Replica) maybeCoalesceHeartbeat(hb RaftHeartbeat) {
	s := r.store
	s.coalescedMu.Lock()
	s.coalescedMu.heartbeats[hb.ToNode] = append(s.coalescedMu.heartbeats[hb.ToNode], hb)
	s.coalescedMu.Unlock()
}

func (r *Replica) reportUnreachable(node int) {
	r.mu.Lock() // want "GL204"
	defer r.mu.Unlock()
	r.mu.unreachable[node] = true
}

// sendQueuedHeartbeats runs on the store's heartbeat goroutine.
func (s *Store) sendQueuedHeartbeats() {
	s.coalescedMu.Lock()
	defer s.coalescedMu.Unlock()
	for node, hbs := range s.coalescedMu.heartbeats {
		if !s.sendQueuedHeartbeatsToNode(node, hbs) {
			s.reportUnreachable(hbs)
		}
		delete(s.coalescedMu.heartbeats, node)
	}
}

func (s *Store) sendQueuedHeartbeatsToNode(node int, hbs []RaftHeartbeat) bool {
	return node != 2 && len(hbs) > 0
}

func (s *Store) reportUnreachable(hbs []RaftHeartbeat) {
	for _, hb := range hbs {
		if r := s.mu.replicas[hb.RangeID]; r != nil {
			r.reportUnreachable(hb.ToNode)
		}
	}
}

// sendQueuedHeartbeatsFixed is the shape of upstream's fix: the queued
// heartbeats are taken out under coalescedMu and sent (and failures
// reported) after it is released.
func (s *Store) sendQueuedHeartbeatsFixed() {
	s.coalescedMu.Lock()
	queued := s.coalescedMu.heartbeats
	s.coalescedMu.heartbeats = map[int][]RaftHeartbeat{}
	s.coalescedMu.Unlock()
	for node, hbs := range queued {
		if !s.sendQueuedHeartbeatsToNode(node, hbs) {
			s.reportUnreachable(hbs)
		}
	}
}

// Start runs the ticker and the heartbeat sender.
func (s *Store) Start() {
	go func() {
		for {
			for _, r := range s.mu.replicas {
				r.tick()
			}
		}
	}()
	go func() {
		for {
			s.sendQueuedHeartbeats()
		}
	}()
}
