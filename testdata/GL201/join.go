package gl201

import "sync"

// workerPool stops its worker by closing quit and waiting for done, which the
// worker closes when it returns; the worker's loop takes the workerPool's lock
// for each job.
type workerPool struct {
	mu   sync.Mutex
	jobs chan int
	quit chan struct{}
	done chan struct{}
	sum  int
}

func newWorkerPool() *workerPool {
	p := &workerPool{jobs: make(chan int, 8), quit: make(chan struct{}), done: make(chan struct{})}
	go p.work()
	return p
}

func (p *workerPool) work() {
	defer close(p.done)
	for {
		select {
		case j := <-p.jobs:
			p.add(j)
		case <-p.quit:
			return
		}
	}
}

func (p *workerPool) add(j int) {
	p.mu.Lock()
	p.sum += j
	p.mu.Unlock()
}

// stop waits for the worker with the lock held: a worker waiting for the
// lock in add never returns, and done is never closed.
func (p *workerPool) stop() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(p.quit)
	<-p.done // want "GL201"
	return p.sum
}

// flusher's goroutine closes done in a deferred literal, after a loop
// that takes the lock on every tick.
type flusher struct {
	mu      sync.Mutex
	pending []string
	ticks   chan struct{}
	done    chan struct{}
}

func newFlusher() *flusher {
	f := &flusher{ticks: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer func() {
			close(f.done)
		}()
		for range f.ticks {
			f.mu.Lock()
			f.pending = f.pending[:0]
			f.mu.Unlock()
		}
	}()
	return f
}

func (f *flusher) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	close(f.ticks)
	<-f.done // want "GL201"
}
