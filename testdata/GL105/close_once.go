package gl105

import "sync"

// A connection's read loop closes the connection when a message tells it
// to; the close, in a sync.Once, waits for the read loop to have stopped,
// which it signals only when it returns. The wait sits in the literal
// Once.Do runs in place, which captures the connection.

type frame struct {
	fatal bool
}

type peerConn struct {
	frames      chan frame
	closed      chan struct{}
	loopStopped chan struct{}
	closeOnce   sync.Once
}

func newPeerConn() *peerConn {
	pc := &peerConn{
		frames:      make(chan frame),
		closed:      make(chan struct{}),
		loopStopped: make(chan struct{}),
	}
	go func() {
		pc.readLoop()
		pc.shutdown()
	}()
	return pc
}

func (pc *peerConn) readLoop() {
	defer close(pc.loopStopped)
	for {
		select {
		case f := <-pc.frames:
			if f.fatal {
				pc.shutdown()
			}
		case <-pc.closed:
			return
		}
	}
}

func (pc *peerConn) shutdown() {
	pc.closeOnce.Do(func() {
		close(pc.closed)
		<-pc.loopStopped // want "GL105"
	})
}

// asyncPeer waits for the loop in a goroutine of its own: the read loop
// goes on and returns.
type asyncPeer struct {
	frames      chan frame
	closed      chan struct{}
	loopStopped chan struct{}
	closeOnce   sync.Once
}

func newAsyncPeer(onStopped func()) *asyncPeer {
	pc := &asyncPeer{
		frames:      make(chan frame),
		closed:      make(chan struct{}),
		loopStopped: make(chan struct{}),
	}
	go pc.readLoop(onStopped)
	return pc
}

func (pc *asyncPeer) readLoop(onStopped func()) {
	defer close(pc.loopStopped)
	for {
		select {
		case f := <-pc.frames:
			if f.fatal {
				pc.close(onStopped)
			}
		case <-pc.closed:
			return
		}
	}
}

func (pc *asyncPeer) close(onStopped func()) {
	pc.closeOnce.Do(func() {
		close(pc.closed)
		go func() {
			<-pc.loopStopped
			onStopped()
		}()
	})
}

// pairedPeer's close waits on the partner connection's loop, another
// object than the one whose loop calls it. The literal reads the partner
// through `other`, a local of closePartner it captures: typed where it is
// assigned, its fields are pairedPeer's (a field of a value of unknown
// type would have made every type's `loopStopped` open, peerConn's too).
type pairedPeer struct {
	frames      chan frame
	closed      chan struct{}
	loopStopped chan struct{}
	partner     *pairedPeer
	closeOnce   sync.Once
}

func (pc *pairedPeer) readLoop() {
	defer close(pc.loopStopped)
	for {
		select {
		case f := <-pc.frames:
			if f.fatal {
				pc.closePartner()
			}
		case <-pc.closed:
			return
		}
	}
}

func (pc *pairedPeer) closePartner() {
	other := pc.partner
	pc.closeOnce.Do(func() {
		close(other.closed)
		<-other.loopStopped
	})
}

func pair() (*pairedPeer, *pairedPeer) {
	a := &pairedPeer{frames: make(chan frame), closed: make(chan struct{}), loopStopped: make(chan struct{})}
	b := &pairedPeer{frames: make(chan frame), closed: make(chan struct{}), loopStopped: make(chan struct{}), partner: a}
	a.partner = b
	go a.readLoop()
	go b.readLoop()
	return a, b
}

func dialPeers(onStopped func()) (*peerConn, *asyncPeer) {
	return newPeerConn(), newAsyncPeer(onStopped)
}

// deliver hands a frame to the read loop.
func (pc *peerConn) deliver(f frame) {
	select {
	case pc.frames <- f:
	case <-pc.closed:
	}
}
