// Package cockroach584 is modelled on the shape of cockroach#584: the
// gossip's bootstrap and manage loops lock the gossip's mutex at the top of
// each round and leave the loop with `break` once the gossip is closed,
// without unlocking. Whatever locks the mutex next (the other loop, `Close`
// waiting for them) blocks forever.
package cockroach584

import (
	"sync"
	"time"
)

type Gossip struct {
	mu      sync.Mutex
	closed  bool
	stalled bool
	infos   map[string][]byte
}

func New() *Gossip {
	return &Gossip{infos: make(map[string][]byte)}
}

// bootstrap connects to the bootstrap hosts until the gossip is closed.
func (g *Gossip) bootstrap() {
	for {
		g.mu.Lock() // want "GL203"
		if g.closed {
			break
		}
		if g.stalled {
			g.infos["bootstrap"] = nil
		}
		g.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

// manage watches the connection count until the gossip is closed.
func (g *Gossip) manage() {
	for {
		g.mu.Lock() // want "GL203"
		if g.closed {
			break
		}
		g.stalled = len(g.infos) == 0
		g.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

// Start runs both loops.
func (g *Gossip) Start() {
	go g.bootstrap()
	go g.manage()
}

// Close stops the loops.
func (g *Gossip) Close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
}

// bootstrapFixed is the fix: the loop unlocks before it leaves.
func (g *Gossip) bootstrapFixed() {
	for {
		g.mu.Lock()
		if g.closed {
			g.mu.Unlock()
			break
		}
		if g.stalled {
			g.infos["bootstrap"] = nil
		}
		g.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

// StartFixed runs the fixed loop.
func (g *Gossip) StartFixed() {
	go g.bootstrapFixed()
}
