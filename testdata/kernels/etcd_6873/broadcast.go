// Package etcd6873 is modelled on the shape of etcd#6873: the grpc proxy's
// watch broadcasts are coalesced by a goroutine that ranges over an update
// channel and takes the broadcasts' lock for each update; stop closes the
// update channel and waits for the goroutine to finish while still holding
// that lock, so the goroutine, busy with an update, can never take it.
package etcd6873

import "sync"

type watchBroadcast struct {
	rev int64
}

type watchBroadcasts struct {
	mu      sync.Mutex
	bcasts  map[*watchBroadcast]struct{}
	updatec chan *watchBroadcast
	donec   chan struct{}
}

func newWatchBroadcasts() *watchBroadcasts {
	wbs := &watchBroadcasts{
		bcasts:  make(map[*watchBroadcast]struct{}),
		updatec: make(chan *watchBroadcast, 1),
		donec:   make(chan struct{}),
	}
	go func() {
		defer close(wbs.donec)
		for wb := range wbs.updatec {
			wbs.coalesce(wb)
		}
	}()
	return wbs
}

func (wbs *watchBroadcasts) coalesce(wb *watchBroadcast) {
	wbs.mu.Lock()
	defer wbs.mu.Unlock()
	for other := range wbs.bcasts {
		if other.rev < wb.rev {
			delete(wbs.bcasts, other)
		}
	}
	wbs.bcasts[wb] = struct{}{}
}

func (wbs *watchBroadcasts) update(wb *watchBroadcast) {
	select {
	case wbs.updatec <- wb:
	default:
	}
}

// stop waits for the coalescing goroutine with the lock held.
func (wbs *watchBroadcasts) stop() {
	wbs.mu.Lock()
	defer wbs.mu.Unlock()
	for wb := range wbs.bcasts {
		delete(wbs.bcasts, wb)
	}
	close(wbs.updatec)
	<-wbs.donec // want "GL201"
}

// stopFixed has the fix we recall upstream made: the lock is released
// before waiting for the goroutine.
func (wbs *watchBroadcasts) stopFixed() {
	wbs.mu.Lock()
	for wb := range wbs.bcasts {
		delete(wbs.bcasts, wb)
	}
	close(wbs.updatec)
	wbs.mu.Unlock()
	<-wbs.donec
}

func proxy(fixed bool) {
	wbs := newWatchBroadcasts()
	wbs.update(&watchBroadcast{rev: 1})
	if fixed {
		wbs.stopFixed()
		return
	}
	wbs.stop()
}
