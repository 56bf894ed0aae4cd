package grpc795

import "testing"

func TestGracefulStopTwice(t *testing.T) {
	s := NewServer()
	s.Serve("localhost:0")
	go s.GracefulStop()
	go s.GracefulStop()
}

func TestGracefulStopTwiceFixed(t *testing.T) {
	s := NewServer()
	s.Serve("localhost:0")
	go s.gracefulStopFixed()
	go s.gracefulStopFixed()
}
