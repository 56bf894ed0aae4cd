package gl101

import (
	"context"
	"errors"
	"net"
	"sync"
	"time"
)

// sync.Cond has no timeout and no cancellation, so callers that want one
// wait in a goroutine and hand the outcome over a channel. If the channel is
// unbuffered and the caller gives up first, the waiter wakes up eventually
// only to block on its send.

var errPoolTimeout = errors.New("pool: no idle connection in time")

// versionStore publishes configuration versions to waiters.
type versionStore struct {
	mu      sync.Mutex
	cond    *sync.Cond
	version uint64
	payload []byte
}

func newVersionStore() *versionStore {
	s := &versionStore{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *versionStore) publish(payload []byte) {
	s.mu.Lock()
	s.version++
	s.payload = payload
	s.mu.Unlock()
	s.cond.Broadcast()
}

// waitVersion adapts the condition variable to a context. When ctx is
// cancelled first, the waiter is left with nobody to receive its payload.
func (s *versionStore) waitVersion(ctx context.Context, minVersion uint64) ([]byte, error) {
	ch := make(chan []byte)
	go func() {
		s.mu.Lock()
		for s.version < minVersion {
			s.cond.Wait()
		}
		p := s.payload
		s.mu.Unlock()
		ch <- p // want "GL101"
	}()
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// waitVersionBuffered is not reported: the buffer takes the payload even
// after the caller left, and the waiter ends with the next publish.
func (s *versionStore) waitVersionBuffered(ctx context.Context, minVersion uint64) ([]byte, error) {
	ch := make(chan []byte, 1)
	go func() {
		s.mu.Lock()
		for s.version < minVersion {
			s.cond.Wait()
		}
		p := s.payload
		s.mu.Unlock()
		ch <- p
	}()
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// connPool hands out idle connections; getBlocking waits on the condition.
type connPool struct {
	mu   sync.Mutex
	cond *sync.Cond
	idle []net.Conn
}

func (p *connPool) getBlocking() net.Conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.idle) == 0 {
		p.cond.Wait()
	}
	c := p.idle[len(p.idle)-1]
	p.idle = p.idle[:len(p.idle)-1]
	return c
}

func (p *connPool) put(c net.Conn) {
	p.mu.Lock()
	p.idle = append(p.idle, c)
	p.mu.Unlock()
	p.cond.Signal()
}

// acquireTimeout: after a timeout the goroutine still takes a connection out
// of the pool, then blocks on its send; the connection is lost to the pool.
func (p *connPool) acquireTimeout(d time.Duration) (net.Conn, error) {
	ch := make(chan net.Conn)
	go func() {
		ch <- p.getBlocking() // want "GL101"
	}()
	select {
	case c := <-ch:
		return c, nil
	case <-time.After(d):
		return nil, errPoolTimeout
	}
}

// acquireTimeoutSafe is not reported: once the caller has returned, the
// goroutine sees abandon closed and puts the connection back.
func (p *connPool) acquireTimeoutSafe(d time.Duration) (net.Conn, error) {
	ch := make(chan net.Conn)
	abandon := make(chan struct{})
	defer close(abandon)
	go func() {
		c := p.getBlocking()
		select {
		case ch <- c:
		case <-abandon:
			p.put(c)
		}
	}()
	select {
	case c := <-ch:
		return c, nil
	case <-time.After(d):
		return nil, errPoolTimeout
	}
}
