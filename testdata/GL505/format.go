package gl505

import (
	"fmt"
	"strconv"
)

// Keys boxes each index into an interface for fmt.
func Keys(n int) []string {
	var keys []string
	for i := 0; i < n; i++ {
		keys = append(keys, fmt.Sprintf("key-%d", i)) // want "GL505"
	}
	return keys
}

// KeysStrconv formats without interfaces.
func KeysStrconv(n int) []string {
	var keys []string
	for i := 0; i < n; i++ {
		keys = append(keys, "key-"+strconv.Itoa(i))
	}
	return keys
}

// Once formats outside any loop.
func Once(n int) string {
	return fmt.Sprintf("n=%d", n)
}

// FirstBad formats only on the way out of the loop: once per call, not
// once per iteration.
func FirstBad(names []string, ok func(string) bool) error {
	for i, name := range names {
		if !ok(name) {
			return fmt.Errorf("name %d (%s) is invalid", i, name)
		}
	}
	return nil
}

// Labels formats every element: the range variable is a string, boxed on
// every iteration.
func Labels(names []string) []string {
	out := make([]string, 0, len(names))
	for _, name := range names {
		out = append(out, fmt.Sprintf("<%s>", name)) // want "GL505"
	}
	return out
}
