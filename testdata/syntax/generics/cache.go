// Package generics exercises the generics syntax of Go 1.18 in the shape
// real libraries write it: constraints with unions and ~, generic types with
// methods, explicit instantiation, and nested instantiations.
package generics

import (
	"cmp"
	"fmt"
	"sync"
)

// Number is a constraint with a union of approximation elements.
type Number interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~float32 | ~float64
}

// Stringish mixes a type set with a method.
type Stringish interface {
	~string
	fmt.Stringer
}

// Sum adds up numbers of any numeric type.
func Sum[T Number](xs ...T) T {
	var total T
	for _, x := range xs {
		total += x
	}
	return total
}

// Pair holds two values of possibly different types.
type Pair[K comparable, V any] struct {
	Key   K
	Value V
}

// Cache is a concurrency-safe map with a generic key and value.
type Cache[K comparable, V any] struct {
	mu    sync.Mutex
	items map[K]V
	hits  chan Pair[K, V]
}

// NewCache returns an empty cache.
func NewCache[K comparable, V any]() *Cache[K, V] {
	return &Cache[K, V]{items: make(map[K]V), hits: make(chan Pair[K, V], 16)}
}

// Get returns the value stored under k.
func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.items[k]
	if ok {
		select {
		case c.hits <- Pair[K, V]{k, v}:
		default:
		}
	}
	return v, ok
}

// Put stores v under k.
func (c *Cache[K, V]) Put(k K, v V) {
	c.mu.Lock()
	c.items[k] = v
	c.mu.Unlock()
}

// Tree is a recursive generic type.
type Tree[T any] struct {
	Left, Right *Tree[T]
	Value       T
}

// Walk visits the tree in order.
func (t *Tree[T]) Walk(visit func(T)) {
	if t == nil {
		return
	}
	t.Left.Walk(visit)
	visit(t.Value)
	t.Right.Walk(visit)
}

// PtrTo has a constraint that is a pointer to a type parameter.
type PtrTo[T any] interface {
	*T
	Reset()
}

// ResetAll needs the trailing comma in its type parameter list.
func ResetAll[T any, P PtrTo[T]](xs []T) {
	for i := range xs {
		P(&xs[i]).Reset()
	}
}

// Max picks the larger value with an inline constraint.
func Max[T interface{ ~int | ~string }](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// Index maps keys to lists; instantiations nest.
type Index[K comparable, V any] map[K][]Pair[K, []V]

// Counter is used to instantiate explicitly.
type Counter int

// Reset zeroes the counter.
func (c *Counter) Reset() { *c = 0 }

// Use instantiates everything explicitly and implicitly.
func Use() (int, string) {
	counters := []Counter{1, 2, 3}
	ResetAll[Counter](counters)
	f := Sum[float64]
	_ = f(1, 2.5)
	idx := Index[string, int]{"a": {{Key: "a", Value: []int{1}}}}
	_ = idx
	best := Max(cmp.Compare(1, 2), 3)
	var tree *Tree[string]
	tree.Walk(func(string) {})
	c := NewCache[string, []byte]()
	c.Put("k", []byte("v"))
	_, _ = c.Get("k")
	return Sum(1, 2, best), Max[string]("a", "b")
}
