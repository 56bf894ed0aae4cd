package cockroach25456

import "testing"

// TestCheckConsistencyInconsistent builds its store without a stopper.
func TestCheckConsistencyInconsistent(t *testing.T) {
	store := &Store{}
	q := &consistencyChecker{}
	q.process(newReplica(store))
}

// TestCheckConsistencyFixed gives the store the stopper it needs.
func TestCheckConsistencyFixed(t *testing.T) {
	stopper := newStopper()
	store := &Store{stopper: stopper}
	q := &consistencyChecker{}
	go q.process(newReplica(store))
	stopper.Stop()
}
