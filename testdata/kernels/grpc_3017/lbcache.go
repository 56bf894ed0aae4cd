// Package grpc3017 is modelled on the shape of grpc#3017: the balancer's
// sub-connection cache removes an idle sub-connection after a timeout, in
// a `time.AfterFunc` callback that locks the cache and returns early,
// without unlocking, when the deletion was aborted in the meantime. The
// next `RemoveSubConn` or `NewSubConn` blocks forever.
package grpc3017

import (
	"sync"
	"time"
)

type Address struct{ Addr string }

type SubConn interface {
	Connect()
}

type ClientConn interface {
	NewSubConn(addrs []Address) (SubConn, error)
	RemoveSubConn(sc SubConn)
}

type subConnCacheEntry struct {
	sc            SubConn
	cancel        func()
	abortDeleting bool
}

type lbCacheClientConn struct {
	cc      ClientConn
	timeout time.Duration

	mu            sync.Mutex
	subConnCache  map[Address]*subConnCacheEntry
	subConnToAddr map[SubConn]Address
}

func newLBCacheClientConn(cc ClientConn) *lbCacheClientConn {
	return &lbCacheClientConn{
		cc:            cc,
		timeout:       10 * time.Second,
		subConnCache:  make(map[Address]*subConnCacheEntry),
		subConnToAddr: make(map[SubConn]Address),
	}
}

func (ccc *lbCacheClientConn) NewSubConn(addrs []Address) (SubConn, error) {
	addrWithoutMetadata := addrs[0]
	ccc.mu.Lock()
	defer ccc.mu.Unlock()
	if entry, ok := ccc.subConnCache[addrWithoutMetadata]; ok {
		entry.cancel()
		delete(ccc.subConnCache, addrWithoutMetadata)
		return entry.sc, nil
	}
	scNew, err := ccc.cc.NewSubConn(addrs)
	if err != nil {
		return nil, err
	}
	ccc.subConnToAddr[scNew] = addrWithoutMetadata
	return scNew, nil
}

func (ccc *lbCacheClientConn) RemoveSubConn(sc SubConn) {
	ccc.mu.Lock()
	defer ccc.mu.Unlock()
	addr, ok := ccc.subConnToAddr[sc]
	if !ok {
		return
	}
	if entry, ok := ccc.subConnCache[addr]; ok {
		if entry.sc != sc {
			delete(ccc.subConnToAddr, sc)
			ccc.cc.RemoveSubConn(sc)
		}
		return
	}
	entry := &subConnCacheEntry{sc: sc}
	ccc.subConnCache[addr] = entry
	timer := time.AfterFunc(ccc.timeout, func() {
		ccc.mu.Lock()
		if entry.abortDeleting {
			return // want "GL203"
		}
		ccc.cc.RemoveSubConn(sc)
		delete(ccc.subConnToAddr, sc)
		delete(ccc.subConnCache, addr)
		ccc.mu.Unlock()
	})
	entry.cancel = func() {
		if !timer.Stop() {
			entry.abortDeleting = true
		}
	}
}

// removeSubConnFixed is upstream's fix: the callback unlocks on the
// aborted path too.
func (ccc *lbCacheClientConn) removeSubConnFixed(sc SubConn) {
	ccc.mu.Lock()
	defer ccc.mu.Unlock()
	addr, ok := ccc.subConnToAddr[sc]
	if !ok {
		return
	}
	entry := &subConnCacheEntry{sc: sc}
	ccc.subConnCache[addr] = entry
	timer := time.AfterFunc(ccc.timeout, func() {
		ccc.mu.Lock()
		defer ccc.mu.Unlock()
		if entry.abortDeleting {
			return
		}
		ccc.cc.RemoveSubConn(sc)
		delete(ccc.subConnToAddr, sc)
		delete(ccc.subConnCache, addr)
	})
	entry.cancel = func() {
		if !timer.Stop() {
			entry.abortDeleting = true
		}
	}
}
