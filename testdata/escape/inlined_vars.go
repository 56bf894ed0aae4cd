package escape

import "iter"

// Variables of an inlined function are variables of the caller: when
// they move to the heap, they move at each call. A function literal costs
// the inliner a fixed amount, its body being a function of its own.

var lastName *string

func remember(name string) {
	lastName = &name
}

// RememberTwice inlines remember twice: its parameter moves at each call.
func RememberTwice(a, b string) {
	remember(a)
	remember(b)
}

// bytesOf returns an iterator capturing its parameter by reference: it is
// inlined however big the literal's body is.
func bytesOf(s []byte) iter.Seq[byte] { // want "GL502"
	return func(yield func(byte) bool) {
		for len(s) > 0 {
			if !yield(s[0]) {
				return
			}
			s = s[1:]
		}
		if len(s) > 1<<20 {
			println("large input", len(s), cap(s), s[0], s[len(s)-1])
		}
	}
}

// Bytes returns the iterator of the inlined bytesOf: its closure and the
// captured parameter escape at the call.
func Bytes(s []byte) iter.Seq[byte] {
	return bytesOf(s)
}

// pairsOf allocates in its literal's body, which is not copied into the
// callers: that allocation is reported where it is written only.
func pairsOf(xs []int) iter.Seq[[]int] {
	return func(yield func([]int) bool) {
		for i := 0; i+1 < len(xs); i += 2 {
			if !yield([]int{xs[i], xs[i+1]}) {
				return
			}
		}
	}
}

// Pairs returns the iterator of the inlined pairsOf.
func Pairs(xs []int) iter.Seq[[]int] {
	return pairsOf(xs)
}
