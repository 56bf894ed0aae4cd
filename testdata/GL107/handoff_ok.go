package gl107

import (
	"net"
	"net/http"
	"time"
)

// Channels handed out before the send, on some path: silent.

// roundTrip starts the fake server only when the test case needs one, and
// tells it to return under the same condition. A path that skips the first
// `if` and takes the second does not happen; the send is not reported.
func roundTrip(needServer bool, ln net.Listener) {
	release := make(chan time.Time)
	if needServer {
		go serveUntil(ln, release)
	}
	if needServer {
		release <- time.Now() // ok: the server was started on the same condition
	}
}

func serveUntil(ln net.Listener, release <-chan time.Time) {
	go http.Serve(ln, nil)
	select {
	case <-release:
	case <-time.After(time.Minute):
	}
	ln.Close()
}

// applyBatch hands its notify channel to the applier inside a struct sent
// on a queue, then signals it.
type batch struct {
	entries []string
	notify  chan struct{}
}

type applier struct {
	queue chan batch
}

func (a *applier) run() {
	for b := range a.queue {
		<-b.notify
	}
}

func (a *applier) applyBatch(entries []string) {
	notify := make(chan struct{}, 1)
	b := batch{entries: entries, notify: notify}
	a.queue <- b
	notify <- struct{}{} // ok: the applier has the channel through b
}

func (a *applier) stop() { close(a.queue) }

// crash sends on a channel it has just closed: that panics (GL106's), it
// does not block.
func crash() {
	done := make(chan struct{})
	go func() {
		close(done)
		done <- struct{}{} // want "GL106"
	}()
}
