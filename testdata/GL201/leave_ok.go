package gl201

import (
	"context"
	"sync"
)

// idleMonitorOK's writer offers the reset without blocking.
type idleMonitorOK struct {
	mu      sync.Mutex
	resets  chan struct{}
	closed  chan struct{}
	stopped bool
}

func newIdleMonitorOK() *idleMonitorOK {
	m := &idleMonitorOK{resets: make(chan struct{}), closed: make(chan struct{})}
	go m.run()
	return m
}

func (m *idleMonitorOK) run() {
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

func (m *idleMonitorOK) close() {
	close(m.closed)
}

func (m *idleMonitorOK) write() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return
	}
	select {
	case m.resets <- struct{}{}:
	case <-m.closed:
	}
}

// statsPump's quit case takes another lock than the sender's: no lock
// cycle, but a post after the context ends is abandoned (GL101's).
type statsPump struct {
	mu     sync.Mutex
	statMu sync.Mutex
	events chan string
	count  int
	closed bool
}

func startStatsPump(ctx context.Context) *statsPump {
	p := &statsPump{events: make(chan string)}
	go func() {
		for {
			select {
			case <-p.events:
			case <-ctx.Done():
				p.statMu.Lock()
				p.closed = true
				p.statMu.Unlock()
				return
			}
		}
	}()
	return p
}

func (p *statsPump) post(e string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.count++
	p.events <- e // want "GL101"
}

// batchPump takes the lock after it received, in the receive's own case:
// the send has completed by then.
type batchPump struct {
	mu    sync.Mutex
	items chan int
	quit  chan struct{}
	total int
}

func newBatchPump() *batchPump {
	p := &batchPump{items: make(chan int), quit: make(chan struct{})}
	go p.run()
	return p
}

func (p *batchPump) run() {
	select {
	case n := <-p.items:
		p.mu.Lock()
		p.total += n
		p.mu.Unlock()
	case <-p.quit:
	}
}

func (p *batchPump) add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.items <- n
}

// bufferedMonitor's resets have room for the one reset a write makes
// before the monitor gives up.
type bufferedMonitor struct {
	mu      sync.Mutex
	resets  chan struct{}
	closed  chan struct{}
	stopped bool
}

func newBufferedMonitor() *bufferedMonitor {
	m := &bufferedMonitor{resets: make(chan struct{}, 1), closed: make(chan struct{})}
	go m.run()
	return m
}

func (m *bufferedMonitor) run() {
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

func (m *bufferedMonitor) write() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return
	}
	m.resets <- struct{}{}
}
