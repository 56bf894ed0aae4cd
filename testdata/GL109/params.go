package gl109

import (
	"context"
	"log"
)

// The context reaches the goroutine as an argument: every call of the
// function passes the context of an origin whose cancel nothing calls.

// reaper removes expired sessions until its context ends. Its close method
// forgets to call cancel, so reap never returns.
type reaper struct {
	cancel  context.CancelFunc
	expired chan string
}

func newReaper() *reaper {
	ctx, cancel := context.WithCancel(context.Background())
	r := &reaper{cancel: cancel, expired: make(chan string)}
	go r.reap(ctx)
	return r
}

func (r *reaper) reap(ctx context.Context) {
	for {
		select {
		case id := <-r.expired:
			log.Printf("session %s expired", id)
		default:
			<-ctx.Done() // want "GL109"
			return
		}
	}
}

func (r *reaper) close() { close(r.expired) }

// janitor is the same worker with a close method that cancels: silent.
type janitor struct {
	cancel context.CancelFunc
}

func newJanitor() *janitor {
	ctx, cancel := context.WithCancel(context.Background())
	j := &janitor{cancel: cancel}
	go j.sweep(ctx)
	return j
}

func (j *janitor) sweep(ctx context.Context) {
	<-ctx.Done()
	log.Print("janitor stopped")
}

func (j *janitor) close() { j.cancel() }

// flusher's loop is also started with a caller's context, which may end:
// one call passing another context is enough to stay silent.
type flusher struct {
	cancel context.CancelFunc
}

func newFlusher() *flusher {
	ctx, cancel := context.WithCancel(context.Background())
	f := &flusher{cancel: cancel}
	go flushLoop(ctx)
	return f
}

func flushWithin(ctx context.Context) {
	go flushLoop(ctx)
}

func flushLoop(ctx context.Context) {
	<-ctx.Done()
	log.Print("flusher stopped")
}
