// Package grpc1424 is modelled on the shape of grpc#1424: the client
// connection's balancer watcher ranges over the balancer's notify channel,
// which Close never closes, so the watcher goroutine outlives the
// connection; the fix closes the channel in Close.
package grpc1424

import "sync"

// Address is one backend address.
type Address struct {
	Addr string
}

type roundRobin struct {
	mu       sync.Mutex
	addrs    []Address
	addrCh   chan []Address
	done     bool
	watching bool
}

func newRoundRobin() *roundRobin {
	return &roundRobin{addrCh: make(chan []Address, 1)}
}

func (rr *roundRobin) notify() <-chan []Address {
	return rr.addrCh
}

func (rr *roundRobin) update(addrs []Address) {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	if rr.done {
		return
	}
	rr.addrs = addrs
	select {
	case <-rr.addrCh:
	default:
	}
	rr.addrCh <- addrs
}

// close marks the balancer done without closing the notify channel.
func (rr *roundRobin) close() {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	rr.done = true
}

type clientConn struct {
	balancer *roundRobin
	mu       sync.Mutex
	conns    map[string]bool
}

func dial(rr *roundRobin) *clientConn {
	cc := &clientConn{balancer: rr, conns: map[string]bool{}}
	go cc.lbWatcher()
	return cc
}

func (cc *clientConn) lbWatcher() {
	for addrs := range cc.balancer.notify() { // want "GL103"
		cc.mu.Lock()
		cc.conns = map[string]bool{}
		for _, a := range addrs {
			cc.conns[a.Addr] = true
		}
		cc.mu.Unlock()
	}
}

func (cc *clientConn) close() {
	cc.balancer.close()
}

type fixedRoundRobin struct {
	mu     sync.Mutex
	addrCh chan []Address
	done   bool
}

func (rr *fixedRoundRobin) update(addrs []Address) {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	if rr.done {
		return
	}
	select {
	case <-rr.addrCh:
	default:
	}
	rr.addrCh <- addrs
}

// close ends the watcher's range.
func (rr *fixedRoundRobin) close() {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	if !rr.done {
		rr.done = true
		close(rr.addrCh)
	}
}

func watchFixed(rr *fixedRoundRobin) map[string]bool {
	conns := map[string]bool{}
	var mu sync.Mutex
	go func() {
		for addrs := range rr.addrCh {
			mu.Lock()
			for _, a := range addrs {
				conns[a.Addr] = true
			}
			mu.Unlock()
		}
	}()
	return conns
}
