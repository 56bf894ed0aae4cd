package gl202

import (
	"errors"
	"log"
	"net"
	"sync"
)

// A loop whose round locks and unlocks a mutex, and a way around it that
// skips the unlock: the next round's Lock waits forever.

type backend struct {
	addr string
}

func (b *backend) dial() (net.Conn, error) {
	if b.addr == "" {
		return nil, errors.New("no address")
	}
	return net.Dial("tcp", b.addr)
}

type proxy struct {
	mu      sync.Mutex
	conns   map[string]net.Conn
	backend *backend
}

// Forward continues past a failed dial with the table still locked.
func (p *proxy) Forward(clients []string, data []byte) {
	for _, c := range clients {
		p.mu.Lock() // want "GL202"
		conn, ok := p.conns[c]
		if !ok {
			var err error
			conn, err = p.backend.dial()
			if err != nil {
				log.Printf("dial for %s: %v", c, err)
				continue
			}
			p.conns[c] = conn
		}
		p.mu.Unlock()
		_, _ = conn.Write(data)
	}
}

type nameTable struct {
	sync.RWMutex
	names map[string]int
	hits  int
}

// Count skips unknown names in a three-clause loop, whose `continue` goes
// through the post statement, holding the embedded lock.
func (r *nameTable) Count(names []string) {
	for i := 0; i < len(names); i++ {
		r.Lock() // want "GL202"
		if _, ok := r.names[names[i]]; !ok {
			continue
		}
		r.hits++
		r.Unlock()
	}
}

// Lookup read-locks on each round and skips misses holding the read lock;
// Count write-locks the same mutex, so a writer waiting between two rounds
// blocks both.
func (r *nameTable) Lookup(names []string) int {
	n := 0
	for _, name := range names {
		r.RLock() // want "GL202"
		v, ok := r.names[name]
		if !ok {
			continue
		}
		n += v
		r.RUnlock()
	}
	return n
}

type batcher struct {
	mu      sync.Mutex
	pending [][]byte
}

func (b *batcher) flushOne(out chan<- []byte) bool {
	if len(b.pending) == 0 {
		return false
	}
	out <- b.pending[0]
	b.pending = b.pending[1:]
	return true
}

// Run drives a select loop; the quiet case goes round without unlocking.
func (b *batcher) Run(tick <-chan struct{}, out chan<- []byte, quit <-chan struct{}) {
	for {
		select {
		case <-tick:
			b.mu.Lock() // want "GL202"
			if !b.flushOne(out) {
				continue
			}
			b.mu.Unlock()
		case <-quit:
			return
		}
	}
}
