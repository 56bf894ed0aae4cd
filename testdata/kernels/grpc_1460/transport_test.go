package grpc1460

import (
	"testing"
	"time"
)

func TestKeepaliveFirstStream(t *testing.T) {
	c := newHTTP2Client(time.Millisecond)
	time.Sleep(2 * time.Millisecond)
	c.NewStream()
	f := newFixedClient(time.Millisecond)
	time.Sleep(2 * time.Millisecond)
	f.NewStream()
}
