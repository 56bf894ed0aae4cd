// Package etcd5509 is modelled on the shape of etcd#5509: the v3 client's
// `remoteClient.acquire` read-locks the client while it compares
// connections and returns, when they match, without releasing the read
// lock; the next `Close` (or reconnect), which write-locks the client,
// blocks forever.
package etcd5509

import (
	"context"
	"errors"
	"sync"
	"time"
)

var ErrConnClosed = errors.New("etcdclient: no connection")

type grpcConn struct{ target string }

type Client struct {
	mu     sync.RWMutex
	conn   *grpcConn
	cancel context.CancelFunc
}

// Close tears the connection down.
func (c *Client) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel != nil {
		c.cancel()
		c.cancel = nil
	}
	c.conn = nil
}

type remoteClient struct {
	client *Client
	conn   *grpcConn
	mu     sync.Mutex
}

func (r *remoteClient) acquire(ctx context.Context) error {
	for {
		r.client.mu.RLock()
		closed := r.client.cancel == nil
		c := r.client.conn
		r.mu.Lock()
		match := r.conn == c
		r.mu.Unlock()
		if match {
			return nil // want "GL203"
		}
		r.client.mu.RUnlock()
		if closed {
			return ErrConnClosed
		}
		select {
		case <-time.After(10 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// acquireFixed is upstream's fix: the matching path releases the read lock
// too.
func (r *remoteClient) acquireFixed(ctx context.Context) error {
	for {
		r.client.mu.RLock()
		closed := r.client.cancel == nil
		c := r.client.conn
		r.mu.Lock()
		match := r.conn == c
		r.mu.Unlock()
		r.client.mu.RUnlock()
		if match {
			return nil
		}
		if closed {
			return ErrConnClosed
		}
		select {
		case <-time.After(10 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
