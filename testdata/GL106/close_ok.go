package gl106

import (
	"errors"
	"io"
	"sync"
)

// The correct variants: each channel is closed at most once on every path
// and nothing is sent after its close. Nothing in this file is reported.

// emitRecordsFixed returns right after closing out.
func emitRecordsFixed(src rowSource, out chan<- record) error {
	for {
		r, err := src.next()
		if err == io.EOF {
			close(out)
			return nil
		}
		if err != nil {
			close(out)
			return err
		}
		out <- r
	}
}

// validateRecordsFixed closes results in exactly one place, after the loop.
func validateRecordsFixed(in <-chan record, results chan<- result) {
	defer close(results)
	for r := range in {
		if len(r.cols) == 0 {
			results <- result{rec: r, err: errors.New("empty row")}
			return
		}
		results <- result{rec: r}
	}
}

// finishBatch closes in one of two branches; only one of them runs.
func finishBatch(failed bool, ok, failedc chan struct{}) {
	if failed {
		close(failedc)
	} else {
		close(ok)
	}
}

// finishOrAbort closes the same channel in two branches of an if/else:
// still one close per call.
func finishOrAbort(err error, done chan error) {
	if err != nil {
		done <- err
		close(done)
	} else {
		close(done)
	}
}

// flushShardsFixed closes flushed once, after the loop.
func flushShardsFixed(shards []*shard, flushed chan struct{}) error {
	for _, sh := range shards {
		if err := sh.flush(); err != nil {
			return err
		}
	}
	close(flushed)
	return nil
}

// closeQuitGuarded is the usual idempotent stop: it closes quit only if
// quit is not closed yet. The close is in the default case, once.
func (s *relayServer) closeQuitGuarded() {
	select {
	case <-s.quit:
	default:
		close(s.quit)
	}
}

// onceCloser makes close idempotent with sync.Once.
type onceCloser struct {
	once    sync.Once
	closing chan struct{}
}

func (c *onceCloser) shut() {
	c.once.Do(func() { close(c.closing) })
}

// shutTwice calls shut twice; the Once runs the close a single time.
func (c *onceCloser) shutTwice() {
	c.shut()
	c.shut()
}

// restartableWorker replaces its job channel on restart.
type restartableWorker struct {
	mu   sync.Mutex
	jobs chan string
	run  func(string)
}

// restart stops the old loop by closing its channel, then makes a new
// channel before sending on it: the send goes to the new channel.
func (w *restartableWorker) restart(pending []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.jobs)
	w.jobs = make(chan string, len(pending))
	for _, j := range pending {
		w.jobs <- j
	}
	go w.loop(w.jobs)
}

func (w *restartableWorker) loop(jobs chan string) {
	for j := range jobs {
		w.run(j)
	}
}

// stopAll closes two different channels, each once.
func (s *relayServer) stopAll(ticks chan struct{}) {
	close(s.quit)
	close(ticks)
}

// emitUntil closes out and leaves the loop with break; nothing after the
// loop touches out.
func emitUntil(limit int, out chan<- int) int {
	n := 0
	for {
		if n == limit {
			close(out)
			break
		}
		out <- n
		n++
	}
	return n
}

// readAllLines uses only the deferred close; every send happens before the
// function returns.
func readAllLines(lines []string, out chan<- string) {
	defer close(out)
	for _, l := range lines {
		out <- l
	}
}

// versionBroadcaster wakes every waiter of the current version by closing
// its channel and installing a fresh one.
type versionBroadcaster struct {
	mu      sync.Mutex
	version int
	changed chan struct{}
}

func (b *versionBroadcaster) bump() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.version++
	close(b.changed)
	b.changed = make(chan struct{})
}

// bumpTwice is fine: bump closes the field's current channel each time,
// and bump itself replaces it after closing.
func (b *versionBroadcaster) bumpTwice() {
	b.bump()
	b.bump()
}
