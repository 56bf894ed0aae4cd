// Package kubernetes10182 is modelled on the shape of kubernetes#10182: the
// kubelet's status manager sends pod statuses on an unbuffered channel while
// holding its lock, and the goroutine that receives them takes the same lock
// before its next receive: a second sender holding the lock waits for a
// receiver that waits for the lock.
package kubernetes10182

import "sync"

type podStatus struct {
	phase string
}

type statusManager struct {
	podStatusesLock  sync.RWMutex
	podStatuses      map[string]podStatus
	podStatusChannel chan string
}

func newStatusManager() *statusManager {
	return &statusManager{
		podStatuses:      make(map[string]podStatus),
		podStatusChannel: make(chan string),
	}
}

func (s *statusManager) start() {
	go func() {
		for {
			s.syncBatch()
		}
	}()
}

// SetPodStatus records the status and queues the pod for a sync.
func (s *statusManager) SetPodStatus(pod string, status podStatus) {
	s.podStatusesLock.Lock()
	defer s.podStatusesLock.Unlock()
	s.podStatuses[pod] = status
	s.podStatusChannel <- pod // want "GL201"
}

// DeletePodStatus forgets the pod.
func (s *statusManager) DeletePodStatus(pod string) {
	s.podStatusesLock.Lock()
	defer s.podStatusesLock.Unlock()
	delete(s.podStatuses, pod)
}

func (s *statusManager) syncBatch() {
	pod := <-s.podStatusChannel
	s.DeletePodStatus(pod)
}

// setPodStatusFixed breaks the cycle (one of the ways to): the send
// happens after the lock is released.
func (s *statusManager) setPodStatusFixed(pod string, status podStatus) {
	s.podStatusesLock.Lock()
	s.podStatuses[pod] = status
	s.podStatusesLock.Unlock()
	s.podStatusChannel <- pod
}
