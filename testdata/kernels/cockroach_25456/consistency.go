// Package cockroach25456 is modelled on the shape of cockroach#25456: a test
// builds a store without a stopper, and the consistency checker waits on
// the stopper's quiesce channel, which is nil for a nil stopper: the
// receive blocks forever.
package cockroach25456

type Stopper struct {
	quiescer chan struct{}
}

func newStopper() *Stopper {
	return &Stopper{quiescer: make(chan struct{})}
}

// ShouldQuiesce is nil on a nil stopper.
func (s *Stopper) ShouldQuiesce() <-chan struct{} {
	if s == nil {
		return nil
	}
	return s.quiescer
}

// Stop quiesces.
func (s *Stopper) Stop() {
	close(s.quiescer)
}

type Store struct {
	stopper *Stopper
}

func (s *Store) Stopper() *Stopper { return s.stopper }

type Replica struct {
	store *Store
}

type consistencyChecker struct{}

// process waits until the store quiesces.
func (q *consistencyChecker) process(repl *Replica) {
	// Known miss: the nil comes from a nil *Stopper, a value the model does not track; the receive is on a channel that a constructor makes and Stop closes.
	<-repl.store.Stopper().ShouldQuiesce()
}

func newReplica(s *Store) *Replica {
	return &Replica{store: s}
}
