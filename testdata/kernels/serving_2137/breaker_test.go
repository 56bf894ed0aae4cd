package serving2137

import "testing"

func TestBreakerOverload(t *testing.T) {
	b := NewBreaker(1, 1)
	locks := b.concurrentRequests(2)
	unlockAll(locks)
}

func TestBreakerOverloadFixed(t *testing.T) {
	b := NewBreaker(1, 1)
	locks := b.concurrentRequests(2)
	unlockAllFixed(locks)
}
