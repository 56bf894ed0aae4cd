package escape

import (
	"io"
	"runtime"
	"sync/atomic"
)

// Pointers that leave through a conversion to a pointer type, an atomic
// pointer or the runtime.

// Prefixed holds its prefix in an atomic pointer.
type Prefixed struct {
	prefix atomic.Pointer[string]
	last   atomic.Pointer[string]
}

// SetPrefix stores the address of its parameter: it moves to the heap.
func (p *Prefixed) SetPrefix(prefix string) {
	p.prefix.Store(&prefix)
}

// SwapLast swaps in the address of its parameter.
func (p *Prefixed) SwapLast(last string) *string {
	return p.last.Swap(&last)
}

// LoadPrefix reads it: nothing moves.
func (p *Prefixed) LoadPrefix() string {
	if s := p.prefix.Load(); s != nil {
		return *s
	}
	return ""
}

type byteSource string

func (s *byteSource) Read(b []byte) (int, error) {
	n := copy(b, *s)
	*s = (*s)[n:]
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

var sources []io.Reader

func keepSource(r io.Reader) {
	sources = append(sources, r)
}

// KeepString converts the address of its parameter to a pointer type:
// the pointer passes through the conversion, and the parameter moves.
func KeepString(str string) {
	keepSource((*byteSource)(&str))
}

// ReadString converts it too, but keeps it in the frame.
func ReadString(str string) int {
	var buf [8]byte
	n, _ := (*byteSource)(&str).Read(buf[:])
	return n
}

// StackSize hands its buffer to runtime.Stack, which keeps it.
func StackSize() int {
	var buf [1 << 10]byte
	return runtime.Stack(buf[:], false)
}
