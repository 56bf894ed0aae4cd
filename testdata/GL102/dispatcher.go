package gl102

import (
	"context"
	"sync"
)

// job is a unit of work with a monotonically increasing id.
type job struct {
	id      uint64
	payload []byte
}

// dispatcher hands jobs to a fixed set of workers and tracks which ids
// have been committed.
//
// Workers used to report on acks. They now report on commits (which carries
// the same ids) and acks is only made and read: waitAck's comma-ok receive
// never completes because the channel is neither sent on nor closed.
type dispatcher struct {
	queue   chan job
	commits chan uint64
	acks    chan uint64
	events  chan string
	wg      sync.WaitGroup
}

func newDispatcher(workers int, process func(job) error) *dispatcher {
	d := &dispatcher{
		queue:   make(chan job),
		commits: make(chan uint64, workers),
		acks:    make(chan uint64),
		events:  make(chan string, 16),
	}
	for i := 0; i < workers; i++ {
		d.wg.Add(1)
		go d.work(process)
	}
	return d
}

func (d *dispatcher) work(process func(job) error) {
	defer d.wg.Done()
	for j := range d.queue {
		if err := process(j); err != nil {
			d.events <- err.Error()
			continue
		}
		d.commits <- j.id
	}
}

// submit is fine: the workers range over d.queue.
func (d *dispatcher) submit(ctx context.Context, j job) error {
	select {
	case d.queue <- j:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// waitCommit is fine: work sends on d.commits.
func (d *dispatcher) waitCommit() uint64 {
	return <-d.commits
}

// waitAck is the stale API: acks has no sender and is never closed.
func (d *dispatcher) waitAck() (uint64, bool) {
	id, ok := <-d.acks // want "GL102"
	return id, ok
}

// drainEvents reads n per-job error events. Fine: work sends on d.events.
func (d *dispatcher) drainEvents(n int) []string {
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, <-d.events)
	}
	return out
}

// shutdown stops accepting work and waits for the workers.
func (d *dispatcher) shutdown() {
	close(d.queue)
	d.wg.Wait()
}
