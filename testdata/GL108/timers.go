// Package gl108 waits on timers: RPC deadlines, retry back-off, and
// debounced flushes.
package gl108

import (
	"errors"
	"log"
	"time"
)

var errTimeout = errors.New("timed out")

type reply struct{ body []byte }

// call waits for a reply or the deadline, then stops the timer with the
// pre-Go 1.23 drain idiom. After the timeout case the timer's value is
// gone: the drain waits forever and the caller hangs instead of returning
// errTimeout.
func call(replies <-chan reply, timeout time.Duration) (reply, error) {
	t := time.NewTimer(timeout)
	var r reply
	var err error
	select {
	case r = <-replies:
	case <-t.C:
		err = errTimeout
	}
	if !t.Stop() {
		<-t.C // want "GL108"
	}
	return r, err
}

// callDrainOnlyIfPending drains only on the path where the value was not
// received: the right pre-1.23 idiom, silent.
func callDrainOnlyIfPending(replies <-chan reply, timeout time.Duration) (reply, error) {
	t := time.NewTimer(timeout)
	select {
	case r := <-replies:
		if !t.Stop() {
			<-t.C // ok: the timeout case was not taken
		}
		return r, nil
	case <-t.C:
		return reply{}, errTimeout
	}
}

// callDeferStop just stops the timer: silent.
func callDeferStop(replies <-chan reply, timeout time.Duration) (reply, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case r := <-replies:
		return r, nil
	case <-t.C:
		return reply{}, errTimeout
	}
}

// callNonBlockingDrain drains without blocking: silent.
func callNonBlockingDrain(replies <-chan reply, timeout time.Duration) (reply, error) {
	t := time.NewTimer(timeout)
	var r reply
	var err error
	select {
	case r = <-replies:
	case <-t.C:
		err = errTimeout
	}
	if !t.Stop() {
		select {
		case <-t.C: // ok: has a default
		default:
		}
	}
	return r, err
}

// pollEvery uses a timer as a ticker but never re-arms it: the second
// iteration waits forever and the poller stops polling.
func pollEvery(every time.Duration, poll func() bool) {
	t := time.NewTimer(every)
	for {
		<-t.C // want "GL108"
		if !poll() {
			return
		}
	}
}

// pollEveryReset re-arms the timer after each tick: silent.
func pollEveryReset(every time.Duration, poll func() bool) {
	t := time.NewTimer(every)
	for {
		<-t.C // ok: reset below
		if !poll() {
			return
		}
		t.Reset(every)
	}
}

// retry backs off with a fresh timer per attempt: silent.
func retry(attempts int, backoff time.Duration, try func() error) error {
	var err error
	for i := 0; i < attempts; i++ {
		if err = try(); err == nil {
			return nil
		}
		t := time.NewTimer(backoff << i)
		<-t.C // ok: a new timer each iteration
	}
	return err
}

// flushLater schedules a flush with AfterFunc and then waits on the
// timer's channel, which AfterFunc leaves nil: it never returns.
func flushLater(d time.Duration, flush func()) {
	t := time.AfterFunc(d, flush)
	<-t.C // want "GL108"
	log.Print("flushed")
}

// flushLaterDone waits for a done channel the callback closes: silent.
func flushLaterDone(d time.Duration, flush func()) {
	done := make(chan struct{})
	t := time.AfterFunc(d, func() {
		flush()
		close(done)
	})
	defer t.Stop()
	<-done
	log.Print("flushed")
}

func use() {
	replies := make(chan reply, 1)
	replies <- reply{}
	_, _ = call(replies, time.Second)
	_, _ = callDrainOnlyIfPending(replies, time.Second)
	_, _ = callDeferStop(replies, time.Second)
	_, _ = callNonBlockingDrain(replies, time.Second)
	go pollEvery(time.Second, func() bool { return false })
	go pollEveryReset(time.Second, func() bool { return false })
	_ = retry(1, time.Millisecond, func() error { return nil })
	go flushLater(time.Second, func() {})
	flushLaterDone(time.Millisecond, func() {})
	_ = serveIdle(nil, nil, time.Second)
}

// serveIdle stops an idle timer when a connection arrives and re-arms it
// when the last one leaves (x/tools jsonrpc2's Serve): the drain runs again
// only after a Reset, under conditions on the count. Silent.
func serveIdle(conns <-chan int, closed <-chan error, idle time.Duration) error {
	active := 0
	t := time.NewTimer(idle)
	defer t.Stop()
	for {
		select {
		case _, ok := <-conns:
			if !ok {
				return nil
			}
			if active == 0 && !t.Stop() {
				<-t.C // ok: drains at most once per Reset
			}
			active++
		case <-closed:
			active--
			if active == 0 {
				t.Reset(idle)
			}
		case <-t.C:
			return errTimeout
		}
	}
}
