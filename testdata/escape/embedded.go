package escape

// An embedded pointer's fields are one dereference further than the
// selector shows: `d.links` is `d.linkSet.links`.

type linkSet struct {
	links []*string
}

type parser struct{ strict bool }

type parseState struct {
	*parser
	*linkSet
	depth int
}

// addLink stores through the embedded *linkSet: the receiver's content
// leaks (two dereferences down), not what the receiver points to.
func (d *parseState) addLink(s *string) {
	d.links = append(d.links, s)
}

// CountLinks: the link set's links escape, but not the link set, the
// state that points to it, or the parser.
func CountLinks(s *string) int {
	p := parser{strict: true}
	d := &parseState{parser: &p, linkSet: new(linkSet)}
	d.addLink(s)
	return len(d.links)
}

// NewLinkSet returns the link set (one field of the state: the compiler
// does not tell fields apart, the parser goes with it).
func NewLinkSet(s *string) *linkSet {
	p := parser{strict: true}                           // want "GL501"
	d := &parseState{parser: &p, linkSet: new(linkSet)} // want "GL501"
	d.addLink(s)
	return d.linkSet
}

// keep stores the whole state through the embedded pointer.
func (d *parseState) keep(all *[]*parseState) {
	*all = append(*all, d)
}

// KeptState: stored through a pointer, the state escapes with its parser.
func KeptState(all *[]*parseState) {
	p := parser{}                              // moved to the heap
	d := &parseState{parser: &p, linkSet: nil} // escapes
	d.keep(all)
}
