// Package kubernetes25331 is modelled on the shape of kubernetes#25331: the
// etcd3 watcher's run loop waits for an error from its watching goroutine
// and hands it to the user on the result channel with a plain send; the
// user (the cacher's dispatcher) has stopped reading and called Stop, so
// the send blocks forever. The fix sends in a select that also watches the
// watcher's context, which Stop cancels.
package kubernetes25331

import (
	"context"
	"errors"
	"sync"
)

// Event is one watch event, or an error.
type Event struct {
	Type  string
	Error error
}

type watchChan struct {
	ctx        context.Context
	cancel     context.CancelFunc
	resultChan chan Event
	errChan    chan error
	incoming   chan Event
}

func newWatchChan(parent context.Context) *watchChan {
	ctx, cancel := context.WithCancel(parent)
	return &watchChan{
		ctx:        ctx,
		cancel:     cancel,
		resultChan: make(chan Event),
		errChan:    make(chan error, 1),
		incoming:   make(chan Event, 100),
	}
}

func (wc *watchChan) stop() { wc.cancel() }

func (wc *watchChan) results() <-chan Event { return wc.resultChan }

func (wc *watchChan) sendError(err error) {
	select {
	case wc.errChan <- err:
	case <-wc.ctx.Done():
	}
}

func (wc *watchChan) startWatching(watchClosed chan struct{}) {
	defer close(watchClosed)
	wc.sendError(errors.New("etcd: compacted"))
}

func transformErrorToEvent(err error) *Event {
	if err == nil {
		return nil
	}
	return &Event{Type: "ERROR", Error: err}
}

func (wc *watchChan) run() {
	watchClosed := make(chan struct{})
	go wc.startWatching(watchClosed)
	var wg sync.WaitGroup
	select {
	case err := <-wc.errChan:
		if errors.Is(err, context.Canceled) {
			break
		}
		if errResult := transformErrorToEvent(err); errResult != nil {
			wc.resultChan <- *errResult // want "GL101"
		}
	case <-watchClosed:
	case <-wc.ctx.Done():
	}
	wc.cancel()
	wg.Wait()
	close(wc.resultChan)
}

// runFixed has the fix we recall upstream made: the error is offered to the
// user only while the user has not given up.
func (wc *watchChan) runFixed() {
	watchClosed := make(chan struct{})
	go wc.startWatching(watchClosed)
	select {
	case err := <-wc.errChan:
		if errors.Is(err, context.Canceled) {
			break
		}
		if errResult := transformErrorToEvent(err); errResult != nil {
			select {
			case wc.resultChan <- *errResult:
			case <-wc.ctx.Done():
			}
		}
	case <-watchClosed:
	case <-wc.ctx.Done():
	}
	wc.cancel()
	close(wc.resultChan)
}

type cacher struct {
	stopCh chan struct{}
	events []Event
}

// dispatch reads the watcher's results until the cacher stops, then stops
// the watcher without draining it.
func (c *cacher) dispatch(w *watchChan) {
	for {
		select {
		case ev, ok := <-w.results():
			if !ok {
				return
			}
			c.events = append(c.events, ev)
		case <-c.stopCh:
			w.stop()
			return
		}
	}
}

func (c *cacher) watch(fixed bool) {
	w := newWatchChan(context.Background())
	if fixed {
		go w.runFixed()
	} else {
		go w.run()
	}
	go c.dispatch(w)
}

func (c *cacher) Stop() { close(c.stopCh) }
