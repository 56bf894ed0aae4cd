package escape

import "strings"

// An imported function inlines what its own imports make: strings.Clone
// is internal/stringslite.Clone, whose buffer is made at each call.

var clones []string

// KeepClone keeps the clone: its buffer escapes at the call.
func KeepClone(s string) {
	clones = append(clones, strings.Clone(s))
}

// CloneLen drops it: the buffer stays in the frame.
func CloneLen(s string) int {
	return len(strings.Clone(s))
}
