// Package etcd7443 is modelled on the shape of etcd#7443: the client
// balancer's notify loop hands address lists to the gRPC side with a plain
// send; once Close has stopped the consumer, the loop blocks on that send
// and Close, waiting for the loop to finish, blocks with it.
package etcd7443

import "sync"

// Address is one endpoint as the RPC layer sees it.
type Address struct {
	Addr string
}

type simpleBalancer struct {
	addrs    []Address
	notifyCh chan []Address

	mu      sync.RWMutex
	upc     chan struct{}
	stopc   chan struct{}
	donec   chan struct{}
	pinAddr string
	closed  bool
}

func newSimpleBalancer(eps []string) *simpleBalancer {
	addrs := make([]Address, len(eps))
	for i := range eps {
		addrs[i].Addr = eps[i]
	}
	sb := &simpleBalancer{
		addrs:    addrs,
		notifyCh: make(chan []Address),
		upc:      make(chan struct{}),
		stopc:    make(chan struct{}),
		donec:    make(chan struct{}),
	}
	go sb.updateNotifyLoop()
	go sb.watchNotify()
	return sb
}

// watchNotify is the RPC side reading the updates, until the balancer
// closes.
func (b *simpleBalancer) watchNotify() {
	for {
		select {
		case addrs := <-b.notifyCh:
			b.mu.Lock()
			if len(addrs) > 0 {
				b.pinAddr = addrs[0].Addr
			}
			b.mu.Unlock()
		case <-b.stopc:
			return
		}
	}
}

func (b *simpleBalancer) updateNotifyLoop() {
	defer close(b.donec)
	for {
		b.mu.RLock()
		upc := b.upc
		b.mu.RUnlock()
		select {
		case <-upc:
		case <-b.stopc:
			return
		}
		b.mu.RLock()
		addrs := b.addrs
		b.mu.RUnlock()
		b.notifyCh <- addrs // want "GL101"
	}
}

// Close stops the loops and waits for the notify loop to end.
func (b *simpleBalancer) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	close(b.stopc)
	b.mu.Unlock()
	<-b.donec
	return nil
}

// up is called when a connection comes up.
func (b *simpleBalancer) up() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		close(b.upc)
		b.upc = make(chan struct{})
	}
}

// fixedBalancer sends the update in a select with stopc, as we recall the upstream fix.
type fixedBalancer struct {
	addrs    []Address
	notifyCh chan []Address

	mu      sync.RWMutex
	upc     chan struct{}
	stopc   chan struct{}
	donec   chan struct{}
	pinAddr string
	closed  bool
}

func newFixedBalancer(eps []string) *fixedBalancer {
	addrs := make([]Address, len(eps))
	for i := range eps {
		addrs[i].Addr = eps[i]
	}
	sb := &fixedBalancer{
		addrs:    addrs,
		notifyCh: make(chan []Address),
		upc:      make(chan struct{}),
		stopc:    make(chan struct{}),
		donec:    make(chan struct{}),
	}
	go sb.updateNotifyLoop()
	go sb.watchNotify()
	return sb
}

func (b *fixedBalancer) watchNotify() {
	for {
		select {
		case addrs := <-b.notifyCh:
			b.mu.Lock()
			if len(addrs) > 0 {
				b.pinAddr = addrs[0].Addr
			}
			b.mu.Unlock()
		case <-b.stopc:
			return
		}
	}
}

func (b *fixedBalancer) updateNotifyLoop() {
	defer close(b.donec)
	for {
		b.mu.RLock()
		upc := b.upc
		b.mu.RUnlock()
		select {
		case <-upc:
		case <-b.stopc:
			return
		}
		b.mu.RLock()
		addrs := b.addrs
		b.mu.RUnlock()
		select {
		case b.notifyCh <- addrs:
		case <-b.stopc:
			return
		}
	}
}

// Close stops the loops and waits for the notify loop to end.
func (b *fixedBalancer) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	close(b.stopc)
	b.mu.Unlock()
	<-b.donec
	return nil
}

func (b *fixedBalancer) up() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		close(b.upc)
		b.upc = make(chan struct{})
	}
}
