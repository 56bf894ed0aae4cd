package gl101

import (
	"io"
	"time"
)

// Owner goroutines whose request channels cannot strand a sender. Nothing
// in this file is reported.

type metricPoint struct {
	name  string
	value float64
}

// metricsSink's loop exits on quit, but record selects on quit too.
type metricsSink struct {
	points chan metricPoint
	quit   chan struct{}
	totals map[string]float64
}

func newMetricsSink() *metricsSink {
	s := &metricsSink{points: make(chan metricPoint), quit: make(chan struct{}), totals: make(map[string]float64)}
	go s.loop()
	return s
}

func (s *metricsSink) loop() {
	for {
		select {
		case p := <-s.points:
			s.totals[p.name] += p.value
		case <-s.quit:
			return
		}
	}
}

func (s *metricsSink) record(name string, v float64) {
	select {
	case s.points <- metricPoint{name: name, value: v}:
	case <-s.quit:
	}
}

func (s *metricsSink) stop() { close(s.quit) }

// auditLog's loop ranges over entries: it only ends when shutdown closes
// the channel, after which no one may write.
type auditLog struct {
	entries chan string
	w       io.Writer
	done    chan struct{}
}

func newAuditLog(w io.Writer) *auditLog {
	l := &auditLog{entries: make(chan string), w: w, done: make(chan struct{})}
	go l.loop()
	return l
}

func (l *auditLog) loop() {
	defer close(l.done)
	for e := range l.entries {
		_, _ = io.WriteString(l.w, e+"\n")
	}
}

func (l *auditLog) write(e string) { l.entries <- e }

func (l *auditLog) shutdown() {
	close(l.entries)
	<-l.done
}

type connEvent struct {
	addr string
	open bool
}

// connTracker's loop exits only when it sees events closed.
type connTracker struct {
	events chan connEvent
	open   map[string]int
}

func newConnTracker() *connTracker {
	t := &connTracker{events: make(chan connEvent), open: make(map[string]int)}
	go t.loop()
	return t
}

func (t *connTracker) loop() {
	for {
		ev, ok := <-t.events
		if !ok {
			return
		}
		if ev.open {
			t.open[ev.addr]++
		} else {
			t.open[ev.addr]--
		}
	}
}

func (t *connTracker) connOpened(addr string) { t.events <- connEvent{addr: addr, open: true} }

func (t *connTracker) connClosed(addr string) { t.events <- connEvent{addr: addr, open: false} }

func (t *connTracker) stop() { close(t.events) }

// rateLimiter's loop lives as long as the process: it has no return, so the
// send in wait is eventually received.
type rateLimiter struct {
	acquires chan struct{}
	tokens   int
	burst    int
}

func newRateLimiter(every time.Duration, burst int) *rateLimiter {
	l := &rateLimiter{acquires: make(chan struct{}), tokens: burst, burst: burst}
	go l.loop(every)
	return l
}

func (l *rateLimiter) loop(every time.Duration) {
	refill := time.NewTicker(every)
	for {
		acquires := l.acquires
		if l.tokens == 0 {
			acquires = nil // no token: stop serving until the next refill
		}
		select {
		case <-acquires:
			l.tokens--
		case <-refill.C:
			if l.tokens < l.burst {
				l.tokens++
			}
		}
	}
}

func (l *rateLimiter) wait() { l.acquires <- struct{}{} }

// heartbeater's loop is started by every connect, but only the first one
// runs it: the others return at the guard before the loop. The guard's
// return is no way for the loop to stop serving, and the loop itself ends
// only on the stop request it receives: stop sends once, when the state
// says the loop is running (regression: gocql's controlConn.heartBeat).
type heartbeater struct {
	running chan bool
	stopc   chan struct{}
	beat    func() error
}

func newHeartbeater(beat func() error) *heartbeater {
	h := &heartbeater{running: make(chan bool, 1), stopc: make(chan struct{}), beat: beat}
	h.running <- false
	return h
}

func (h *heartbeater) connect() {
	go h.loop()
}

func (h *heartbeater) loop() {
	if <-h.running {
		h.running <- true
		return
	}
	h.running <- true
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-h.stopc:
			return
		case <-t.C:
			_ = h.beat()
		}
	}
}

func (h *heartbeater) stop() {
	if <-h.running {
		h.running <- false
		h.stopc <- struct{}{} // ok: the loop runs and leaves only on this value
		return
	}
	h.running <- false
}

// uploader polls its state channel with a `default` between uploads and
// returns once told to stop: the poll is no quit case, and the stop is the
// value sent (regression: rclone's backgroundWriter).
type uploader struct {
	state chan int
	next  func() bool
}

func startUploader(next func() bool) *uploader {
	u := &uploader{state: make(chan int), next: next}
	go u.run()
	return u
}

func (u *uploader) run() {
	state := 0
	for {
		select {
		case s := <-u.state:
			state = s
		default:
		}
		switch state {
		case 1:
			time.Sleep(10 * time.Millisecond)
			continue
		case 2:
			return
		}
		if !u.next() {
			time.Sleep(time.Second)
		}
	}
}

func (u *uploader) pause()  { u.state <- 1 } // ok: run polls until told to stop
func (u *uploader) resume() { u.state <- 0 } // ok: run polls until told to stop
func (u *uploader) close()  { u.state <- 2 } // ok: the stop itself
