package gl105

import (
	"errors"
	"sync"
)

// The correct variants of stop_from_loop.go: the loop returns instead of
// waiting for itself, stops from another goroutine, closes before it
// waits, or waits on another object's channel. Nothing here is reported.

type worker struct {
	jobs chan func()
	quit chan struct{}
	done chan struct{}
	once sync.Once
}

func newWorker() *worker {
	w := &worker{
		jobs: make(chan func()),
		quit: make(chan struct{}),
		done: make(chan struct{}),
	}
	go w.run()
	return w
}

// run returns on a nil job: its deferred close then ends Stop's wait.
func (w *worker) run() {
	defer close(w.done)
	for {
		select {
		case <-w.quit:
			return
		case job := <-w.jobs:
			if job == nil {
				return
			}
			job()
		}
	}
}

// Stop is called by other goroutines, never by run.
func (w *worker) Stop() {
	w.once.Do(func() { close(w.quit) })
	<-w.done
}

// supervisor restarts a crashed worker from its own goroutine: the Stop
// runs in a new goroutine, so run can return.
type supervisor struct {
	crashed chan struct{}
	done    chan struct{}
	quit    chan struct{}
	once    sync.Once
}

func (s *supervisor) run() {
	defer close(s.done)
	for {
		select {
		case <-s.quit:
			return
		case <-s.crashed:
			go s.Stop()
		}
	}
}

func (s *supervisor) Stop() {
	s.once.Do(func() { close(s.quit) })
	<-s.done
}

// pipeline closes its stage before waiting on it.
func pipeline(items []int) int {
	stage := make(chan struct{})
	sum := 0
	for _, it := range items {
		sum += it
	}
	close(stage)
	waitStage(stage)
	return sum
}

func waitStage(stage chan struct{}) {
	<-stage
}

// group waits for its children's channels, not its own.
type group struct {
	children []*group
	done     chan struct{}
}

func (g *group) shutdown() error {
	defer close(g.done)
	for _, c := range g.children {
		<-c.done
	}
	if len(g.children) == 0 {
		return errors.New("empty group")
	}
	return nil
}

// parseCache suppresses duplicate work: the goroutine that misses
// computes the entry and closes its ready channel; the ones that hit wait
// for it. The wait and the close are on exclusive branches of different
// calls, run by different goroutines.
type parseCache struct {
	mu      sync.Mutex
	entries map[string]*parseEntry
}

type parseEntry struct {
	ready chan struct{}
	n     int
	err   error
}

func (c *parseCache) parse(name string) (int, error) {
	c.mu.Lock()
	e, ok := c.entries[name]
	if ok {
		c.mu.Unlock()
		<-e.ready
	} else {
		e = &parseEntry{ready: make(chan struct{})}
		c.entries[name] = e
		c.mu.Unlock()
		e.n, e.err = len(name), nil
		if name == "" {
			e.err = errors.New("empty name")
		}
		close(e.ready)
	}
	return e.n, e.err
}
