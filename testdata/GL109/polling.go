package gl109

import (
	"context"
	"errors"
	"log"
	"time"
)

// Loops that end only when their context is done: polling ctx.Err(), or a
// select whose only way out is the Done case.

// An indexer polls its context between flushes; nothing calls its cancel
// function, so run never returns.
type indexer struct {
	ctx    context.Context
	cancel context.CancelFunc
	docs   []string
}

func newIndexer() *indexer {
	ctx, cancel := context.WithCancel(context.Background())
	ix := &indexer{ctx: ctx, cancel: cancel}
	go ix.run()
	go ix.runUntilFail()
	return ix
}

func (ix *indexer) run() {
	for ix.ctx.Err() == nil { // want "GL109"
		ix.flush()
		time.Sleep(time.Second)
	}
}

// runUntilFail also ends when a flush fails: silent.
func (ix *indexer) runUntilFail() {
	for {
		if ix.ctx.Err() != nil {
			return
		}
		if err := ix.step(); err != nil {
			log.Printf("indexer: %v", err)
			return
		}
	}
}

func (ix *indexer) flush() { log.Printf("flushing %d docs", len(ix.docs)) }

func (ix *indexer) step() error {
	if len(ix.docs) == 0 {
		return errors.New("nothing to index")
	}
	ix.docs = ix.docs[1:]
	return nil
}

// A compactor's loop leaves only through its Done case.
type compactor struct {
	ctx    context.Context
	cancel context.CancelFunc
	quit   chan struct{}
}

func newCompactor() *compactor {
	ctx, cancel := context.WithCancel(context.Background())
	c := &compactor{ctx: ctx, cancel: cancel, quit: make(chan struct{})}
	go c.run()
	go c.runWithQuit()
	return c
}

func (c *compactor) run() {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-c.ctx.Done(): // want "GL109"
			return
		case <-t.C:
			log.Print("compacting")
		}
	}
}

// runWithQuit also returns when quit is closed: silent.
func (c *compactor) runWithQuit() {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-c.quit:
			return
		case <-t.C:
			log.Print("compacting")
		}
	}
}

func (c *compactor) stop() { close(c.quit) }

// A lease renews itself until revoked; withLease forgets to revoke it when
// the work fails, and the renewing goroutine never ends.
type lease struct {
	id     string
	ctx    context.Context
	cancel context.CancelFunc
}

func grantLease(id string) *lease {
	ctx, cancel := context.WithCancel(context.Background())
	l := &lease{id: id, ctx: ctx, cancel: cancel}
	go l.keepAlive()
	return l
}

func (l *lease) keepAlive() {
	for l.ctx.Err() == nil {
		log.Printf("renewing lease %s", l.id)
		time.Sleep(time.Second)
	}
}

// Revoke ends the lease.
func (l *lease) Revoke() { l.cancel() }

func withLease(id string, work func() error) error {
	l := grantLease(id) // want "GL109"
	if err := work(); err != nil {
		return err
	}
	l.Revoke()
	return nil
}

// withLeaseFixed revokes on every path: silent.
func withLeaseFixed(id string, work func() error) error {
	l := grantLease(id)
	defer l.Revoke()
	return work()
}
