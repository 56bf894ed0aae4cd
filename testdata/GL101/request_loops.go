package gl101

import (
	"context"
	"time"
)

// Owner goroutines serving requests from a struct-owned channel. Once the
// loop has returned (Close, or its context was cancelled), a plain send on
// the request channel has no receiver left and blocks the caller forever.

type cacheOp int

const (
	opGet cacheOp = iota
	opSet
	opDelete
)

type cacheReq struct {
	op    cacheOp
	key   string
	value []byte
	reply chan []byte
}

// Cache serialises access to its map through one owner goroutine.
type Cache struct {
	reqs chan cacheReq
	quit chan struct{}
	data map[string][]byte
}

// NewCache returns a cache; Start launches its owner goroutine.
func NewCache() *Cache {
	return &Cache{reqs: make(chan cacheReq), quit: make(chan struct{}), data: make(map[string][]byte)}
}

// Start launches the owner goroutine.
func (c *Cache) Start() { go c.loop() }

func (c *Cache) loop() {
	for {
		select {
		case r := <-c.reqs:
			switch r.op {
			case opGet:
				r.reply <- c.data[r.key] // Get always receives after its send
			case opSet:
				c.data[r.key] = r.value
			case opDelete:
				delete(c.data, r.key)
			}
		case <-c.quit:
			return
		}
	}
}

// Close stops the owner goroutine.
func (c *Cache) Close() { close(c.quit) }

// Get blocks forever when called after Close: the loop that would receive
// its request has returned.
func (c *Cache) Get(key string) []byte {
	r := cacheReq{op: opGet, key: key, reply: make(chan []byte)}
	c.reqs <- r // want "GL101"
	return <-r.reply
}

// Set has the same problem as Get.
func (c *Cache) Set(key string, value []byte) {
	c.reqs <- cacheReq{op: opSet, key: key, value: value} // want "GL101"
}

type leaseRenewal struct {
	id  string
	ttl time.Duration
}

// leaseKeeper tracks lease expiry; its loop lives as long as ctx.
type leaseKeeper struct {
	renewals chan leaseRenewal
	expiry   map[string]time.Time
}

func newLeaseKeeper(ctx context.Context) *leaseKeeper {
	k := &leaseKeeper{renewals: make(chan leaseRenewal), expiry: make(map[string]time.Time)}
	go k.loop(ctx)
	return k
}

func (k *leaseKeeper) loop(ctx context.Context) {
	sweep := time.NewTicker(time.Second)
	defer sweep.Stop()
	for {
		select {
		case r := <-k.renewals:
			k.expiry[r.id] = time.Now().Add(r.ttl)
		case now := <-sweep.C:
			for id, t := range k.expiry {
				if now.After(t) {
					delete(k.expiry, id)
				}
			}
		case <-ctx.Done():
			return
		}
	}
}

// renew blocks forever once the context given to newLeaseKeeper is
// cancelled.
func (k *leaseKeeper) renew(id string, ttl time.Duration) {
	k.renewals <- leaseRenewal{id: id, ttl: ttl} // want "GL101"
}
