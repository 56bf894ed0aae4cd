package gl401

import (
	"context"
	"net"
	"sync"
	"time"
)

// Cache is a sharded in-memory cache.
type Cache struct {
	shards [16]shard
}

type shard struct {
	mu    sync.Mutex
	items map[string][]byte
}

// Purge locks every shard and defers each unlock to the end of Purge: the
// locks are all held together until it returns.
func (c *Cache) Purge(prefix string) int {
	n := 0
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		defer s.mu.Unlock() // want "GL401"
		for k := range s.items {
			if len(k) >= len(prefix) && k[:len(prefix)] == prefix {
				delete(s.items, k)
				n++
			}
		}
	}
	return n
}

// Registry tracks live connections.
type Registry struct {
	mu    sync.RWMutex
	conns map[string]net.Conn
}

// pump serves requests until the context ends; the defer inside the select
// case inside the `for` keeps one timer per request alive until pump returns.
func (r *Registry) pump(ctx context.Context, reqs <-chan string, out chan<- net.Conn) {
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-reqs:
			t := time.NewTimer(time.Second)
			defer t.Stop() // want "GL401"
			r.mu.RLock()
			c := r.conns[id]
			r.mu.RUnlock()
			select {
			case out <- c:
			case <-t.C:
			case <-ctx.Done():
				return
			}
		}
	}
}

// closeIdle uses a labeled loop and a switch inside it.
func (r *Registry) closeIdle(deadline time.Time, idle func(net.Conn) time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock() // ok: before the loop
scan:
	for id, c := range r.conns {
		switch {
		case idle(c).After(deadline):
			continue scan
		case c == nil:
			break scan
		default:
			defer c.Close() // want "GL401"
			delete(r.conns, id)
		}
	}
}

// reconnect retries dials in nested loops: the defer is in the inner loop.
func reconnect(ctx context.Context, addrs []string, rounds int) (net.Conn, error) {
	var d net.Dialer
	var lastErr error
	for round := 0; round < rounds; round++ {
		for _, a := range addrs {
			dctx, cancel := context.WithTimeout(ctx, time.Second)
			defer cancel() // want "GL401"
			c, err := d.DialContext(dctx, "tcp", a)
			if err == nil {
				return c, nil
			}
			lastErr = err
		}
	}
	return nil, lastErr
}
