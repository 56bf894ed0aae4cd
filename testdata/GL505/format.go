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
