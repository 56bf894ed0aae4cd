package escape

import "errors"

// Allocations of functions the compiler inlines are reported again at
// each call, as escaping or not in the caller.

// Scope is a small tree node with a map.
type Scope struct {
	Outer   *Scope
	Objects map[string]int
}

// newScope is inlined: its two allocations are made at each call.
func newScope(outer *Scope) *Scope {
	return &Scope{Outer: outer, Objects: make(map[string]int, 4)} // want "GL501"
}

var scopes []*Scope

// KeepScope stores the result of an inlined constructor: both its
// allocations escape at the call.
func KeepScope() {
	s := newScope(nil)
	scopes = append(scopes, s)
}

// LocalScope keeps the result in the frame: nothing escapes at the call.
func LocalScope() int {
	s := newScope(nil)
	return len(s.Objects)
}

// ReturnScope returns it: both escape at the call.
func ReturnScope() *Scope {
	return newScope(nil)
}

type scanner struct{ err error }

// fail is inlined and panics with an error made by errors.New (inlined
// too): the allocation reaches the heap whatever the caller does.
func (s *scanner) fail(msg string) {
	panic(errors.New(msg))
}

// Check calls an inlined function whose allocation always escapes.
func (s *scanner) Check(ok bool) {
	if !ok {
		s.fail("not ok")
	}
}

// DeferredFail: the compiler wraps a deferred call in a function of its
// own and inlines the callee there: its allocation is reported at the
// defer too.
func (s *scanner) DeferredFail() {
	defer s.fail("deferred")
}

// counter returns a closure that captures nothing but its parameter.
func counter(start int) func() int {
	return func() int { return start + 1 }
}

// KeepCounter returns the closure of an inlined function.
func KeepCounter() func() int {
	return counter(1)
}
