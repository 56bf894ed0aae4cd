// Package moby21233 is modelled on the shape of moby#21233: each transfer
// starts a watcher goroutine that writes progress to the caller's output,
// a channel wrapped as an Output; the test's progress reader stops
// reading early, and releasing the transfer then waits for the watcher,
// which is blocked writing progress nobody reads.
package moby21233

import "sync"

// Progress is one progress update.
type Progress struct {
	ID      string
	Current int64
}

// Output receives progress.
type Output interface {
	WriteProgress(Progress) error
}

type chanOutput chan<- Progress

func (out chanOutput) WriteProgress(p Progress) error {
	// Known miss: the sender is a watcher goroutine started by watch and reaches the channel through an Output interface; the reader that stops early is a goroutine of another function, and a range that breaks on what it reads is taken as the end of the protocol.
	out <- p
	return nil
}

// ChanOutput wraps a channel as an Output.
func ChanOutput(progressChan chan<- Progress) Output {
	return chanOutput(progressChan)
}

// Watcher follows one transfer for one output.
type Watcher struct {
	signalChan  chan struct{}
	releaseChan chan struct{}
	running     chan struct{}
}

type transfer struct {
	mu       sync.Mutex
	progress Progress
	watchers map[chan struct{}]*Watcher
}

func newTransfer(id string) *transfer {
	return &transfer{progress: Progress{ID: id}, watchers: make(map[chan struct{}]*Watcher)}
}

func (t *transfer) watch(progressOutput Output) *Watcher {
	t.mu.Lock()
	defer t.mu.Unlock()
	w := &Watcher{
		releaseChan: make(chan struct{}),
		signalChan:  make(chan struct{}),
		running:     make(chan struct{}),
	}
	t.watchers[w.releaseChan] = w
	go func() {
		defer close(w.running)
		for {
			t.mu.Lock()
			p := t.progress
			t.mu.Unlock()
			progressOutput.WriteProgress(p)
			select {
			case <-w.signalChan:
			case <-w.releaseChan:
				return
			}
		}
	}()
	return w
}

func (t *transfer) release(w *Watcher) {
	t.mu.Lock()
	delete(t.watchers, w.releaseChan)
	t.mu.Unlock()
	close(w.releaseChan)
	<-w.running
}

func transferAll(ids []string, stopEarly func(Progress) bool) {
	progressChan := make(chan Progress)
	progressDone := make(chan struct{})
	go func() {
		for p := range progressChan {
			if stopEarly(p) {
				break
			}
		}
		close(progressDone)
	}()
	var transfers []*transfer
	var watchers []*Watcher
	for _, id := range ids {
		t := newTransfer(id)
		transfers = append(transfers, t)
		watchers = append(watchers, t.watch(ChanOutput(progressChan)))
	}
	for i, t := range transfers {
		t.release(watchers[i])
	}
	close(progressChan)
	<-progressDone
}

// transferAllFixed has the fix we recall upstream made: the reader drains
// the channel to its close instead of stopping early.
func transferAllFixed(ids []string, seen func(Progress)) {
	progressChan := make(chan Progress)
	progressDone := make(chan struct{})
	go func() {
		for p := range progressChan {
			seen(p)
		}
		close(progressDone)
	}()
	var transfers []*transfer
	var watchers []*Watcher
	for _, id := range ids {
		t := newTransfer(id)
		transfers = append(transfers, t)
		watchers = append(watchers, t.watch(ChanOutput(progressChan)))
	}
	for i, t := range transfers {
		t.release(watchers[i])
	}
	close(progressChan)
	<-progressDone
}
