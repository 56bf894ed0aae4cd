// Package genericmethods exercises generic methods (Go 1.27): methods with
// their own type parameters, on plain and generic receivers.
package genericmethods

import (
	"math/rand/v2"
	"sync"
)

type intType interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint32 | ~uint64
}

// Rand wraps a source and returns numbers of any integer type.
type Rand struct {
	mu  sync.Mutex
	src *rand.Rand
}

// N returns a number in [0, n).
func (r *Rand) N[Int intType](n Int) Int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Int(r.src.Int64N(int64(n)))
}

// Box holds a value.
type Box[T any] struct{ v T }

// Map converts the value with a function of another type parameter.
func (b Box[T]) Map[U any](f func(T) U) Box[U] {
	return Box[U]{v: f(b.v)}
}

// Pick calls generic methods with and without explicit type arguments.
func Pick(r *Rand) (int8, Box[string]) {
	a := r.N[int8](10)
	b := r.N(uint64(5))
	box := Box[int]{v: int(b)}
	s := box.Map[string](func(int) string { return "x" })
	_ = Box[int]{}.Map(func(v int) bool { return v > 0 })
	return a, s
}
