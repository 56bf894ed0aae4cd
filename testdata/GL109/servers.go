package gl109

import (
	"context"
	"log"
	"net"
	"sync"
	"time"
)

// A server wraps each accepted connection; a goroutine closes the network
// connection once the wrapper's context ends, and only Close ends it.

type server struct {
	mu    sync.Mutex
	conns map[*conn]struct{}
	idle  []*conn
}

type conn struct {
	nc     net.Conn
	ctx    context.Context
	cancel context.CancelFunc
	reads  int
}

func newConn(nc net.Conn) *conn {
	ctx, cancel := context.WithCancel(context.Background())
	c := &conn{nc: nc, ctx: ctx, cancel: cancel}
	go c.closeOnDone()
	return c
}

func (c *conn) closeOnDone() {
	<-c.ctx.Done()
	c.nc.Close()
}

func (c *conn) handshake() error {
	if err := c.nc.SetDeadline(time.Now().Add(time.Second)); err != nil {
		return err
	}
	_, err := c.nc.Write([]byte("hello\n"))
	c.reads++
	return err
}

// Close ends the connection.
func (c *conn) Close() error {
	c.cancel()
	return nil
}

// track keeps the connection in a map keyed by the connection: the server
// closes them all on shutdown. Silent.
func (s *server) track(nc net.Conn) {
	c := newConn(nc)
	if err := c.handshake(); err != nil {
		log.Printf("handshake: %v", err)
		return
	}
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
}

func (s *server) shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.Close()
	}
}

// A pool keeps idle connections in a slice; a failed handshake drops the
// wrapper without closing it.

type pool struct {
	mu   sync.Mutex
	idle []*pooled
}

type pooled struct {
	nc     net.Conn
	ctx    context.Context
	cancel context.CancelFunc
}

func dialPooled(nc net.Conn) *pooled {
	ctx, cancel := context.WithCancel(context.Background())
	p := &pooled{nc: nc, ctx: ctx, cancel: cancel}
	go func() {
		<-ctx.Done()
		nc.Close()
	}()
	return p
}

func (p *pooled) ping() error {
	_, err := p.nc.Write([]byte("ping\n"))
	return err
}

func (p *pooled) Close() { p.cancel() }

// add drops the wrapper when its ping fails: the closing goroutine waits
// forever and the network connection stays open.
func (pl *pool) add(nc net.Conn) error {
	p := dialPooled(nc) // want "GL109"
	if err := p.ping(); err != nil {
		return err
	}
	pl.mu.Lock()
	pl.idle = append(pl.idle, p)
	pl.mu.Unlock()
	return nil
}

// addFixed closes the wrapper on the failing path: silent.
func (pl *pool) addFixed(nc net.Conn) error {
	p := dialPooled(nc)
	if err := p.ping(); err != nil {
		p.Close()
		return err
	}
	pl.mu.Lock()
	pl.idle = append(pl.idle, p)
	pl.mu.Unlock()
	return nil
}

// probe logs the wrapper: the logger may keep it, silent.
func (pl *pool) probe(nc net.Conn) {
	p := dialPooled(nc)
	log.Printf("probing %v", p)
}

// probeTwice checks the wrapper is not nil and closes it on both paths:
// silent.
func (pl *pool) probeTwice(nc net.Conn) bool {
	p := dialPooled(nc)
	if p == nil {
		return false
	}
	defer p.Close()
	return p.ping() == nil
}
