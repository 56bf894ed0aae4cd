package gl101

import (
	"net"
	"time"
)

// The fixed versions of the RPC client calls. Nothing in this file is
// reported.

// callTimeoutBuffered is the usual fix of callTimeout: the single send always
// finds room in the buffer, so the goroutine ends even after a timeout and
// the response is garbage collected with the channel.
func (c *rpcClient) callTimeoutBuffered(req rpcRequest, d time.Duration) ([]byte, error) {
	ch := make(chan rpcResponse, 1)
	go func() {
		ch <- c.roundTrip(req)
	}()
	select {
	case resp := <-ch:
		return resp.body, resp.err
	case <-time.After(d):
		return nil, errCallTimeout
	}
}

// callBlocking waits for the response however long it takes: the select has
// the receive as its only case, so every path out of the function receives.
func (c *rpcClient) callBlocking(req rpcRequest) ([]byte, error) {
	ch := make(chan rpcResponse)
	go func() {
		ch <- c.roundTrip(req)
	}()
	select {
	case resp := <-ch:
		return resp.body, resp.err
	}
}

// callPlain receives before it can return.
func (c *rpcClient) callPlain(req rpcRequest) ([]byte, error) {
	ch := make(chan rpcResponse)
	go func() {
		ch <- c.roundTrip(req)
	}()
	resp := <-ch
	if resp.err != nil {
		return nil, resp.err
	}
	return resp.body, nil
}

// dialIntoOrAbandon does not block forever: when the caller is gone it closes
// the connection nobody will use and returns.
func dialIntoOrAbandon(addr string, out chan<- dialResult, abandon <-chan struct{}) {
	conn, err := net.Dial("tcp", addr)
	select {
	case out <- dialResult{conn: conn, err: err}:
	case <-abandon:
		if conn != nil {
			conn.Close()
		}
	}
}

// dialWithDeadlineSafe closes abandon on every return path, which releases
// the dialing goroutine whether or not its result was taken.
func dialWithDeadlineSafe(addr string, d time.Duration) (net.Conn, error) {
	ch := make(chan dialResult)
	abandon := make(chan struct{})
	defer close(abandon)
	go dialIntoOrAbandon(addr, ch, abandon)
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case r := <-ch:
		return r.conn, r.err
	case <-timer.C:
		return nil, errDialTimeout
	}
}

// callAsync returns the channel it made: receiving is now the caller's job,
// so returning without a receive abandons nothing. (The generator stages of
// the GL103 testdata have the same shape.)
func (c *rpcClient) callAsync(req rpcRequest) <-chan rpcResponse {
	ch := make(chan rpcResponse)
	go func() {
		ch <- c.roundTrip(req)
	}()
	return ch
}
