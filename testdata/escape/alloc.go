// Package escape is the corpus of crates/golint-rs/tests/escape.rs: the
// escapes golint-rs reports here must be the ones `go build -gcflags=-m`
// reports, line for line.
package escape

import (
	"errors"
	"io"
)

// Point is a small value type.
type Point struct{ X, Y int }

// Node holds a pointer.
type Node struct {
	Val  int
	Next *Node
}

// Wrapper is a struct of one pointer: stored in an interface as is.
type Wrapper struct{ p *Point }

func (w Wrapper) String() string { return "w" }

var (
	sink    *Point
	sinkAny any
	sinkErr error
	nodes   []*Node
)

// NewPoint returns its allocation: it escapes.
func NewPoint(x, y int) *Point {
	return &Point{X: x, Y: y} // want "GL501"
}

// NewPointVar returns the address of a local: the local moves to the heap.
func NewPointVar(x int) *Point {
	p := Point{X: x} // want "GL501"
	return &p
}

// NewInt returns new(int).
func NewInt() *int {
	return new(int) // want "GL501"
}

// LocalOnly keeps its allocation on the stack.
func LocalOnly() int {
	p := &Point{X: 1}
	return p.X
}

// StoreGlobal stores its parameter in a global.
func StoreGlobal(p *Point) {
	sink = p
}

// CallsStore passes a fresh allocation to a function whose parameter leaks.
func CallsStore() {
	p := &Point{X: 2}
	StoreGlobal(p)
}

// MakeReturned returns a slice made here.
func MakeReturned(n int) []int {
	s := make([]int, n)
	return s
}

// MakeLocal does not let its slice out.
func MakeLocal(n int) int {
	s := make([]int, n)
	return len(s)
}

// MakeHuge is too large for the stack.
func MakeHuge() int {
	s := make([]byte, 100000)
	return len(s)
}

// BigArray is a variable too large for the stack.
func BigArray() int {
	var a [200000]byte
	return len(a)
}

// SliceLiteral returns a slice literal.
func SliceLiteral() []int {
	return []int{1, 2, 3}
}

// MapLiteral returns a map literal.
func MapLiteral() map[string]int {
	return map[string]int{"a": 1}
}

// StoreInMap stores the address of a local in a map.
func StoreInMap(m map[string]*Point) {
	p := Point{}
	m["a"] = &p
}

// StoreInSlice stores the address of a local in a slice.
func StoreInSlice(s []*Point) {
	p := Point{}
	s[0] = &p
}

// Send sends an allocation on a channel.
func Send(c chan *Point) {
	c <- &Point{X: 3}
}

// LoopAlloc assigns allocations made in a loop to a variable declared
// before it.
func LoopAlloc() *Node {
	var last *Node
	for i := 0; i < 3; i++ {
		last = &Node{Val: i} // want "GL501"
	}
	return last
}

// Append appends the address of a fresh node to a global slice.
func Append() {
	n := &Node{Val: 1}
	nodes = append(nodes, n)
}

// ThroughPointer stores through a pointer parameter.
func ThroughPointer(dst **Point) {
	p := &Point{X: 4}
	*dst = p
}

// Field stores into a field of a pointer parameter.
func Field(n *Node) {
	n.Next = &Node{Val: 5}
}

// ErrorsNew is inlined: its allocation is reported here.
func ErrorsNew() error {
	return errors.New("boom")
}

// WriteTo hands buffers to an interface method.
func WriteTo(w io.Writer, n int) {
	buf := make([]byte, n)
	w.Write(buf)
}

// Recurse returns its parameter through recursion.
func Recurse(n int, p *Point) *Point {
	if n == 0 {
		return p
	}
	return Recurse(n-1, p)
}

// UseRecurse returns the address of a local through Recurse.
func UseRecurse() *Point {
	p := Point{} // want "GL501"
	return Recurse(3, &p)
}

// Method stores its argument in its receiver's field.
func (n *Node) Method(m *Node) {
	n.Next = m
}

// CallsMethod passes a fresh allocation to a method whose parameter leaks.
func CallsMethod() {
	a := &Node{}
	b := &Node{}
	a.Method(b)
}

// Wrap stores a one-pointer struct in an interface: no allocation.
func Wrap(p *Point) {
	sinkAny = Wrapper{p}
}
