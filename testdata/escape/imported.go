package escape

import (
	"bufio"
	"io"
	"strings"
	"sync"
)

// Functions of the standard library are summarized from their source:
// what an inlined one allocates is reported at the call, escaping or not
// in the caller.

var readers []*bufio.Reader

// KeepReader keeps the reader: both allocations of the inlined
// bufio.NewReader escape at the call.
func KeepReader(r io.Reader) {
	readers = append(readers, bufio.NewReader(r))
}

// LocalReader uses the reader in the frame only.
func LocalReader(s string) int {
	br := bufio.NewReader(strings.NewReader(s))
	return br.Size()
}

// Guarded holds a condition variable.
type Guarded struct {
	mu   sync.Mutex
	cond *sync.Cond
}

// Init stores the condition sync.NewCond allocates through a pointer.
func (g *Guarded) Init() {
	g.cond = sync.NewCond(&g.mu)
}

// ReaderOf returns the allocation of the inlined strings.NewReader.
func ReaderOf(s string) io.Reader {
	return strings.NewReader(s)
}
