// Package aliases exercises generic type aliases (Go 1.24) and
// self-referential constraints (Go 1.26).
package aliases

// Set is a generic alias of a map type.
type Set[T comparable] = map[T]struct{}

// List and Keyed are grouped generic aliases, one of them nested.
type (
	List[T any]                = []T
	Keyed[K comparable, V any] = map[K]List[V]
	Bytes                      = List[byte]
)

// Adder is a constraint that refers to itself (Go 1.26).
type Adder[A Adder[A]] interface {
	Add(A) A
}

// Vec implements Adder.
type Vec struct{ X, Y int }

// Add adds two vectors.
func (v Vec) Add(w Vec) Vec { return Vec{v.X + w.X, v.Y + w.Y} }

// Total folds values with their own Add.
func Total[A Adder[A]](xs ...A) A {
	var acc A
	for _, x := range xs {
		acc = acc.Add(x)
	}
	return acc
}

// Union returns the keys present in either set.
func Union[T comparable](a, b Set[T]) Set[T] {
	out := make(Set[T], len(a)+len(b))
	for k := range a {
		out[k] = struct{}{}
	}
	for k := range b {
		out[k] = struct{}{}
	}
	return out
}

// Group collects values by key.
func Group(pairs [][2]string) Keyed[string, string] {
	out := Keyed[string, string]{}
	for _, p := range pairs {
		out[p[0]] = append(out[p[0]], p[1])
	}
	var b Bytes = []byte("ok")
	_ = b
	_ = Total(Vec{1, 2}, Vec{3, 4})
	return out
}
