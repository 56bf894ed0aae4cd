// Package etcd6857 is modelled on the shape of etcd#6857: raft's node serves
// status requests from its run loop, and Status sends its request with a
// plain send, which blocks forever once Stop has ended the loop.
package etcd6857

// Status is a snapshot of the node's state.
type Status struct {
	Term   uint64
	Leader uint64
}

type node struct {
	status chan chan Status
	stop   chan struct{}
	done   chan struct{}
}

func newNode() *node {
	return &node{
		status: make(chan chan Status),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
}

func (n *node) run() {
	var st Status
	for {
		select {
		case c := <-n.status:
			c <- st
		case <-n.stop:
			close(n.done)
			return
		}
	}
}

// Stop ends the run loop and waits for it.
func (n *node) Stop() {
	select {
	case n.stop <- struct{}{}:
	case <-n.done:
		return
	}
	<-n.done
}

// Status asks the run loop for the node's status: after Stop, nobody is
// there to take the request.
func (n *node) Status() Status {
	c := make(chan Status)
	n.status <- c // want "GL101"
	return <-c
}

// fixedNode has the fix we recall upstream made: the request also watches done.
type fixedNode struct {
	status chan chan Status
	stop   chan struct{}
	done   chan struct{}
}

func newFixedNode() *fixedNode {
	return &fixedNode{
		status: make(chan chan Status),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
}

func (n *fixedNode) run() {
	var st Status
	for {
		select {
		case c := <-n.status:
			c <- st
		case <-n.stop:
			close(n.done)
			return
		}
	}
}

// Stop ends the run loop and waits for it.
func (n *fixedNode) Stop() {
	select {
	case n.stop <- struct{}{}:
	case <-n.done:
		return
	}
	<-n.done
}

// Status returns the zero Status once the node has stopped.
func (n *fixedNode) Status() Status {
	c := make(chan Status)
	select {
	case n.status <- c:
		return <-c
	case <-n.done:
		return Status{}
	}
}
