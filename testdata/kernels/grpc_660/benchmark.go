// Package grpc660 is modelled on the shape of grpc#660: the benchmark client
// pairs a goroutine that sends on a done channel with one that receives
// from it until stop is signalled; once the receiver has returned, the
// sender blocks on its next send.
package grpc660

import "math/rand"

type benchmarkClient struct {
	stop chan bool
}

func (bc *benchmarkClient) doCloseLoopUnary() {
	for i := 0; i < 10; i++ {
		done := make(chan bool)
		go func() {
			for {
				if rand.Intn(10) > 7 {
					done <- false // want "GL101"
					return
				}
				done <- true // want "GL101"
			}
		}()
		go func() {
			for {
				select {
				case <-bc.stop:
					return
				case <-done:
				}
			}
		}()
	}
}

// doCloseLoopUnaryFixed has the shape we recall the upstream fix took: the sender watches
// stop too.
func (bc *benchmarkClient) doCloseLoopUnaryFixed() {
	for i := 0; i < 10; i++ {
		done := make(chan bool)
		go func() {
			for {
				if rand.Intn(10) > 7 {
					select {
					case done <- false:
					case <-bc.stop:
					}
					return
				}
				select {
				case done <- true:
				case <-bc.stop:
					return
				}
			}
		}()
		go func() {
			for {
				select {
				case <-bc.stop:
					return
				case <-done:
				}
			}
		}()
	}
}
