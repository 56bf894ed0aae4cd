package gl601

import (
	"bytes"
	"fmt"
)

// A variable just assigned a T (a composite literal, or the value of
// another assertion to T) holds a T: asserting it to T cannot panic until it
// is assigned again. Found in net (Resolver.tryOneName) and miekg/dns
// (zone parser).

type lookupError struct {
	Name     string
	NotFound bool
}

func (e *lookupError) Error() string { return "lookup " + e.Name }

func lookup(name string, found bool) error {
	var lastErr error
	lastErr = &lookupError{Name: name}
	if !found {
		lastErr.(*lookupError).NotFound = true // ok: lastErr was just assigned a *lookupError
	}
	return lastErr
}

func reset(v interface{}) fmt.Stringer {
	var s fmt.Stringer = v.(*bytes.Buffer) // want "GL601"
	s.(*bytes.Buffer).Reset()              // ok: s holds the *bytes.Buffer asserted above
	return s
}

// Still reported: the assignment is on one path only.

type counterState struct{ n int }

func counter(get func() interface{}, set func(interface{})) *counterState {
	v := get()
	if v == nil {
		v = &counterState{}
		set(v)
	}
	return v.(*counterState) // want "GL601"
}
