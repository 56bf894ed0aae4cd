package grpc1275

import (
	"context"
	"testing"
	"time"
)

func TestInflightStreamClosing(t *testing.T) {
	client := &http2Client{streams: map[*Stream]bool{}}
	stream := client.NewStream()
	donec := make(chan struct{})
	go func() {
		defer close(donec)
		stream.Read([]byte{1})
	}()
	client.CloseStream(stream)
	timeout := time.NewTimer(300 * time.Millisecond)
	select {
	case <-donec:
		if !timeout.Stop() {
			<-timeout.C
		}
	case <-timeout.C:
		t.Fatal("stream.Read did not return after CloseStream")
	}
}

func TestFixedInflightStreamClosing(t *testing.T) {
	stream := newFixedStream(context.Background())
	donec := make(chan struct{})
	go func() {
		defer close(donec)
		stream.read([]byte{1})
	}()
	stream.close()
	timeout := time.NewTimer(300 * time.Millisecond)
	select {
	case <-donec:
		if !timeout.Stop() {
			<-timeout.C
		}
	case <-timeout.C:
		t.Fatal("read did not return after close")
	}
}
