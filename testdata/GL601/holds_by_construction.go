package gl601

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
)

// An assertion cannot fail when the package itself decides what is behind
// the interface: a function of the package that only ever returns that
// type, a reflect.Value whose type was checked with Implements, a
// sync.Pool whose New returns one type, an atomic.Value or a sync.Map that
// only ever stores one type. Found in the standard library (go/types,
// encoding/json, fmt's pools, net/http's atomic.Values) and in etcd.

type shape interface{ area() float64 }

type square struct{ side float64 }

func (s *square) area() float64 { return s.side * s.side }

type circle struct{ r float64 }

func (c circle) area() float64 { return 3 * c.r * c.r }

func newShape(side float64) shape {
	if side < 0 {
		return &square{side: 0}
	}
	return &square{side: side}
}

func squareOf(side float64) *square {
	return newShape(side).(*square) // ok: newShape only ever returns a *square
}

func sideOf(n float64) float64 {
	s := newShape(n)
	return s.(*square).side // ok: s is newShape's result
}

func anyShape(n float64) shape {
	if n < 0 {
		return circle{r: -n}
	}
	return &square{side: n}
}

func shapeOrNil(n float64) shape {
	if n < 0 {
		return nil
	}
	return &square{side: n}
}

func notOnlySquares(n float64) (*square, *square) {
	return anyShape(n).(*square), // want "GL601"
		shapeOrNil(n).(*square) // want "GL601"
}

// A pool whose New returns one type and that gets back only that type:
// see bufPool in stdlib_values.go.

// A pool that is also given another type.
var mixedPool = sync.Pool{New: func() interface{} { return new(bytes.Buffer) }}

func renderMixed(s string) string {
	b := mixedPool.Get().(*bytes.Buffer) // want "GL601"
	defer mixedPool.Put(b)
	mixedPool.Put(new(strings.Builder))
	b.WriteString(s)
	return b.String()
}

// Containers in fields: every store goes through the field.
type config struct{ limit int }

type server struct {
	cfg   atomic.Value
	cache sync.Map
	any   atomic.Value
}

func (s *server) setConfig(c *config) { s.cfg.Store(c) }

func (s *server) config() *config {
	return s.cfg.Load().(*config) // ok: only *config is stored in cfg
}

func (s *server) remember(k string, c *config) { s.cache.Store(k, c) }

func (s *server) recall(k string) *config {
	v, ok := s.cache.Load(k)
	if !ok {
		return nil
	}
	return v.(*config) // ok: only *config is stored in cache
}

func (s *server) setAny(v interface{}) { s.any.Store(v) }

func (s *server) anyConfig() *config {
	return s.any.Load().(*config) // want "GL601"
}

// A reflect.Value whose type implements the interface.
var stringerType = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()

func describeValue(v reflect.Value) string {
	if v.Type().Implements(stringerType) {
		return v.Interface().(fmt.Stringer).String() // ok: checked by Implements
	}
	return v.Interface().(fmt.Stringer).String() // want "GL601"
}

func describeType(v reflect.Value) string {
	t := v.Type()
	if !t.Implements(stringerType) {
		return t.String()
	}
	return v.Interface().(fmt.Stringer).String() // ok: checked by Implements
}
