package gl101

import "testing"

// newTestCollector buffers events, so that a test can observe samples
// before the loop runs.
func newTestCollector() *collector {
	return &collector{
		events: make(chan sample, 16),
		stop:   make(chan struct{}),
		totals: make(map[string]float64),
	}
}

func TestCollectorTotals(t *testing.T) {
	c := newTestCollector()
	c.observe("a", 1)
	c.observe("a", 2)
	go c.run()
	c.shutdown()
}
