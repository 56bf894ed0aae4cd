// Package etcd7902 is modelled on the shape of etcd#7902: the election
// stresser runs rounds of clients, each taking a shared mutex around its
// validate and release callbacks; a follower's release waits, with the
// mutex held, for the leader to close the round's channel, and the
// leader's release, which closes it, needs the same mutex.
package etcd7902

import (
	"sync"
	"time"
)

type roundClient struct {
	progress int
	acquire  func() error
	validate func() error
	release  func() error
}

func doRounds(rcs []roundClient, rounds int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(len(rcs))
	for i := range rcs {
		go func(rc *roundClient) {
			defer wg.Done()
			for rc.progress < rounds {
				for rc.acquire() != nil {
				}
				mu.Lock()
				if err := rc.validate(); err != nil {
					mu.Unlock()
					continue
				}
				mu.Unlock()
				time.Sleep(time.Millisecond)
				rc.progress++
				mu.Lock()
				for rc.release() != nil {
				}
				mu.Unlock()
			}
		}(&rcs[i])
	}
	wg.Wait()
}

func runElection(n, rounds int) {
	rcs := make([]roundClient, n)
	nextc := make(chan struct{})
	for i := range rcs {
		var rcNextc chan struct{}
		setRcNextc := func() { rcNextc = nextc }
		leader := i == 0
		rcs[i].acquire = func() error { return nil }
		rcs[i].validate = func() error {
			setRcNextc()
			return nil
		}
		rcs[i].release = func() error {
			if leader {
				close(nextc)
				nextc = make(chan struct{})
				return nil
			}
			// Known miss: the receive runs in a func stored in a field of a slice element and called as rc.release() under the stresser's mutex; GL201 does not follow the lock into a func field's literals.
			<-rcNextc
			return nil
		}
	}
	doRounds(rcs, rounds)
}

// runElectionFixed has the fix we recall upstream made: followers wait for
// the round's channel before taking the mutex, in acquire.
func runElectionFixed(n, rounds int) {
	rcs := make([]roundClient, n)
	nextc := make(chan struct{})
	for i := range rcs {
		var rcNextc chan struct{}
		setRcNextc := func() { rcNextc = nextc }
		leader := i == 0
		rcs[i].acquire = func() error {
			if !leader && rcNextc != nil {
				<-rcNextc
			}
			return nil
		}
		rcs[i].validate = func() error {
			setRcNextc()
			return nil
		}
		rcs[i].release = func() error {
			if leader {
				close(nextc)
				nextc = make(chan struct{})
			}
			return nil
		}
	}
	doRounds(rcs, rounds)
}
