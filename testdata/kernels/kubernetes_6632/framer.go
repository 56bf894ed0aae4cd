// Package kubernetes6632 is modelled on the shape of kubernetes#6632: the
// SPDY connection's idle-aware framer resets its idle timer by sending on
// resetChan while holding writeLock; the monitor goroutine, once the
// connection closes, takes writeLock to close resetChan and leaves its
// loop, so a writer that got the lock first blocks on a send nobody takes.
package kubernetes6632

import (
	"sync"
	"time"
)

// Frame is one SPDY frame.
type Frame struct {
	streamID uint32
}

type connection struct {
	closeChan chan bool
}

type idleAwareFramer struct {
	writeLock   sync.Mutex
	resetChan   chan bool
	conn        *connection
	idleTimeout time.Duration
	written     []Frame
}

func newIdleAwareFramer(conn *connection, timeout time.Duration) *idleAwareFramer {
	i := &idleAwareFramer{
		resetChan:   make(chan bool),
		conn:        conn,
		idleTimeout: timeout,
	}
	go i.monitor()
	return i
}

func (i *idleAwareFramer) monitor() {
	var timer *time.Timer
	var expired <-chan time.Time
	resetChan := i.resetChan
Loop:
	for {
		if timer == nil && i.idleTimeout > 0 {
			timer = time.NewTimer(i.idleTimeout)
			expired = timer.C
		}
		select {
		case <-expired:
			break Loop
		case <-resetChan:
			if timer != nil && !timer.Stop() {
				<-timer.C
			}
			timer = nil
		case <-i.conn.closeChan:
			i.writeLock.Lock()
			close(resetChan)
			i.resetChan = nil
			i.writeLock.Unlock()
			break Loop
		}
	}
	if timer != nil {
		timer.Stop()
	}
}

// WriteFrame writes a frame and resets the idle timer.
func (i *idleAwareFramer) WriteFrame(frame Frame) {
	i.writeLock.Lock()
	defer i.writeLock.Unlock()
	if i.resetChan == nil {
		return
	}
	i.written = append(i.written, frame)
	i.resetChan <- true // want "GL201"
}

type fixedFramer struct {
	writeLock   sync.Mutex
	resetChan   chan bool
	conn        *connection
	idleTimeout time.Duration
	written     []Frame
}

func newFixedFramer(conn *connection, timeout time.Duration) *fixedFramer {
	i := &fixedFramer{
		resetChan:   make(chan bool, 2),
		conn:        conn,
		idleTimeout: timeout,
	}
	go i.monitor()
	return i
}

func (i *fixedFramer) monitor() {
	var timer *time.Timer
	var expired <-chan time.Time
	resetChan := i.resetChan
Loop:
	for {
		if timer == nil && i.idleTimeout > 0 {
			timer = time.NewTimer(i.idleTimeout)
			expired = timer.C
		}
		select {
		case <-expired:
			break Loop
		case <-resetChan:
			if timer != nil && !timer.Stop() {
				<-timer.C
			}
			timer = nil
		case <-i.conn.closeChan:
			i.writeLock.Lock()
			i.resetChan = nil
			i.writeLock.Unlock()
			break Loop
		}
	}
	if timer != nil {
		timer.Stop()
	}
}

// WriteFrame has the fix we recall upstream made: the reset is offered
// without blocking, so a monitor that has left its loop cannot hold the
// writer.
func (i *fixedFramer) WriteFrame(frame Frame) {
	i.writeLock.Lock()
	defer i.writeLock.Unlock()
	if i.resetChan == nil {
		return
	}
	i.written = append(i.written, frame)
	select {
	case i.resetChan <- true:
	default:
	}
}
