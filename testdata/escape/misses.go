package escape

// Known misses of golint-rs, listed in crates/golint-rs/tests/escape.rs.

var sinkStr string

// AppendGrow: the compiler reports the backing array `append` may
// allocate; golint-rs does not model append growth.
func AppendGrow(s []int) []int {
	return append(s, 1)
}

// Convert: `string(b)` copies the bytes; golint-rs does not report
// conversions.
func Convert(b []byte) {
	sinkStr = string(b)
}

// Inlined: the literal held by `add` is inlined where it is called, and
// the compiler reports its allocation at the call too; golint-rs reports
// it where it is written only.
func Inlined() {
	add := func(v int) {
		nodes = append(nodes, &Node{Val: v})
	}
	add(1)
}
