// Package kubernetes70277 is modelled on the shape of kubernetes#70277:
// WaitFor hands its caller's done channel to the wait function, whose
// poller goroutine runs until that channel closes; when the condition is
// met WaitFor returns while the poller keeps going, and a caller that
// expected the channel WaitFor handed out to be closed once it returned
// (the test below) waits for a close that only its own deferred close
// will make.
package kubernetes70277

import (
	"errors"
	"time"
)

// ErrWaitTimeout is returned when the condition never holds.
var ErrWaitTimeout = errors.New("timed out waiting for the condition")

// WaitFunc returns a channel that ticks until done is closed.
type WaitFunc func(done <-chan struct{}) <-chan struct{}

// ConditionFunc reports whether the wait is over.
type ConditionFunc func() (done bool, err error)

// WaitFor polls fn each time wait ticks, until fn is done or wait closes.
func WaitFor(wait WaitFunc, fn ConditionFunc, done <-chan struct{}) error {
	c := wait(done)
	for {
		_, open := <-c
		ok, err := fn()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		if !open {
			break
		}
	}
	return ErrWaitTimeout
}

// WaitForFixed has the fix we recall upstream made: the wait function gets
// a channel WaitFor closes when it returns, and the caller's done is
// watched beside it.
func WaitForFixed(wait WaitFunc, fn ConditionFunc, done <-chan struct{}) error {
	stopCh := make(chan struct{})
	defer close(stopCh)
	c := wait(stopCh)
	for {
		select {
		case _, open := <-c:
			ok, err := fn()
			if err != nil {
				return err
			}
			if ok {
				return nil
			}
			if !open {
				return ErrWaitTimeout
			}
		case <-done:
			return ErrWaitTimeout
		}
	}
}

func poller(interval, timeout time.Duration) WaitFunc {
	return WaitFunc(func(done <-chan struct{}) <-chan struct{} {
		ch := make(chan struct{})
		go func() {
			defer close(ch)
			tick := time.NewTicker(interval)
			defer tick.Stop()
			var after <-chan time.Time
			if timeout != 0 {
				timer := time.NewTimer(timeout)
				after = timer.C
				defer timer.Stop()
			}
			for {
				select {
				case <-tick.C:
					select {
					case ch <- struct{}{}:
					default:
					}
				case <-after:
					return
				case <-done:
					return
				}
			}
		}()
		return ch
	})
}

// PollUntil polls condition until it holds or stopCh closes.
func PollUntil(interval time.Duration, condition ConditionFunc, stopCh <-chan struct{}) error {
	return WaitFor(poller(interval, 0), condition, stopCh)
}
