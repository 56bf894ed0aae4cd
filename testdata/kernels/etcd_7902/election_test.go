package etcd7902

import "testing"

func TestElection(t *testing.T) {
	runElectionFixed(3, 10)
	runElection(3, 10)
}
