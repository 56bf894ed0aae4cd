package kubernetes26980

import "testing"

func TestListenerStop(t *testing.T) {
	pr := &processor{}
	pr.run(make(chan struct{}))
	runFixed(make(chan struct{}))
}
