// Package grpc1460 is modelled on the shape of grpc#1460: the HTTP/2
// client's keepalive goroutine, finding no active stream, waits to be
// woken on awakenKeepalive while holding the transport's lock; NewStream,
// which would wake it, must take that lock first.
package grpc1460

import (
	"sync"
	"time"
)

// Stream is one RPC.
type Stream struct {
	id uint32
}

type http2Client struct {
	mu              sync.Mutex
	activeStreams   map[uint32]*Stream
	nextID          uint32
	awakenKeepalive chan struct{}
	closing         chan struct{}
	kpTime          time.Duration
}

func newHTTP2Client(kp time.Duration) *http2Client {
	t := &http2Client{
		activeStreams:   make(map[uint32]*Stream),
		nextID:          1,
		awakenKeepalive: make(chan struct{}),
		closing:         make(chan struct{}),
		kpTime:          kp,
	}
	go t.keepalive()
	return t
}

// NewStream registers a stream, waking keepalive for the first one.
func (t *http2Client) NewStream() *Stream {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := &Stream{id: t.nextID}
	t.nextID += 2
	t.activeStreams[s.id] = s
	if len(t.activeStreams) == 1 {
		select {
		case t.awakenKeepalive <- struct{}{}:
		default:
		}
	}
	return s
}

func (t *http2Client) keepalive() {
	timer := time.NewTimer(t.kpTime)
	defer timer.Stop()
	for {
		select {
		case <-timer.C:
			t.mu.Lock()
			if len(t.activeStreams) < 1 {
				<-t.awakenKeepalive // want "GL201"
				t.mu.Unlock()
			} else {
				t.mu.Unlock()
			}
			timer.Reset(t.kpTime)
		case <-t.closing:
			return
		}
	}
}

type fixedClient struct {
	mu              sync.Mutex
	activeStreams   map[uint32]*Stream
	nextID          uint32
	awakenKeepalive chan struct{}
	closing         chan struct{}
	kpTime          time.Duration
}

func newFixedClient(kp time.Duration) *fixedClient {
	t := &fixedClient{
		activeStreams:   make(map[uint32]*Stream),
		nextID:          1,
		awakenKeepalive: make(chan struct{}),
		closing:         make(chan struct{}),
		kpTime:          kp,
	}
	go t.keepalive()
	return t
}

// NewStream registers a stream, waking keepalive for the first one.
func (t *fixedClient) NewStream() *Stream {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := &Stream{id: t.nextID}
	t.nextID += 2
	t.activeStreams[s.id] = s
	if len(t.activeStreams) == 1 {
		select {
		case t.awakenKeepalive <- struct{}{}:
		default:
		}
	}
	return s
}

// keepalive has the fix we recall upstream made: the lock is released
// before waiting to be woken.
func (t *fixedClient) keepalive() {
	timer := time.NewTimer(t.kpTime)
	defer timer.Stop()
	for {
		select {
		case <-timer.C:
			t.mu.Lock()
			if len(t.activeStreams) < 1 {
				t.mu.Unlock()
				select {
				case <-t.awakenKeepalive:
				case <-t.closing:
					return
				}
			} else {
				t.mu.Unlock()
			}
			timer.Reset(t.kpTime)
		case <-t.closing:
			return
		}
	}
}
