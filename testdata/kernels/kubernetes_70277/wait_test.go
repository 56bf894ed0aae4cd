package kubernetes70277

import (
	"testing"
	"time"
)

func TestWaitForClosesStopCh(t *testing.T) {
	stopCh := make(chan struct{})
	defer close(stopCh)
	waitFunc := poller(time.Millisecond, 0)
	var doneCh <-chan struct{}
	WaitFor(func(done <-chan struct{}) <-chan struct{} {
		doneCh = done
		return waitFunc(done)
	}, func() (bool, error) {
		return true, nil
	}, stopCh)
	// Known miss: doneCh is stopCh, handed to WaitFor and back through the wait function's parameter into a captured variable; GL105 follows the closed channel through variables the test holds, not through a func value's parameter.
	<-doneCh
}

func TestWaitForFixedClosesStopCh(t *testing.T) {
	stopCh := make(chan struct{})
	defer close(stopCh)
	waitFunc := poller(time.Millisecond, 0)
	var doneCh <-chan struct{}
	WaitForFixed(func(done <-chan struct{}) <-chan struct{} {
		doneCh = done
		return waitFunc(done)
	}, func() (bool, error) {
		return true, nil
	}, stopCh)
	<-doneCh
}
