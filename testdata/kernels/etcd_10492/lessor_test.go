package etcd10492

import "testing"

func TestLessorRenewWithCheckpointer(t *testing.T) {
	s := newServer()
	s.lessor.leaseMap[1] = &Lease{ID: 1, ttl: 10, remainingTTL: 5}
	s.lessor.Renew(1)
}

func TestLessorRenewWithCheckpointerFixed(t *testing.T) {
	s := newServer()
	s.lessor.leaseMap[1] = &Lease{ID: 1, ttl: 10, remainingTTL: 5}
	s.lessor.renewFixed(1)
}
