package gl101

// Server loops that return once their clients are done by protocol: the
// loop counts the final reports it waits for on a data channel (sent on,
// never closed) and returns after the last one. No client sends after its
// final report, so nothing is reported. Compare Cache in
// request_loops.go, whose loop returns when told to quit while clients may
// still call.

// suiteSummary is the final report of one test node.
type suiteSummary struct {
	node   int
	passed bool
}

// specResult is the result of one spec on one node.
type specResult struct {
	node int
	name string
	ok   bool
}

// Aggregator merges the reports of parallel test nodes.
type Aggregator struct {
	nodes    int
	specs    chan specResult
	endings  chan suiteSummary
	result   chan bool
	failures []specResult
}

// NewAggregator starts the merging loop for nodes nodes.
func NewAggregator(nodes int) *Aggregator {
	a := &Aggregator{
		nodes:   nodes,
		specs:   make(chan specResult),
		endings: make(chan suiteSummary),
		result:  make(chan bool, 1),
	}
	go a.mux()
	return a
}

// SpecDidComplete reports one spec; a node calls it before its suite ends.
func (a *Aggregator) SpecDidComplete(r specResult) {
	a.specs <- r
}

// SuiteDidEnd is the last report of a node.
func (a *Aggregator) SuiteDidEnd(s suiteSummary) {
	a.endings <- s
}

// Result waits for the merged outcome.
func (a *Aggregator) Result() bool {
	return <-a.result
}

func (a *Aggregator) mux() {
	ended, passed := 0, true
	for {
		select {
		case r := <-a.specs:
			if !r.ok {
				a.failures = append(a.failures, r)
			}
		case s := <-a.endings:
			ended++
			passed = passed && s.passed
			if ended == a.nodes {
				a.result <- passed && len(a.failures) == 0
				return
			}
		}
	}
}
