package cockroach35931

import "testing"

func TestFlowTimeout(t *testing.T) {
	fr := &flowRegistry{flows: make(map[int]*flowEntry)}
	setupFlow(fr, 1)
	setupFlow(fr, 2)
	fr.timeoutFlowFixed(2)
	fr.timeoutFlow(1)
}
