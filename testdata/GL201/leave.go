package gl201

import (
	"context"
	"sync"
)

// idleMonitor resets its idle timer on each write; when the connection
// closes, the monitor takes the writer's lock to mark itself gone and
// leaves. A writer holding the lock in its send waits for a monitor that
// waits for the lock.
type idleMonitor struct {
	mu      sync.Mutex
	resets  chan struct{}
	closed  chan struct{}
	stopped bool
	writes  int
}

func newIdleMonitor() *idleMonitor {
	m := &idleMonitor{resets: make(chan struct{}), closed: make(chan struct{})}
	go m.run()
	return m
}

func (m *idleMonitor) run() {
	for {
		select {
		case <-m.resets:
		case <-m.closed:
			m.mu.Lock()
			m.stopped = true
			m.mu.Unlock()
			return
		}
	}
}

func (m *idleMonitor) close() {
	close(m.closed)
}

func (m *idleMonitor) write() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return
	}
	m.writes++
	// GL101 too: once run has returned, nothing receives (the stopped
	// flag keeps later writes away, but not one already sending).
	m.resets <- struct{}{} // want "GL101" "GL201"
}

// eventPump's quit case calls a method that takes the lock.
type eventPump struct {
	mu      sync.Mutex
	events  chan string
	pending []string
	done    bool
}

func startEventPump(ctx context.Context) *eventPump {
	p := &eventPump{events: make(chan string)}
	go func() {
		for {
			select {
			case e := <-p.events:
				_ = e
			case <-ctx.Done():
				p.finish()
				return
			}
		}
	}()
	return p
}

func (p *eventPump) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = true
	p.pending = nil
}

func (p *eventPump) post(e string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.pending = append(p.pending, e)
	// GL101 too, as above.
	p.events <- e // want "GL101" "GL201"
}

// resultWaiter receives with the lock held; the producer, offered a
// cancellation instead, takes the lock to record it.
type resultWaiter struct {
	mu       sync.Mutex
	results  chan int
	cancel   chan struct{}
	canceled bool
	last     int
}

func newResultWaiter() *resultWaiter {
	w := &resultWaiter{results: make(chan int), cancel: make(chan struct{})}
	go w.produce()
	return w
}

func (w *resultWaiter) produce() {
	select {
	case w.results <- 42:
	case <-w.cancel:
		w.mu.Lock()
		w.canceled = true
		w.mu.Unlock()
	}
}

func (w *resultWaiter) wait() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.last = <-w.results // want "GL201"
	return w.last
}
