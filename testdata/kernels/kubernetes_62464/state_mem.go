// Package kubernetes62464 is modelled on the shape of kubernetes#62464: the
// CPU manager's in-memory state read-locks itself in
// `GetCPUSetOrDefault` and calls `GetCPUSet` and `GetDefaultCPUSet`, which
// read-lock it again; the reconcile loop's `SetDefaultCPUSet` write-locks
// it in between and the three wait for each other.
package kubernetes62464

import "sync"

type CPUSet struct {
	elems map[int]bool
}

type stateMemory struct {
	sync.RWMutex
	assignments   map[string]CPUSet
	defaultCPUSet CPUSet
}

func (s *stateMemory) GetCPUSet(containerID string) (CPUSet, bool) {
	s.RLock()
	defer s.RUnlock()
	res, ok := s.assignments[containerID]
	return res, ok
}

func (s *stateMemory) GetDefaultCPUSet() CPUSet {
	s.RLock()
	defer s.RUnlock()
	return s.defaultCPUSet
}

// GetCPUSetOrDefault runs on the kubelet's pod workers.
func (s *stateMemory) GetCPUSetOrDefault(containerID string) CPUSet {
	s.RLock()
	defer s.RUnlock()
	if res, ok := s.GetCPUSet(containerID); ok { // want "GL202"
		return res
	}
	return s.GetDefaultCPUSet() // want "GL202"
}

// getCPUSetOrDefaultFixed is upstream's fix: no read lock of its own, the
// callees take theirs.
func (s *stateMemory) getCPUSetOrDefaultFixed(containerID string) CPUSet {
	if res, ok := s.GetCPUSet(containerID); ok {
		return res
	}
	return s.GetDefaultCPUSet()
}

// SetDefaultCPUSet runs on the reconcile loop.
func (s *stateMemory) SetDefaultCPUSet(cset CPUSet) {
	s.Lock()
	defer s.Unlock()
	s.defaultCPUSet = cset
}
