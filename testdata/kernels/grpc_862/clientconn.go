// Package grpc862 is modelled on the shape of grpc#862: DialContext makes
// the connection's context from context.Background() and starts the
// balancer watcher, which runs until that context is cancelled; when the
// caller's context ends first, the deferred check turns the result into an
// error and drops the connection without closing it, so the watcher
// waits forever.
package grpc862

import (
	"context"
	"errors"
)

// Address is a server address.
type Address struct {
	Addr string
}

// ClientConn is a client connection.
type ClientConn struct {
	ctx    context.Context
	cancel context.CancelFunc
	notify chan []Address
	addrs  []Address
}

// Close cancels the connection's context.
func (cc *ClientConn) Close() error {
	cc.cancel()
	return nil
}

func (cc *ClientConn) lbWatcher() {
	for {
		select {
		case addrs := <-cc.notify:
			cc.addrs = addrs
		case <-cc.ctx.Done():
			return
		}
	}
}

// DialContext dials target; the connection is abandoned if ctx ends first.
func DialContext(ctx context.Context, target string) (conn *ClientConn, err error) {
	cc := &ClientConn{notify: make(chan []Address)}
	cc.ctx, cc.cancel = context.WithCancel(context.Background())
	defer func() {
		select {
		case <-ctx.Done():
			// Known miss: the connection is dropped inside the function that makes it and starts its goroutine, in a deferred literal that sets the results; GL109's per-object form follows callers of a constructor, not the constructor's own paths.
			conn, err = nil, ctx.Err()
		default:
		}
	}()
	if target == "" {
		return nil, errors.New("grpc: empty target")
	}
	go cc.lbWatcher()
	return cc, nil
}

// DialContextFixed has the fix we recall upstream made: the connection is
// closed before it is dropped.
func DialContextFixed(ctx context.Context, target string) (conn *ClientConn, err error) {
	cc := &ClientConn{notify: make(chan []Address)}
	cc.ctx, cc.cancel = context.WithCancel(context.Background())
	defer func() {
		select {
		case <-ctx.Done():
			cc.Close()
			conn, err = nil, ctx.Err()
		default:
		}
	}()
	if target == "" {
		cc.Close()
		return nil, errors.New("grpc: empty target")
	}
	go cc.lbWatcher()
	return cc, nil
}
