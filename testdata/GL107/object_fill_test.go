package gl107

import "testing"

// A test pre-fills the flusher's signal buffer of one, then Start sends
// again before it starts the goroutine that drains it.
func TestFlusherThrottles(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	f := newFlusher()
	f.signal <- struct{}{}
	f.Start(stop)
	if f.flushed != 0 {
		t.Fatalf("flushed %d times before the first tick", f.flushed)
	}
}

// The same test against the flusher that signals without blocking: silent.
func TestSafeFlusherThrottles(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	f := newSafeFlusher()
	f.signal <- struct{}{}
	f.Start(stop)
	f.poke()
}

// A test that starts the server before publishing: silent.
func TestServerStartsFirst(t *testing.T) {
	s := newOKServer()
	s.Start()
	s.events <- reloadEvent{kind: "reload"}
	close(s.quit)
}
