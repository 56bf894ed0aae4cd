package gl102

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// The correct variants: every receive below can complete, because the
// channel is sent on or closed somewhere in the package, is filled by
// another package, or is reachable from outside the package. Nothing in
// this file is reported.

// waitForSignal is fine: signal.Notify (another package) sends on sigc.
func waitForSignal() os.Signal {
	sigc := make(chan os.Signal, 1)
	signal.Notify(sigc, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigc)
	return <-sigc
}

// backoffSleep is fine: time.After returns a channel the runtime sends on.
func backoffSleep(attempt int) {
	d := time.Duration(1<<uint(attempt)) * 100 * time.Millisecond
	<-time.After(d)
}

// runUntilCancelled is fine: t.C is sent on by the ticker.
func runUntilCancelled(ctx context.Context, every time.Duration, tick func()) {
	t := time.NewTicker(every)
	defer t.Stop()
	for ctx.Err() == nil {
		<-t.C
		tick()
	}
}

// waitCancelled is fine: ctx.Done() is closed by the context package.
func waitCancelled(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}

// WaitClosed is fine: done is a parameter of an exported function, so the
// caller (possibly in another package) owns the sending side.
func WaitClosed(done chan struct{}) {
	<-done
}

// Shutdown is an exported package variable: importers may close it.
var Shutdown = make(chan struct{})

func waitShutdown() {
	<-Shutdown // fine: exported, closed outside the package
}

// Hook exposes its channel as an exported field, so importers send on it.
type Hook struct {
	Fire chan string
}

func (h *Hook) await() string {
	return <-h.Fire // fine: exported field
}

// leaseKeeper renews a lease in the background.
type leaseKeeper struct {
	renewed  chan time.Time
	released chan struct{}
	revoked  chan struct{}
}

func newLeaseKeeper() *leaseKeeper {
	return &leaseKeeper{
		renewed:  make(chan time.Time),
		released: make(chan struct{}),
		revoked:  make(chan struct{}),
	}
}

// renew sends on renewed from another method, in another goroutine.
func (l *leaseKeeper) renew(every time.Duration) {
	for {
		select {
		case <-l.released:
			return
		case <-time.After(every):
			l.renewed <- time.Now()
		}
	}
}

// release closes released from yet another method.
func (l *leaseKeeper) release() { close(l.released) }

func (l *leaseKeeper) lastRenewal() time.Time {
	return <-l.renewed // fine: renew sends on l.renewed
}

func (l *leaseKeeper) waitReleased() {
	<-l.released // fine: release closes l.released
}

// waitRevokedOrTimeout is fine: revoked has no sender, but the receive is
// one case of a select whose other case completes.
func (l *leaseKeeper) waitRevokedOrTimeout(d time.Duration) bool {
	select {
	case <-l.revoked:
		return true
	case <-time.After(d):
		return false
	}
}

// collectOne is fine: the goroutine sends on the local result channel.
func collectOne(fetch func() (string, error)) (string, error) {
	type result struct {
		body string
		err  error
	}
	resc := make(chan result, 1)
	go func() {
		body, err := fetch()
		resc <- result{body, err}
	}()
	r := <-resc
	return r.body, r.err
}

// waitFlushed is fine: the channel is handed to flushInBackground, which
// closes it when the flush is done.
func waitFlushed(flush func()) {
	flushed := make(chan struct{})
	flushInBackground(flush, flushed)
	<-flushed
}

func flushInBackground(flush func(), flushed chan struct{}) {
	go func() {
		defer close(flushed)
		flush()
	}()
}

// drainClosed is fine: the comma-ok receive reads from a channel the
// producer closes.
func drainClosed(values []int) int {
	ch := make(chan int)
	go func() {
		for _, v := range values {
			ch <- v
		}
		close(ch)
	}()
	sum := 0
	for {
		v, ok := <-ch
		if !ok {
			return sum
		}
		sum += v
	}
}
