package cockroach1462

import "testing"

func TestTransportStop(t *testing.T) {
	stopper := NewStopper()
	lt := newLocalInterceptableTransport(stopper)
	lt.handleEvents()
	lt.send(message{from: 1, to: 2})
	lt.send(message{from: 2, to: 1})
	ft := &fixedTransport{messages: make(chan message, 100), events: make(chan message), stopper: stopper}
	ft.start()
	ft.handleEvents()
	stopper.Stop()
}
