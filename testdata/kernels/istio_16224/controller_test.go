package istio16224

import "testing"

func TestEventAfterStop(t *testing.T) {
	stop := make(chan struct{})
	controller := NewController()
	done := make(chan bool)
	go func() {
		controller.Run(stop)
		done <- true
	}()
	close(stop)
	<-done
	go controller.Create("a", "b")
}

func TestFixedEventAfterStop(t *testing.T) {
	stop := make(chan struct{})
	close(stop)
	createFixed(stop, "a")
}
