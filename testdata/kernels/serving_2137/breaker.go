// Package serving2137 is modelled on the shape of knative serving#2137: the
// breaker admits a request by sending a token into its pending queue and
// then into its active queue, both buffered channels used as semaphores;
// the test's requests park inside the breaker on a locked mutex, and
// unlocking one request waits for its acceptance while the request queued
// behind it holds a pending slot and waits for an active one that only
// the parked request's return would free.
package serving2137

import "sync"

type token struct{}

type request struct {
	lock     *sync.Mutex
	accepted chan bool
}

// Breaker bounds concurrent and queued requests.
type Breaker struct {
	pendingRequests chan token
	activeRequests  chan token
}

// NewBreaker makes a breaker with queueDepth waiting and maxConcurrency
// running requests.
func NewBreaker(queueDepth, maxConcurrency int32) *Breaker {
	return &Breaker{
		pendingRequests: make(chan token, queueDepth+maxConcurrency),
		activeRequests:  make(chan token, maxConcurrency),
	}
}

// Maybe runs thunk if the pending queue has room, waiting for an active
// slot.
func (b *Breaker) Maybe(thunk func()) bool {
	var t token
	select {
	default:
		return false
	case b.pendingRequests <- t:
		// Known miss: the semaphore's buffers are filled by requests parked on a mutex that only the test unlocks; the circular wait goes through a sync.Mutex used as a signal and a WaitGroup, which the channel model does not follow.
		b.activeRequests <- t
		defer func() {
			<-b.activeRequests
			<-b.pendingRequests
		}()
		thunk()
		return true
	}
}

func (b *Breaker) concurrentRequest() request {
	r := request{lock: &sync.Mutex{}, accepted: make(chan bool, 1)}
	r.lock.Lock()
	var start sync.WaitGroup
	start.Add(1)
	go func() {
		start.Done()
		ok := b.Maybe(func() {
			r.lock.Lock()
			r.lock.Unlock()
		})
		r.accepted <- ok
	}()
	start.Wait()
	return r
}

func (b *Breaker) concurrentRequests(n int) []request {
	requests := make([]request, n)
	for i := range requests {
		requests[i] = b.concurrentRequest()
	}
	return requests
}

func unlock(req request) {
	req.lock.Unlock()
	ok := <-req.accepted
	req.accepted <- ok
}

func unlockAll(requests []request) {
	for _, r := range requests {
		unlock(r)
	}
}

// unlockAllFixed has the shape we recall the test's fix took: every
// request is released before any acceptance is awaited.
func unlockAllFixed(requests []request) {
	for _, r := range requests {
		r.lock.Unlock()
	}
	for _, r := range requests {
		ok := <-r.accepted
		r.accepted <- ok
	}
}
