package gl102

import "sync"

// jobQueue hands jobs from producers to a worker through a sync.Cond.
//
// The signal used to live in notify, which a refactoring inlined into push
// without the Signal call: nothing signals the condition any more, and the
// worker waits forever once the queue is empty.
type jobQueue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []func()
}

func newJobQueue() *jobQueue {
	q := &jobQueue{}
	q.cond = sync.NewCond(&q.mu)
	go q.work()
	return q
}

func (q *jobQueue) push(job func()) {
	q.mu.Lock()
	q.items = append(q.items, job)
	q.mu.Unlock()
}

func (q *jobQueue) work() {
	for {
		q.mu.Lock()
		for len(q.items) == 0 {
			q.cond.Wait() // want "GL102"
		}
		job := q.items[0]
		q.items = q.items[1:]
		q.mu.Unlock()
		job()
	}
}

// signalQueue is the same queue with the signal: silent.
type signalQueue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []func()
}

func newSignalQueue() *signalQueue {
	q := &signalQueue{}
	q.cond = sync.NewCond(&q.mu)
	go q.work()
	return q
}

func (q *signalQueue) push(job func()) {
	q.mu.Lock()
	q.items = append(q.items, job)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *signalQueue) work() {
	for {
		q.mu.Lock()
		for len(q.items) == 0 {
			q.cond.Wait() // ok: push signals
		}
		job := q.items[0]
		q.items = q.items[1:]
		q.mu.Unlock()
		job()
	}
}

// loadGate lets readers wait until a snapshot is loaded; load broadcasts.
type loadGate struct {
	mu     sync.Mutex
	cond   *sync.Cond
	loaded bool
}

func newLoadGate() *loadGate {
	g := &loadGate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// Known miss: a `sync.Cond` held by value (`cond sync.Cond`, its `L` set by
// hand) is not tracked as an object yet, so neither an unsignaled wait on
// it nor a stuck wait loop is reported.
type valueGate struct {
	mu    sync.Mutex
	cond  sync.Cond
	ready bool
}

func (g *valueGate) wait() {
	g.cond.L = &g.mu
	g.mu.Lock()
	for !g.ready {
		g.cond.Wait() // missed: nothing signals g.cond
	}
	g.mu.Unlock()
}

func (g *loadGate) load() {
	g.mu.Lock()
	g.loaded = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

// wait tests the field each time it wakes up: silent.
func (g *loadGate) wait() {
	g.mu.Lock()
	for !g.loaded {
		g.cond.Wait() // ok: load sets g.loaded and broadcasts
	}
	g.mu.Unlock()
}

// waitCopy copied the flag into a local before waiting: the broadcast
// wakes it, but the loop tests the copy, which nothing changes, and waits
// again forever.
func (g *loadGate) waitCopy() {
	g.mu.Lock()
	ready := g.loaded
	for !ready {
		g.cond.Wait() // want "GL102"
	}
	g.mu.Unlock()
}

// waitRefresh refreshes its local copy after each wake-up: silent.
func (g *loadGate) waitRefresh() {
	g.mu.Lock()
	ready := g.loaded
	for !ready {
		g.cond.Wait() // ok: the loop reads the field again
		ready = g.loaded
	}
	g.mu.Unlock()
}

func useGates() {
	g := newLoadGate()
	go g.load()
	g.wait()
	g.waitCopy()
	g.waitRefresh()
	new(valueGate).wait()
	newJobQueue().push(func() {})
	newSignalQueue().push(func() {})
}
