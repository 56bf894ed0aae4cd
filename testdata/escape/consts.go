package escape

import (
	"fmt"
	"go/ast"
)

// The compiler drops the code a constant condition rules out before it
// inlines or analyzes escapes: a debug trace behind `if debugConsts`
// neither allocates nor keeps the function from being inlined.

const debugConsts = false

const verboseConsts = debugConsts || false

// Tree is a node of a tree of scopes.
type Tree struct {
	Outer *Tree
	Names map[string]int
	depth int
}

func (t *Tree) trace(msg string) {
	fmt.Println(msg, t.depth)
}

// open is inlined: its trace is dead code, so its allocations are made
// (and reported) at each call.
func (t *Tree) open() {
	t.depth++
	if debugConsts {
		t.trace("open")
	}
	if verboseConsts && t.depth > 1 {
		t.trace("deep")
	}
	t.Outer = &Tree{Outer: t.Outer, Names: make(map[string]int, 4)}
}

// Open stores what the inlined open allocates through its receiver.
func Open(t *Tree) {
	t.open()
}

// OpenAll calls open in a function with a defer: it is not inlined, but
// still inlines what it calls.
func OpenAll(t *Tree, n int) {
	defer fmt.Println("opened")
	for i := 0; i < n; i++ {
		t.open()
	}
}

// Checked returns a tree behind conditions decided by constants: only the
// live branches allocate.
func Checked(b []byte) *Tree {
	if debugConsts && len(b) > 0 {
		return &Tree{depth: 1}
	}
	for debugConsts {
		return &Tree{depth: 2}
	}
	switch {
	case true:
		if len(b) > 1 {
			return &Tree{depth: 3} // want "GL501"
		}
	case len(b) > 2:
		return &Tree{depth: 4}
	}
	if !debugConsts || len(b) > 3 {
		return nil
	}
	return &Tree{depth: 5}
}

// Unfolded keeps a switch whose first case is not constant: the compiler
// folds nothing there.
func Unfolded(b []byte) *Tree {
	switch {
	case len(b) > 2:
		return &Tree{depth: 6} // want "GL501"
	case true:
		return nil
	}
	return &Tree{depth: 7} // want "GL501"
}

// wrapScope is inlined only because the imported ast.NewScope it calls
// is: its allocations are made at each call.
func wrapScope(outer *ast.Scope, n int) *ast.Scope {
	if n > 10 {
		outer = nil
	}
	s := ast.NewScope(outer)
	s.Outer = outer
	return s
}

var kept []*ast.Scope

// KeepWrapped keeps the scope of the inlined wrapScope.
func KeepWrapped(n int) {
	kept = append(kept, wrapScope(nil, n))
}
