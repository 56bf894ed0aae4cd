package gl105

import (
	"sort"
	"sync"
	"time"
)

// The correct variants: the buffer is large enough, a receive comes
// between the sends, another goroutine or function holds the other end,
// or the operation cannot block. Nothing in this file is reported.

// currentLeaderAsync is the original currentLeader: the lookup runs in a
// goroutine started before the receive, which is its partner.
func (c *clusterClient) currentLeaderAsync(timeout time.Duration) string {
	leaderc := make(chan string, 1)
	go func() {
		leaderc <- c.lookupLeader()
	}()
	select {
	case l := <-leaderc:
		return l
	case <-time.After(timeout):
		return ""
	}
}

// cachedLeader: one send into a buffer of one, then the receive.
func (c *clusterClient) cachedLeader() string {
	leaderc := make(chan string, 1)
	leaderc <- c.lookupLeader()
	return <-leaderc
}

// probeAllConcurrent hands the unbuffered channel to one goroutine per
// peer before receiving.
func (c *clusterClient) probeAllConcurrent(query func(string) (int, error)) map[string]int {
	results := make(chan peerStatus)
	for _, p := range c.peers {
		go func(p string) {
			term, err := query(p)
			results <- peerStatus{addr: p, term: term, err: err}
		}(p)
	}
	terms := make(map[string]int)
	for range c.peers {
		if r := <-results; r.err == nil {
			terms[r.addr] = r.term
		}
	}
	return terms
}

// probeAllSized gives the channel room for every peer. The capacity is not
// a constant, so the sends in the loop are not counted.
func (c *clusterClient) probeAllSized(query func(string) (int, error)) []peerStatus {
	results := make(chan peerStatus, len(c.peers))
	for _, p := range c.peers {
		term, err := query(p)
		results <- peerStatus{addr: p, term: term, err: err}
	}
	close(results)
	var out []peerStatus
	for r := range results {
		out = append(out, r)
	}
	return out
}

// coalesceWakeups folds a burst of change events into at most one wakeup:
// every send is a select case with a default, so a full buffer drops the
// event instead of blocking.
func coalesceWakeups(events []string, reload func()) {
	dirty := make(chan struct{}, 1)
	for range events {
		select {
		case dirty <- struct{}{}:
		default:
		}
	}
	select {
	case <-dirty:
		reload()
	default:
	}
}

// signalWorker passes the channel to a helper that starts the receiver.
func signalWorker(job string, run func(string)) {
	jobs := make(chan string)
	startWorker(jobs, run)
	jobs <- job
	close(jobs)
}

func startWorker(jobs chan string, run func(string)) {
	go func() {
		for j := range jobs {
			run(j)
		}
	}()
}

// batcher keeps its channel in a struct; the flush loop, started as a
// method goroutine, drains it through the field: no self-deadlock.
// Nothing closes items, but nothing can stop a batcher either: its flush
// loop is meant to live as long as the program (GL103 stays silent).
type batcher struct {
	mu      sync.Mutex
	items   chan string
	flushed []string
}

func newBatcher(initial []string) *batcher {
	items := make(chan string)
	b := &batcher{items: items}
	go b.flushLoop()
	for _, it := range initial {
		items <- it
	}
	return b
}

func (b *batcher) flushLoop() {
	for it := range b.items { // ok: a batcher has no way to stop
		b.mu.Lock()
		b.flushed = append(b.flushed, it)
		b.mu.Unlock()
	}
}

// preflightSized makes room for all three checks.
func (m *migrator) preflightSized() error {
	checks := make(chan func() error, 3)
	checks <- m.checkSchema
	checks <- m.checkLocks
	checks <- m.checkDiskSpace
	close(checks)
	for check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// stepByStep receives between the two sends, so the buffer of one never
// overflows.
func stepByStep(run func(string) error) error {
	steps := make(chan string, 1)
	steps <- "drain"
	if err := run(<-steps); err != nil {
		return err
	}
	steps <- "flush"
	return run(<-steps)
}

// dependencyOrderSeeded enqueues the root before the first receive.
func dependencyOrderSeeded(root string, deps map[string][]string) []string {
	queue := make(chan string, 128)
	seen := map[string]bool{root: true}
	queue <- root
	var order []string
	for len(queue) > 0 {
		n := <-queue
		order = append(order, n)
		next := append([]string(nil), deps[n]...)
		sort.Strings(next)
		for _, d := range next {
			if !seen[d] {
				seen[d] = true
				queue <- d
			}
		}
	}
	return order
}
