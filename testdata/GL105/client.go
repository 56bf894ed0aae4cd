// Package gl105 holds the testdata of GL105 (a self-deadlock in one
// goroutine).
//
// A function makes a channel and blocks on it while no other goroutine can
// ever be the partner: the channel is never handed to a goroutine, passed
// to a function, stored in a struct, or returned. A plain send on an
// unbuffered channel, a send that overflows a buffer of constant size, or
// a receive whose only senders come later in the same function then waits
// for itself forever. These are usually leftovers of code that used to run
// a goroutine. The expectation sits on the operation that blocks.
package gl105

import (
	"errors"
	"fmt"
	"net"
	"strconv"
)

// clusterClient talks to a small replicated cluster.
type clusterClient struct {
	peers []string
	dial  func(addr string) (net.Conn, error)
}

// currentLeader asks the peers who leads. The lookup used to run in a
// goroutine racing a timeout; the goroutine and the timeout were removed
// and the one-shot channel stayed. The unbuffered send has no receiver
// running: the function blocks on its own send.
func (c *clusterClient) currentLeader() string {
	leaderc := make(chan string)
	leaderc <- c.lookupLeader() // want "GL105"
	return <-leaderc
}

func (c *clusterClient) lookupLeader() string {
	for _, p := range c.peers {
		conn, err := c.dial(p)
		if err != nil {
			continue
		}
		conn.Close()
		return p
	}
	return ""
}

// peerStatus is the answer of one peer to a status probe.
type peerStatus struct {
	addr string
	term int
	err  error
}

// probeAll queries every peer. It was written with one goroutine per peer
// sending on results; making the probes sequential removed the go
// statement but kept the unbuffered channel. The first send blocks: the
// receiving loop below is never reached.
func (c *clusterClient) probeAll(query func(string) (int, error)) map[string]int {
	results := make(chan peerStatus)
	for _, p := range c.peers {
		term, err := query(p)
		results <- peerStatus{addr: p, term: term, err: err} // want "GL105"
	}
	terms := make(map[string]int)
	for range c.peers {
		r := <-results
		if r.err == nil {
			terms[r.addr] = r.term
		}
	}
	return terms
}

// validatePorts checks that every configured port is usable. On the first
// invalid port it sends the error on an unbuffered channel nobody receives
// from yet, and blocks there. (The receive after the loop has an earlier
// sender, so only the send is reported.)
func validatePorts(ports []string) error {
	errc := make(chan error)
	for _, p := range ports {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			errc <- fmt.Errorf("invalid port %q", p) // want "GL105"
		}
	}
	select {
	case err := <-errc:
		return err
	default:
		return nil
	}
}

// dialFirst dials the primary peer and reports a dial error through a
// channel, as the goroutine-based version did. The send blocks as soon as
// the dial fails; the receive below has an earlier sender and is not
// reported.
func (c *clusterClient) dialFirst() error {
	errc := make(chan error)
	conn, err := c.dial(c.peers[0])
	if err != nil {
		errc <- err // want "GL105"
	} else {
		conn.Close()
		return nil
	}
	if err := <-errc; err != nil {
		return errors.New("dial: " + err.Error())
	}
	return nil
}
