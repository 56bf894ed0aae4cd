package gl202

import (
	"log"
	"sync"
	"time"
)

// forwardFixed unlocks before `continue`.
func (p *proxy) forwardFixed(clients []string, data []byte) {
	for _, c := range clients {
		p.mu.Lock()
		conn, ok := p.conns[c]
		if !ok {
			var err error
			conn, err = p.backend.dial()
			if err != nil {
				log.Printf("dial for %s: %v", c, err)
				p.mu.Unlock()
				continue // ok: unlocked first
			}
			p.conns[c] = conn
		}
		p.mu.Unlock()
		_, _ = conn.Write(data)
	}
}

// countShared locks only for shared names, and unlocks under the same
// condition: the paths that would go round holding it cannot be taken.
func (r *nameTable) countShared(names []string, shared func(string) bool) {
	for _, name := range names {
		s := shared(name)
		if s {
			r.Lock()
		}
		r.hits++
		if s {
			r.Unlock()
		}
	}
}

// countFlag drops the lock early on one branch and says so in a flag.
func (r *nameTable) countFlag(names []string) {
	for _, name := range names {
		r.Lock()
		locked := true
		if name == "" {
			r.Unlock()
			locked = false
		}
		r.hits++
		if locked {
			r.Unlock()
		}
	}
}

// waitIdle holds the lock across rounds on purpose, dropping it only to
// sleep: the lock is taken before the loop and again at each round's end.
func (b *batcher) waitIdle() {
	b.mu.Lock()
	for len(b.pending) > 0 {
		b.mu.Unlock()
		time.Sleep(time.Millisecond)
		b.mu.Lock()
		if len(b.pending) > 100 {
			continue // ok: the next round unlocks first
		}
	}
	b.mu.Unlock()
}

// drain unlocks through a helper on its `continue`.
func (b *batcher) drain(out chan<- []byte) {
	for i := 0; i < 10; i++ {
		b.mu.Lock()
		if len(b.pending) == 0 {
			b.unlockAndWait()
			continue // ok: the helper unlocks
		}
		out <- b.pending[0]
		b.pending = b.pending[1:]
		b.mu.Unlock()
	}
}

func (b *batcher) unlockAndWait() {
	b.mu.Unlock()
	time.Sleep(time.Millisecond)
}

// firstKnown returns from inside the loop, unlocking first.
func (r *nameTable) firstKnown(names []string) int {
	for _, name := range names {
		r.Lock()
		if v, ok := r.names[name]; ok {
			r.hits = v
			r.Unlock()
			return v
		}
		r.Unlock()
	}
	return 0
}

type shard struct {
	mu    sync.Mutex
	items map[string]int
}

type shardedCache struct {
	shards []*shard
}

// lockNonEmpty keeps the non-empty shards locked for its caller: each
// round locks another shard.
func (c *shardedCache) lockNonEmpty() []*shard {
	var locked []*shard
	for _, s := range c.shards {
		s.mu.Lock()
		if len(s.items) > 0 {
			locked = append(locked, s)
			continue // ok: the next round locks another shard
		}
		s.mu.Unlock()
	}
	return locked
}

func useLoops() {
	for _, s := range (&shardedCache{}).lockNonEmpty() {
		s.mu.Unlock()
	}
	p := &proxy{}
	p.forwardFixed(nil, nil)
	r := &nameTable{}
	r.countShared(nil, nil)
	r.countFlag(nil)
	_ = r.firstKnown(nil)
	b := &batcher{}
	b.waitIdle()
	b.drain(nil)
}
