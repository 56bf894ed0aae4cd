package gl201

import "sync"

// quietPool releases the lock before it waits for the worker.
type quietPool struct {
	mu   sync.Mutex
	jobs chan int
	quit chan struct{}
	done chan struct{}
	sum  int
}

func newQuietPool() *quietPool {
	p := &quietPool{jobs: make(chan int, 8), quit: make(chan struct{}), done: make(chan struct{})}
	go p.work()
	return p
}

func (p *quietPool) work() {
	defer close(p.done)
	for {
		select {
		case j := <-p.jobs:
			p.mu.Lock()
			p.sum += j
			p.mu.Unlock()
		case <-p.quit:
			return
		}
	}
}

func (p *quietPool) stop() int {
	p.mu.Lock()
	close(p.quit)
	p.mu.Unlock()
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sum
}

// countingPool's worker takes a lock of its own, not the one stop holds.
type countingPool struct {
	mu      sync.Mutex
	statsMu sync.Mutex
	jobs    chan int
	done    chan struct{}
	count   int
}

func newCountingPool() *countingPool {
	p := &countingPool{jobs: make(chan int), done: make(chan struct{})}
	go p.work()
	return p
}

func (p *countingPool) work() {
	defer close(p.done)
	for range p.jobs {
		p.statsMu.Lock()
		p.count++
		p.statsMu.Unlock()
	}
}

func (p *countingPool) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(p.jobs)
	<-p.done
}

// setupOnce's goroutine takes the lock once, before its loop, which takes
// no lock: the lock is not on a loop it runs on its way out.
type setupOnce struct {
	mu    sync.Mutex
	ready bool
	in    chan int
	done  chan struct{}
}

func newSetupOnce() *setupOnce {
	s := &setupOnce{in: make(chan int), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		s.mu.Lock()
		s.ready = true
		s.mu.Unlock()
		for v := range s.in {
			_ = v
		}
	}()
	return s
}

func (s *setupOnce) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.in)
	<-s.done
}

// readerJoin: both sides take the read lock only.
type readerJoin struct {
	mu    sync.RWMutex
	table map[string]int
	in    chan string
	done  chan struct{}
	hits  int
}

func newReaderJoin() *readerJoin {
	r := &readerJoin{table: map[string]int{}, in: make(chan string), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		for k := range r.in {
			r.mu.RLock()
			r.hits += r.table[k]
			r.mu.RUnlock()
		}
	}()
	return r
}

func (r *readerJoin) stop() {
	r.mu.RLock()
	defer r.mu.RUnlock()
	close(r.in)
	<-r.done
}
