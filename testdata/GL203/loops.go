package gl203

import (
	"errors"
	"sync"
	"time"
)

// A loop that takes its lock on each round and leaves with it held.

type poller struct {
	mu      sync.Mutex
	stopped bool
	seen    int
}

// run is a goroutine's body: its `return` inside the loop keeps the lock,
// and nothing can unlock it once the goroutine has ended.
func (p *poller) run() {
	for {
		p.mu.Lock() // want "GL203"
		if p.stopped {
			return
		}
		p.seen++
		p.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

func (p *poller) Start() {
	go p.run()
}

func (p *poller) Stop() {
	p.mu.Lock()
	p.stopped = true
	p.mu.Unlock()
}

type item struct {
	key string
	val []byte
}

type journal struct {
	sync.Mutex
	entries []item
	limit   int
}

var errFull = errors.New("journal full")

func (j *journal) write(it item) error {
	if len(j.entries) >= j.limit {
		return errFull
	}
	j.entries = append(j.entries, it)
	return nil
}

// AppendAll breaks out of its loop on an error with the embedded lock
// held, and returns: the other rounds unlock it.
func (j *journal) AppendAll(items []item) error {
	var err error
	for _, it := range items {
		j.Lock() // want "GL203"
		if err = j.write(it); err != nil {
			break
		}
		j.Unlock()
	}
	return err
}

type scheduler struct {
	mu     sync.Mutex
	queues [][]string
	done   map[string]bool
}

// Drain leaves both loops with a labelled `break`, holding the lock the
// outer loop takes on each round.
func (s *scheduler) Drain() int {
	n := 0
outer:
	for _, q := range s.queues {
		s.mu.Lock() // want "GL203"
		for _, job := range q {
			if s.done[job] {
				break outer
			}
			n++
		}
		s.mu.Unlock()
	}
	return n
}

// watch runs in a goroutine started from a function literal, with a mutex
// the literal shares with its parent.
func watch(events <-chan string) *int {
	var mu sync.Mutex
	count := new(int)
	go func() {
		for ev := range events {
			mu.Lock() // want "GL203"
			if ev == "close" {
				break
			}
			*count++
			mu.Unlock()
		}
	}()
	return count
}
