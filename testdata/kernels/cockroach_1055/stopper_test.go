package cockroach1055

import "testing"

func TestNestedTaskWhileQuiescing(t *testing.T) {
	s := NewStopper()
	started := make(chan struct{})
	go s.RunTask(func() {
		close(started)
		s.RunTask(func() {})
	})
	<-started
	s.Stop()

	f := newFixedStopper()
	go f.runTask(func() { f.runTask(func() {}) })
	f.quiesce()
}
