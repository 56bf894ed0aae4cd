// Package kubernetes11298 is modelled on the shape of kubernetes#11298: the
// service loop waits for a notification by running cond.Wait in a
// goroutine (through an After helper that closes a channel when its func
// returns) and, on abort, signals the cond once and waits for that
// goroutine; a signal that comes before the goroutine is waiting wakes
// nobody, and the wait has no condition to test, so the goroutine waits
// forever and the loop with it.
package kubernetes11298

import (
	"sync"
	"time"
)

// Signal is closed when the func given to After returns.
type Signal <-chan struct{}

// After runs f in a goroutine and closes the returned channel when f
// returns.
func After(f func()) Signal {
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		if f != nil {
			f()
		}
	}()
	return Signal(ch)
}

// Until runs f every period until stopCh closes.
func Until(f func(), period time.Duration, stopCh <-chan struct{}) {
	for {
		select {
		case <-stopCh:
			return
		default:
		}
		f()
		select {
		case <-stopCh:
			return
		case <-time.After(period):
		}
	}
}

type notifier struct {
	lock sync.Mutex
	cond *sync.Cond
	seen int
}

func newNotifier() *notifier {
	n := &notifier{}
	n.cond = sync.NewCond(&n.lock)
	return n
}

// serviceLoop waits for notifications until abort closes.
func (n *notifier) serviceLoop(abort <-chan struct{}) {
	n.lock.Lock()
	defer n.lock.Unlock()
	for {
		select {
		case <-abort:
			return
		default:
			ch := After(func() {
				// Known miss: the wait runs in a goroutine started through a helper and tests no condition; its Signal may come first and be lost, which needs ordering the model does not have (a Signal exists, so GL102 is silent).
				n.cond.Wait()
			})
			select {
			case <-abort:
				n.cond.Signal()
				<-ch
				return
			case <-ch:
				n.seen++
			}
		}
	}
}

// serviceLoopFixed has the shape we recall the fix took: the loop waits
// on the cond itself, for a count that only grows.
func (n *notifier) serviceLoopFixed(abort <-chan struct{}, want int) {
	n.lock.Lock()
	defer n.lock.Unlock()
	for n.seen < want {
		select {
		case <-abort:
			return
		default:
		}
		n.cond.Wait()
	}
}

func (n *notifier) notify() {
	n.lock.Lock()
	n.seen++
	n.lock.Unlock()
	n.cond.Signal()
}

// Notify runs the service loop until abort, with a notifier poking it.
func Notify(abort <-chan struct{}, fixed bool) {
	n := newNotifier()
	finished := After(func() {
		Until(n.notify, time.Millisecond, abort)
	})
	if fixed {
		n.serviceLoopFixed(finished, 10)
		return
	}
	Until(func() { n.serviceLoop(finished) }, 0, abort)
}
