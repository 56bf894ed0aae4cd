package gl101

// A metrics collector whose events channel is made in two places:
// unbuffered by the production constructor, with a buffer by the tests'
// constructor (capacity_sites_test.go). A send whose collector may come
// from either is not taken to be unbuffered; where the function at hand
// made the channel itself, its own make site says.

type sample struct {
	name string
	v    float64
}

type collector struct {
	events chan sample
	stop   chan struct{}
	totals map[string]float64
}

func newCollector() *collector {
	return &collector{
		events: make(chan sample),
		stop:   make(chan struct{}),
		totals: make(map[string]float64),
	}
}

// run owns totals until stop is closed.
func (c *collector) run() {
	for {
		select {
		case s := <-c.events:
			c.totals[s.name] += s.v
		case <-c.stop:
			return
		}
	}
}

func (c *collector) shutdown() { close(c.stop) }

// observe may run on a collector of either constructor: the tests' one has
// room for its samples.
func (c *collector) observe(name string, v float64) {
	c.events <- sample{name: name, v: v} // ok: the channel may be the buffered one
}

// restart gives the collector a new unbuffered events channel and replays
// the pending samples into it: once run has returned on stop, the next
// replayed sample blocks forever. The channel at hand is the one made
// here.
func (c *collector) restart(pending []sample) {
	c.events = make(chan sample)
	go c.run()
	for _, s := range pending {
		c.events <- s // want "GL101"
	}
}

// useCollector keeps the production collector busy.
func useCollector() {
	c := newCollector()
	go c.run()
	c.observe("requests", 1)
	c.restart(nil)
	c.shutdown()
}
