package kubernetes6632

import (
	"testing"
	"time"
)

func TestWriteFrameAfterClose(t *testing.T) {
	conn := &connection{closeChan: make(chan bool)}
	i := newIdleAwareFramer(conn, time.Second)
	f := newFixedFramer(conn, time.Second)
	go i.WriteFrame(Frame{streamID: 1})
	go f.WriteFrame(Frame{streamID: 1})
	close(conn.closeChan)
}
