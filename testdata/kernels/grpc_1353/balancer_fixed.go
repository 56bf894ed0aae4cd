package grpc1353

import "sync"

// fixedRoundRobin has the fix we recall upstream made: the update is sent
// after the lock is released.
type fixedRoundRobin struct {
	mu     sync.Mutex
	addrs  []Address
	up     map[Address]bool
	addrCh chan []Address
	done   bool
}

func (rr *fixedRoundRobin) watchAddrUpdates(addrs []Address) {
	rr.mu.Lock()
	if rr.done {
		rr.mu.Unlock()
		return
	}
	rr.addrs = addrs
	open := make([]Address, len(addrs))
	copy(open, addrs)
	rr.mu.Unlock()
	rr.addrCh <- open
}

func (rr *fixedRoundRobin) markUp(addr Address) {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	rr.up[addr] = true
}

func (rr *fixedRoundRobin) watch() {
	for addrs := range rr.addrCh {
		for _, a := range addrs {
			rr.markUp(a)
		}
	}
}

func runFixed() {
	rr := &fixedRoundRobin{up: make(map[Address]bool), addrCh: make(chan []Address)}
	go rr.watch()
	rr.watchAddrUpdates([]Address{{Addr: "a"}})
	rr.watchAddrUpdates([]Address{{Addr: "b"}})
}
