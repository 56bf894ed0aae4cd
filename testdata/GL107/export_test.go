package gl107

// The export_test.go idiom: the external test package gl107_test in this
// directory sees what this file exports, so a channel field exported here
// may be received from there. Nothing here is reported.

// Probe hands gl107_test a channel of the package's internals.
type Probe struct {
	Events chan string
}

// NewProbe is for gl107_test.
func NewProbe() *Probe { return &Probe{Events: make(chan string)} }

func (p *Probe) emit(e string) {
	p.Events <- e
}

// EmitForTest is for gl107_test.
func EmitForTest(p *Probe, e string) { go p.emit(e) }
