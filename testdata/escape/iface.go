package escape

import (
	"fmt"
	"io"
	"log"
	"strings"
)

// Print boxes its arguments: fmt keeps them.
func Print(n int, s string, p Point) {
	fmt.Println(n, s, p)
}

// Sprintf boxes an int.
func Sprintf(n int) string {
	return fmt.Sprintf("%d", n)
}

// Logf boxes an int.
func Logf(n int) {
	log.Printf("n=%d", n)
}

// BoxGlobal stores an int in an interface global.
func BoxGlobal(n int) {
	sinkAny = n
}

// Panic panics with an int.
func Panic(n int) {
	panic(n)
}

// PrintPointer passes the address of a local to fmt.
func PrintPointer() {
	p := Point{X: 1}
	fmt.Println(&p)
}

// SetErr stores an error made by errors.New in a global.
func SetErr(err error) {
	sinkErr = err
}

// newNode is inlined: the compiler reports its allocation at each call too.
func newNode(v int) *Node {
	return &Node{Val: v} // want "GL501"
}

// KeepNode keeps what newNode made.
func KeepNode() {
	nodes = append(nodes, newNode(1))
}

// Errorf returns an error made by an inlined errors.New.
func Errorf(n int) error {
	return fmt.Errorf("n=%d", n)
}

// ReadHeader reads into a local array through io.ReadFull, which hands
// the slice to an interface method.
func ReadHeader(r io.Reader) byte {
	var hdr [4]byte
	io.ReadFull(r, hdr[:])
	return hdr[0]
}

// Report formats into a local builder handed to fmt.Fprintf.
func Report(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d", n)
	return b.String()
}
