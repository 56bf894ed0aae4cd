package gl105

import (
	"errors"
	"sort"
)

// migrator runs schema migrations after a fixed list of preflight checks.
type migrator struct {
	schemaVersion int
	locked        bool
	freeBytes     int64
}

func (m *migrator) checkSchema() error {
	if m.schemaVersion < 1 {
		return errors.New("schema not initialized")
	}
	return nil
}

func (m *migrator) checkLocks() error {
	if m.locked {
		return errors.New("migration lock held")
	}
	return nil
}

func (m *migrator) checkDiskSpace() error {
	if m.freeBytes < 1<<30 {
		return errors.New("less than 1GiB free")
	}
	return nil
}

// preflight queues its checks in a channel sized for the two checks it
// originally had. A third check was appended without growing the buffer:
// the third send finds the buffer full and nobody receiving, and blocks.
func (m *migrator) preflight() error {
	checks := make(chan func() error, 2)
	checks <- m.checkSchema
	checks <- m.checkLocks
	checks <- m.checkDiskSpace // want "GL105"
	close(checks)
	for check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// shutdownPlan lists the shutdown steps in order. The buffer holds one
// step; the second send blocks before anything is received.
func (m *migrator) shutdownPlan() []string {
	steps := make(chan string, 1)
	steps <- "drain"
	steps <- "flush" // want "GL105"
	close(steps)
	var plan []string
	for s := range steps {
		plan = append(plan, s)
	}
	return plan
}

// dependencyOrder walks the dependency graph breadth first, using a
// buffered channel as the queue. The root is never enqueued: the first
// receive finds the queue empty, and the only sends on the queue come
// later in the same function, so nothing can ever fill it.
func dependencyOrder(root string, deps map[string][]string) []string {
	queue := make(chan string, 128)
	seen := map[string]bool{root: true}
	var order []string
	for {
		n := <-queue // want "GL105"
		order = append(order, n)
		next := append([]string(nil), deps[n]...)
		sort.Strings(next)
		for _, d := range next {
			if !seen[d] {
				seen[d] = true
				queue <- d
			}
		}
		if len(queue) == 0 {
			return order
		}
	}
}

// handoffOnce puts one value in the buffer and takes it back out in a
// select before the next send: the buffer never overflows.
func handoffOnce(v int) int {
	c := make(chan int, 1)
	c <- v
	select {
	case got := <-c:
		v = got
	}
	c <- v + 1
	// The buffer is full: only the receive can proceed.
	select {
	case c <- 0:
	case got := <-c:
		v = got
	}
	c <- v + 2
	return <-c
}

// drainOrSkip takes the value back if there is one; with a value in the
// buffer the receive is ready, so `default` does not run and the next send
// finds room.
func drainOrSkip(v int) int {
	c := make(chan int, 1)
	c <- v
	select {
	case got := <-c:
		v = got
	default:
	}
	c <- v
	return <-c
}
