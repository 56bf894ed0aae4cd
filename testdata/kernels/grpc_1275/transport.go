// Package grpc1275 is modelled on the shape of grpc#1275: a stream's reader
// waits on the receive buffer's channel alone, so closing the stream does
// not wake a goroutine blocked in Read; the fix makes Read also watch the
// stream's context, which CloseStream cancels.
package grpc1275

import (
	"context"
	"io"
)

type recvMsg struct {
	data []byte
	err  error
}

type recvBuffer struct {
	c chan recvMsg
}

func newRecvBuffer() *recvBuffer {
	return &recvBuffer{c: make(chan recvMsg, 1)}
}

func (b *recvBuffer) get() <-chan recvMsg {
	return b.c
}

type recvBufferReader struct {
	recv *recvBuffer
	last []byte
}

// Read waits for the next message; nothing in this transport ever puts one
// in the buffer once the stream is closed, nor closes it.
func (r *recvBufferReader) Read(p []byte) (n int, err error) {
	if len(r.last) > 0 {
		n = copy(p, r.last)
		r.last = r.last[n:]
		return n, nil
	}
	m := <-r.recv.get() // want "GL102"
	if m.err != nil {
		return 0, m.err
	}
	n = copy(p, m.data)
	r.last = m.data[n:]
	return n, nil
}

// Stream is one RPC's stream.
type Stream struct {
	trReader io.Reader
}

// Read reads exactly len(p) bytes of the stream.
func (s *Stream) Read(p []byte) (int, error) {
	return io.ReadFull(s.trReader, p)
}

type http2Client struct {
	streams map[*Stream]bool
}

func (t *http2Client) NewStream() *Stream {
	s := &Stream{trReader: &recvBufferReader{recv: newRecvBuffer()}}
	t.streams[s] = true
	return s
}

// CloseStream forgets the stream but leaves its reader waiting.
func (t *http2Client) CloseStream(s *Stream) {
	delete(t.streams, s)
}

// fixedReader is the fix's shape: Read also returns once the stream's
// context is cancelled.
type fixedReader struct {
	ctx  context.Context
	recv *recvBuffer
}

func (r *fixedReader) Read(p []byte) (n int, err error) {
	select {
	case <-r.ctx.Done():
		return 0, r.ctx.Err()
	case m := <-r.recv.get():
		if m.err != nil {
			return 0, m.err
		}
		return copy(p, m.data), nil
	}
}

type fixedStream struct {
	cancel   context.CancelFunc
	trReader io.Reader
}

func newFixedStream(ctx context.Context) *fixedStream {
	ctx, cancel := context.WithCancel(ctx)
	return &fixedStream{cancel: cancel, trReader: &fixedReader{ctx: ctx, recv: &recvBuffer{c: make(chan recvMsg, 1)}}}
}

func (s *fixedStream) read(p []byte) (int, error) {
	return io.ReadFull(s.trReader, p)
}

func (s *fixedStream) close() {
	s.cancel()
}
