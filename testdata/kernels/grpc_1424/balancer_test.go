package grpc1424

import "testing"

func TestDialCloseLeaksWatcher(t *testing.T) {
	rr := newRoundRobin()
	cc := dial(rr)
	rr.update([]Address{{Addr: "a"}})
	cc.close()
}

func TestFixedDialClose(t *testing.T) {
	rr := &fixedRoundRobin{addrCh: make(chan []Address, 1)}
	watchFixed(rr)
	rr.update([]Address{{Addr: "a"}})
	rr.close()
}
