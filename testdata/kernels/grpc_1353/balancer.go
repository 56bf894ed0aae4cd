// Package grpc1353 is modelled on the shape of grpc#1353: the round-robin
// balancer sends each address update on its notify channel while holding
// its lock; the client connection's lbWatcher, ranging over that channel,
// brings up a connection for each new address, and the connection reports
// itself up to the balancer, which takes the same lock — so the watcher
// cannot come back for the next update the balancer is blocked sending.
package grpc1353

import "sync"

// Address is a server address.
type Address struct {
	Addr string
}

// Balancer picks addresses for RPCs.
type Balancer interface {
	Start(target string) error
	Up(addr Address) (down func(error))
	Notify() <-chan []Address
	Close() error
}

type roundRobin struct {
	mu     sync.Mutex
	addrs  []Address
	up     map[Address]bool
	addrCh chan []Address
	done   bool
	updc   chan []Address
}

func newRoundRobin() *roundRobin {
	return &roundRobin{
		up:     make(map[Address]bool),
		addrCh: make(chan []Address),
		updc:   make(chan []Address),
	}
}

func (rr *roundRobin) Start(target string) error {
	go func() {
		for addrs := range rr.updc {
			rr.watchAddrUpdates(addrs)
		}
	}()
	return nil
}

// watchAddrUpdates stores the new addresses and notifies the watcher with
// the lock held.
func (rr *roundRobin) watchAddrUpdates(addrs []Address) {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	if rr.done {
		return
	}
	rr.addrs = addrs
	open := make([]Address, len(addrs))
	copy(open, addrs)
	// Known miss: the channel is returned by Notify, an exported method of the balancer behind an exported interface, so code of other packages may receive from it without the lock; GL201 considers only channels nothing outside the package reaches.
	rr.addrCh <- open
}

func (rr *roundRobin) Up(addr Address) func(error) {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	rr.up[addr] = true
	return func(error) {
		rr.mu.Lock()
		delete(rr.up, addr)
		rr.mu.Unlock()
	}
}

func (rr *roundRobin) Notify() <-chan []Address { return rr.addrCh }

func (rr *roundRobin) Close() error {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	if rr.done {
		return nil
	}
	rr.done = true
	close(rr.addrCh)
	close(rr.updc)
	return nil
}

type addrConn struct {
	cc   *ClientConn
	addr Address
	down func(error)
}

func (ac *addrConn) resetTransport() {
	ac.down = ac.cc.balancer.Up(ac.addr)
}

// ClientConn is a client connection.
type ClientConn struct {
	mu       sync.Mutex
	balancer Balancer
	conns    map[Address]*addrConn
}

func (cc *ClientConn) lbWatcher() {
	for addrs := range cc.balancer.Notify() {
		cc.mu.Lock()
		var add []*addrConn
		for _, a := range addrs {
			if _, ok := cc.conns[a]; !ok {
				ac := &addrConn{cc: cc, addr: a}
				cc.conns[a] = ac
				add = append(add, ac)
			}
		}
		cc.mu.Unlock()
		for _, ac := range add {
			ac.resetTransport()
		}
	}
}

// Dial starts a client connection on the round-robin balancer.
func Dial(target string) *ClientConn {
	cc := &ClientConn{balancer: newRoundRobin(), conns: make(map[Address]*addrConn)}
	cc.balancer.Start(target)
	go cc.lbWatcher()
	return cc
}
