package grpc660

import "testing"

func TestCloseLoopUnary(t *testing.T) {
	bc := &benchmarkClient{stop: make(chan bool)}
	bc.doCloseLoopUnary()
	go func() {
		bc.stop <- true
	}()
}

func TestCloseLoopUnaryFixed(t *testing.T) {
	bc := &benchmarkClient{stop: make(chan bool)}
	bc.doCloseLoopUnaryFixed()
	close(bc.stop)
}
