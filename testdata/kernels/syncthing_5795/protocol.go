// Package syncthing5795 is modelled on the shape of syncthing#5795: the
// connection's dispatcher loop handles a message by closing the connection,
// and the close waits for the dispatcher loop to have stopped — which it
// signals only when it returns.
package syncthing5795

import (
	"errors"
	"sync"
)

var errClosed = errors.New("connection closed")

type message interface{}

type clusterConfig struct{ invalid bool }

type rawConnection struct {
	inbox                 chan message
	closed                chan struct{}
	dispatcherLoopStopped chan struct{}
	closeOnce             sync.Once
}

func newRawConnection() *rawConnection {
	return &rawConnection{
		inbox:                 make(chan message),
		closed:                make(chan struct{}),
		dispatcherLoopStopped: make(chan struct{}),
	}
}

// Start runs the dispatcher.
func (c *rawConnection) Start() {
	go func() {
		err := c.dispatcherLoop()
		c.internalClose(err)
	}()
}

func (c *rawConnection) dispatcherLoop() (err error) {
	defer close(c.dispatcherLoopStopped)
	var msg message
	for {
		select {
		case msg = <-c.inbox:
		case <-c.closed:
			return errClosed
		}
		switch msg := msg.(type) {
		case *clusterConfig:
			if msg.invalid {
				c.internalClose(errors.New("invalid cluster config"))
			}
		}
	}
}

// internalClose closes the connection and waits for the dispatcher.
func (c *rawConnection) internalClose(err error) {
	c.closeOnce.Do(func() {
		close(c.closed)
		<-c.dispatcherLoopStopped // want "GL105"
	})
}

// fixedConnection is the shape we recall the upstream fix took: the dispatcher returns the
// error instead of closing the connection from inside the loop.
type fixedConnection struct {
	inbox                 chan message
	closed                chan struct{}
	dispatcherLoopStopped chan struct{}
	closeOnce             sync.Once
}

func (c *fixedConnection) start() {
	go func() {
		err := c.dispatcherLoop()
		c.internalClose(err)
	}()
}

func (c *fixedConnection) dispatcherLoop() (err error) {
	defer close(c.dispatcherLoopStopped)
	var msg message
	for {
		select {
		case msg = <-c.inbox:
		case <-c.closed:
			return errClosed
		}
		switch msg := msg.(type) {
		case *clusterConfig:
			if msg.invalid {
				return errors.New("invalid cluster config")
			}
		}
	}
}

func (c *fixedConnection) internalClose(err error) {
	c.closeOnce.Do(func() {
		close(c.closed)
		<-c.dispatcherLoopStopped
	})
}

func connect() (*rawConnection, *fixedConnection) {
	c := newRawConnection()
	c.Start()
	f := &fixedConnection{
		inbox:                 make(chan message),
		closed:                make(chan struct{}),
		dispatcherLoopStopped: make(chan struct{}),
	}
	f.start()
	return c, f
}
