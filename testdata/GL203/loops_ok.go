package gl203

import (
	"sync"
	"time"
)

type gate struct {
	mu    sync.Mutex
	ready bool
	users int
}

// waitReady returns holding the lock once the gate is ready: its callers
// unlock.
func (g *gate) waitReady() {
	for {
		g.mu.Lock()
		if g.ready {
			break // ok: the helper's contract, its caller unlocks
		}
		g.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

func (g *gate) Enter() {
	g.waitReady()
	defer g.mu.Unlock()
	g.users++
}

// WaitOpen is exported and the package never calls it: it may be a "lock
// when ready" helper of another package's.
func (g *gate) WaitOpen() {
	for {
		g.mu.Lock()
		if g.ready {
			return // ok: every exit holds the lock, and the callers are unknown
		}
		g.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

// lockIfReady tries a few times and says whether it holds the lock.
func (g *gate) lockIfReady(tries int) bool {
	ok := false
	for i := 0; i < tries; i++ {
		g.mu.Lock()
		if g.ready {
			ok = true
			break // ok: the name says it locks
		}
		g.mu.Unlock()
	}
	return ok
}

func (g *gate) TryEnter() bool {
	if !g.lockIfReady(3) {
		return false
	}
	g.users++
	g.mu.Unlock()
	return true
}

// pollFixed unlocks before it leaves.
func (p *poller) pollFixed() {
	for {
		p.mu.Lock()
		if p.stopped {
			p.mu.Unlock()
			break
		}
		p.seen++
		p.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

func (p *poller) StartFixed() {
	go p.pollFixed()
}

// appendAllFixed leaves the loop holding the lock and unlocks after it.
func (j *journal) appendAllFixed(items []item) error {
	var err error
	for _, it := range items {
		j.Lock()
		if err = j.write(it); err != nil {
			break
		}
		j.Unlock()
	}
	if err != nil {
		j.Unlock()
	}
	return err
}

// drainFixed hands the unlock to a helper after the loop.
func (s *scheduler) drainFixed() int {
	n := 0
	for _, q := range s.queues {
		s.mu.Lock()
		if len(q) == 0 {
			break
		}
		n += len(q)
		s.mu.Unlock()
	}
	s.unlockIfHeld()
	return n
}

func (s *scheduler) unlockIfHeld() {
	s.mu.Unlock()
}

// Each round unlocks through a deferred unlock in a function of its own.
func (s *scheduler) countDone() int {
	n := 0
	for _, q := range s.queues {
		stop := func() bool {
			s.mu.Lock()
			defer s.mu.Unlock()
			return len(q) == 0
		}()
		if stop {
			break
		}
		n++
	}
	return n
}

func useFixed() {
	g := &gate{}
	g.Enter()
	g.TryEnter()
	p := &poller{}
	p.StartFixed()
	j := &journal{}
	_ = j.appendAllFixed(nil)
	s := &scheduler{}
	_ = s.drainFixed()
	_ = s.countDone()
	_ = (&conn{}).read(1)
}

type conn struct {
	rlock sync.Mutex
	next  []int32
}

// waitResponse returns holding the read lock when the response is its
// own, and hands the lock to its caller, who unlocks it (kafka-go's
// Conn.waitResponse).
func (c *conn) waitResponse(id int32) (lock *sync.Mutex, ok bool) {
	for {
		c.rlock.Lock()
		if len(c.next) == 0 {
			c.rlock.Unlock()
			return nil, false
		}
		if c.next[0] == id {
			return &c.rlock, true // ok: the caller gets the lock
		}
		c.rlock.Unlock()
		time.Sleep(time.Millisecond)
	}
}

func (c *conn) read(id int32) bool {
	lock, ok := c.waitResponse(id)
	if ok {
		c.next = c.next[1:]
		lock.Unlock()
	}
	return ok
}
