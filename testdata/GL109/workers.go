// Package gl109 runs background workers that stop when their context ends.
package gl109

import (
	"context"
	"log"
	"sync"
	"time"
)

// poller polls a source until stopped. Its stop method was meant to cancel
// the context but only waits: nothing calls p.cancel, so run never returns
// and stop hangs on the wait group.
type poller struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	poll   func()
}

func newPoller(poll func()) *poller {
	ctx, cancel := context.WithCancel(context.Background())
	p := &poller{ctx: ctx, cancel: cancel, poll: poll}
	p.wg.Add(1)
	go p.run()
	return p
}

func (p *poller) run() {
	defer p.wg.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			p.poll()
		case <-p.ctx.Done(): // want "GL109"
			return
		}
	}
}

// waitStopped blocks until the poller's context ends, which never happens.
func (p *poller) waitStopped() {
	<-p.ctx.Done() // want "GL109"
	log.Print("poller stopped")
}

func (p *poller) stop() {
	p.wg.Wait()
}

// watcher is the same worker with a stop method that cancels: silent.
type watcher struct {
	ctx    context.Context
	cancel context.CancelFunc
	events chan string
}

func newWatcher() *watcher {
	ctx, cancel := context.WithCancel(context.Background())
	w := &watcher{ctx: ctx, cancel: cancel, events: make(chan string)}
	go w.run()
	return w
}

func (w *watcher) run() {
	<-w.ctx.Done() // ok: stop cancels
	close(w.events)
}

func (w *watcher) stop() { w.cancel() }

// session keeps its cancel function in a local and never calls it: the
// cleanup goroutine leaks. (go vet's lostcancel says nothing: the local is
// stored in a field.)
type session struct {
	done   context.CancelFunc
	closed chan struct{}
}

func openSession() *session {
	ctx, cancel := context.WithCancel(context.TODO())
	s := &session{closed: make(chan struct{})}
	s.done = cancel
	go func() {
		<-ctx.Done() // want "GL109"
		close(s.closed)
	}()
	return s
}

// timedSession has a deadline: its context ends on its own. Silent.
func timedSession(d time.Duration) *session {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	s := &session{closed: make(chan struct{}), done: cancel}
	go func() {
		<-ctx.Done() // ok: the deadline ends it
		close(s.closed)
	}()
	return s
}

// childSession derives from a caller's context, which may end: silent.
func childSession(parent context.Context) *session {
	ctx, cancel := context.WithCancel(parent)
	s := &session{closed: make(chan struct{}), done: cancel}
	go func() {
		<-ctx.Done() // ok: the parent may be cancelled
		close(s.closed)
	}()
	return s
}

// handedOff returns its cancel function to the caller, who may call it:
// silent.
func handedOff() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-ctx.Done() // ok: the caller holds cancel
		log.Print("released")
	}()
	return ctx, cancel
}

// deferredCancel cancels when it returns: silent.
func deferredCancel(work func(context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		<-ctx.Done() // ok: cancelled by the defer
		close(done)
	}()
	work(ctx)
}

func use() {
	p := newPoller(func() {})
	go p.waitStopped()
	p.stop()
	newWatcher().stop()
	_ = openSession()
	_ = timedSession(time.Second)
	_ = childSession(context.Background())
	_, cancel := handedOff()
	cancel()
	deferredCancel(func(context.Context) {})
}
