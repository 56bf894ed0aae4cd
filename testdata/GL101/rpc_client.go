// Package gl101 holds the testdata of GL101 (goroutine leak on an abandoned
// channel).
//
// A goroutine that sends on (or receives from) an unbuffered channel blocks
// until its partner shows up. When the function that made the channel can
// return without ever doing the other half of the operation (it timed out,
// its context was cancelled, it failed early, or it only wanted the first of
// several answers), the goroutine stays blocked forever, together with
// everything it references. The finding is reported on the blocked send or
// receive statement of the goroutine; for a request channel owned by a
// struct, on the plain send of the method whose server loop may be gone.
package gl101

import (
	"bufio"
	"errors"
	"net"
	"time"
)

var (
	errCallTimeout  = errors.New("rpc: call timed out")
	errDialTimeout  = errors.New("rpc: dial timed out")
	errClientClosed = errors.New("rpc: client closed")
)

type rpcRequest struct {
	method string
	body   []byte
}

type rpcResponse struct {
	body []byte
	err  error
}

// rpcClient is a minimal line-oriented RPC client.
type rpcClient struct {
	addr        string
	dialTimeout time.Duration
	closing     chan struct{}
}

// roundTrip dials, writes one request line and reads one response line. It
// has no deadline of its own: a stuck server keeps it waiting.
func (c *rpcClient) roundTrip(req rpcRequest) rpcResponse {
	conn, err := net.DialTimeout("tcp", c.addr, c.dialTimeout)
	if err != nil {
		return rpcResponse{err: err}
	}
	defer conn.Close()
	line := append([]byte(req.method+" "), req.body...)
	if _, err := conn.Write(append(line, '\n')); err != nil {
		return rpcResponse{err: err}
	}
	resp, err := bufio.NewReader(conn).ReadBytes('\n')
	return rpcResponse{body: resp, err: err}
}

// callTimeout gives up after d. When time.After wins the select, nobody is
// left to receive from ch and the goroutine blocks on its send forever,
// holding the response buffer.
func (c *rpcClient) callTimeout(req rpcRequest, d time.Duration) ([]byte, error) {
	ch := make(chan rpcResponse)
	go func() {
		ch <- c.roundTrip(req) // want "GL101"
	}()
	select {
	case resp := <-ch:
		return resp.body, resp.err
	case <-time.After(d):
		return nil, errCallTimeout
	}
}

// callUnlessClosed returns as soon as the client starts closing; the
// in-flight round trip then has nobody to hand its response to.
func (c *rpcClient) callUnlessClosed(req rpcRequest) ([]byte, error) {
	ch := make(chan rpcResponse)
	go func() {
		resp := c.roundTrip(req)
		ch <- resp // want "GL101"
	}()
	select {
	case resp := <-ch:
		return resp.body, resp.err
	case <-c.closing:
		return nil, errClientClosed
	}
}

type dialResult struct {
	conn net.Conn
	err  error
}

// dialInto is started as a goroutine by dialWithDeadline and reports with a
// plain send.
func dialInto(addr string, out chan<- dialResult) {
	conn, err := net.Dial("tcp", addr)
	out <- dialResult{conn: conn, err: err} // want "GL101"
}

// dialWithDeadline abandons the dial when the timer fires: dialInto then
// blocks on its send, and the connection it eventually opens is never closed.
func dialWithDeadline(addr string, d time.Duration) (net.Conn, error) {
	ch := make(chan dialResult)
	go dialInto(addr, ch)
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case r := <-ch:
		return r.conn, r.err
	case <-timer.C:
		return nil, errDialTimeout
	}
}
