package gl101

import (
	"context"
	"net"
	"time"
)

// Channels that reach their goroutine through a conversion to a channel
// type of the package, or through a method promoted from an embedded
// field. Both are the same channel and the same method as written
// directly; the analysis follows them like any other.

// batchSink is where a shipper delivers its batches.
type batchSink chan<- []string

// shipBatch reads one batch and hands it over.
func shipBatch(src []string, sink batchSink) {
	batch := append([]string(nil), src...)
	sink <- batch // want "GL101"
}

// shipWithTimeout converts its channel to batchSink: still the same
// channel, abandoned when the context ends first.
func shipWithTimeout(ctx context.Context, src []string) ([]string, error) {
	ch := make(chan []string)
	go shipBatch(src, batchSink(ch))
	select {
	case b := <-ch:
		return b, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// shipBatchOrQuit gives up its batch once quit is closed.
func shipBatchOrQuit(src []string, sink batchSink, quit <-chan struct{}) {
	select {
	case sink <- append([]string(nil), src...):
	case <-quit:
	}
}

// shipOrQuit closes quit when it stops waiting: the converted channel's
// sender leaves through its other case.
func shipOrQuit(ctx context.Context, src []string) ([]string, error) {
	ch := make(chan []string)
	quit := make(chan struct{})
	defer close(quit)
	go shipBatchOrQuit(src, batchSink(ch), quit)
	select {
	case b := <-ch:
		return b, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// wireConn is the raw connection a pooled connection wraps.
type wireConn struct {
	nc      net.Conn
	timeout time.Duration
}

// readFrame reads one frame and reports it on out.
func (w *wireConn) readFrame(out chan<- []byte) {
	buf := make([]byte, 4096)
	_ = w.nc.SetReadDeadline(time.Now().Add(w.timeout))
	n, err := w.nc.Read(buf)
	if err != nil {
		n = 0
	}
	out <- buf[:n] // want "GL101"
}

// readFrameDone reports on out, or gives up when done is closed.
func (w *wireConn) readFrameDone(out chan<- []byte, done <-chan struct{}) {
	buf := make([]byte, 4096)
	n, _ := w.nc.Read(buf)
	select {
	case out <- buf[:n]:
	case <-done:
	}
}

// pooledConn embeds *wireConn: readFrame is its method too.
type pooledConn struct {
	*wireConn
	lastUsed time.Time
}

// nextFrame calls the promoted readFrame in a goroutine and stops waiting
// after d.
func (p *pooledConn) nextFrame(d time.Duration) []byte {
	frames := make(chan []byte)
	go p.readFrame(frames)
	select {
	case f := <-frames:
		p.lastUsed = time.Now()
		return f
	case <-time.After(d):
		return nil
	}
}

// nextFrameDone closes done on its way out: the promoted readFrameDone
// returns then.
func (p *pooledConn) nextFrameDone(d time.Duration) []byte {
	frames := make(chan []byte)
	done := make(chan struct{})
	defer close(done)
	go p.readFrameDone(frames, done)
	select {
	case f := <-frames:
		return f
	case <-time.After(d):
		return nil
	}
}
