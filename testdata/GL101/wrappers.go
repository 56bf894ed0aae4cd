package gl101

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Goroutines started through a helper rather than a `go` statement of
// their own: a function that takes a func and starts it, time.AfterFunc, a
// method value handed to such a helper, a func kept in a struct field, a
// closure returned by a method. The func is the goroutine's body all the
// same, and the function that made the channel can still walk away from
// it.

var errIndexTimeout = errors.New("index: timed out")

// workers starts background jobs and lets Wait wait for all of them.
type workers struct {
	wg sync.WaitGroup
}

// Go runs job in a goroutine of its own.
func (w *workers) Go(job func()) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		job()
	}()
}

// goNamed hands its job on to Go.
func (w *workers) goNamed(name string, job func()) {
	_ = name
	w.Go(job)
}

// indexer builds search indexes in the background.
type indexer struct {
	bg      *workers
	timeout time.Duration
	// onBuilt is called once an index is built.
	onBuilt func()
}

func buildIndex(docs []string) map[string]int {
	idx := make(map[string]int, len(docs))
	for i, d := range docs {
		idx[d] = i
	}
	return idx
}

// rebuild waits for the job Go started, but not past its timeout: the job
// then blocks on its send.
func (ix *indexer) rebuild(docs []string) (map[string]int, error) {
	done := make(chan map[string]int)
	ix.bg.Go(func() {
		done <- buildIndex(docs) // want "GL101"
	})
	select {
	case idx := <-done:
		return idx, nil
	case <-time.After(ix.timeout):
		return nil, errIndexTimeout
	}
}

// rebuildNamed goes through two helpers; the job still runs in its own
// goroutine.
func (ix *indexer) rebuildNamed(docs []string) (map[string]int, error) {
	done := make(chan map[string]int)
	ix.bg.goNamed("rebuild", func() {
		done <- buildIndex(docs) // want "GL101"
	})
	select {
	case idx := <-done:
		return idx, nil
	case <-time.After(ix.timeout):
		return nil, errIndexTimeout
	}
}

// rebuildBuffered leaves room for the job's one send.
func (ix *indexer) rebuildBuffered(docs []string) (map[string]int, error) {
	done := make(chan map[string]int, 1)
	ix.bg.Go(func() {
		done <- buildIndex(docs)
	})
	select {
	case idx := <-done:
		return idx, nil
	case <-time.After(ix.timeout):
		return nil, errIndexTimeout
	}
}

// rebuildWait always receives: the job's send completes.
func (ix *indexer) rebuildWait(docs []string) map[string]int {
	done := make(chan map[string]int)
	ix.bg.Go(func() {
		done <- buildIndex(docs)
	})
	return <-done
}

// warmAfter runs the warm-up after delay with time.AfterFunc, in a
// goroutine of the timer's own, and stops waiting when ctx ends.
func warmAfter(ctx context.Context, delay time.Duration, docs []string) error {
	ready := make(chan struct{})
	time.AfterFunc(delay, func() {
		buildIndex(docs)
		ready <- struct{}{} // want "GL101"
	})
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// warmAfterClosed signals by closing: a close never blocks.
func warmAfterClosed(ctx context.Context, delay time.Duration, docs []string) error {
	ready := make(chan struct{})
	time.AfterFunc(delay, func() {
		buildIndex(docs)
		close(ready)
	})
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// snapshotter writes snapshots; its take method is handed around as a
// method value.
type snapshotter struct {
	bg    *workers
	taken chan int
	state []string
}

// take reports the snapshot's size on out.
func (s *snapshotter) take(out chan<- int) {
	out <- len(s.state) // want "GL101"
}

// launch starts f with the snapshot's result channel.
func launch(f func(chan<- int), out chan<- int) {
	go f(out)
}

// snapshotWithin starts take through a method value and can give up.
func (s *snapshotter) snapshotWithin(d time.Duration) (int, bool) {
	out := make(chan int)
	launch(s.take, out)
	select {
	case n := <-out:
		return n, true
	case <-time.After(d):
		return 0, false
	}
}

// notifyBuilt runs the onBuilt hook, kept in a field, in a goroutine: the
// hook set by newNotifyingIndexer sends on a channel the caller abandons.
func (ix *indexer) notifyBuilt(d time.Duration, built <-chan struct{}) bool {
	go ix.onBuilt()
	select {
	case <-built:
		return true
	case <-time.After(d):
		return false
	}
}

func newNotifyingIndexer(bg *workers, d time.Duration) (*indexer, bool) {
	built := make(chan struct{})
	ix := &indexer{bg: bg, timeout: d}
	ix.onBuilt = func() {
		built <- struct{}{} // want "GL101"
	}
	return ix, ix.notifyBuilt(d, built)
}

// progress returns the reporter of a long job: a closure over its channel.
func (ix *indexer) progress(ticks chan<- int) func() {
	return func() {
		for i := 0; i < 3; i++ {
			ticks <- i // want "GL101"
		}
	}
}

// watchProgress starts the returned closure and stops listening after the
// first tick it does not like.
func (ix *indexer) watchProgress() int {
	ticks := make(chan int)
	go ix.progress(ticks)()
	for t := range ticks {
		if t > 0 {
			return t
		}
	}
	return 0
}

// lazyIndex builds its index once; sync.Once.Do runs the func in the
// caller's goroutine, so the func's send has the caller as its only
// partner-to-be — GL105's business, not a leaked goroutine.
type lazyIndex struct {
	once  sync.Once
	ready chan map[string]int
	docs  []string
}

func newLazyIndex(docs []string) *lazyIndex {
	return &lazyIndex{ready: make(chan map[string]int, 1), docs: docs}
}

// get fills the buffered channel once and reads it back each time.
func (l *lazyIndex) get() map[string]int {
	l.once.Do(func() {
		l.ready <- buildIndex(l.docs)
	})
	idx := <-l.ready
	l.ready <- idx
	return idx
}

// runWithDeadline runs work in a goroutine and closes stop when it gives
// up waiting, so that work can return.
func runWithDeadline(d time.Duration, work func(stop <-chan struct{}) error) error {
	result := make(chan error, 1)
	stop := make(chan struct{})
	go func() {
		result <- work(stop)
	}()
	select {
	case err := <-result:
		return err
	case <-time.After(d):
		close(stop)
		return errIndexTimeout
	}
}

// rebuildStoppable's job waits on stop: the helper that starts it closes
// stop before it returns on a timeout, so the job is not left behind.
func (ix *indexer) rebuildStoppable(docs []string) error {
	return runWithDeadline(ix.timeout, func(stop <-chan struct{}) error {
		<-stop
		buildIndex(docs)
		return nil
	})
}
