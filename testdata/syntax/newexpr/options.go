// Package newexpr exercises new(expr) (Go 1.26) as configuration and
// protobuf-style code writes it, next to the classic new(T).
package newexpr

import (
	"context"
	"time"
)

type key string

// Context keys made with new("…"): one allocation per key, distinct
// pointers.
var (
	userKey  = new(key("user"))
	traceKey = new("trace")
)

// Options has optional fields, set with new(expr).
type Options struct {
	Timeout *time.Duration
	Retries *int64
	Name    *string
	Verbose *bool
	Ratio   *float64
	Parent  *Options
}

// Term is a protobuf-like message.
type Term struct{ ID int64 }

// GetTerm returns the term.
func (t *Term) GetTerm() int64 { return t.ID }

// Defaults fills options with pointers to computed values.
func Defaults(t *Term, base time.Duration) *Options {
	limit := 3
	return &Options{
		Timeout: new(base * 2),
		Retries: new(int64(limit)),
		Name:    new("default"),
		Verbose: new(limit > 2),
		Ratio:   new(0.5),
		Parent:  new(Options),
	}
}

// Fields uses new(expr) with calls, selectors, composite literals, and
// the classic new(T) forms.
func Fields(ctx context.Context, t *Term) (*int64, *[]int, *struct{ A int }, *map[string]int) {
	id := new(t.GetTerm())
	_ = ctx.Value(userKey)
	_ = ctx.Value(traceKey)
	xs := new([]int{1, 2, 3})
	s := new(struct{ A int }{A: 1})
	m := new(map[string]int)
	p := new(*Term)
	*p = t
	n := new(len(*xs) + 1)
	_ = n
	return id, xs, s, m
}
