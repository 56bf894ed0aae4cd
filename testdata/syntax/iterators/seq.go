// Package iterators exercises range-over-int (Go 1.22) and range-over-func
// (Go 1.23) as iterator libraries write them.
package iterators

import (
	"iter"
	"maps"
	"slices"
)

// Backward yields the elements of s from last to first.
func Backward[E any](s []E) iter.Seq2[int, E] {
	return func(yield func(int, E) bool) {
		for i := len(s) - 1; i >= 0; i-- {
			if !yield(i, s[i]) {
				return
			}
		}
	}
}

// Count yields 0..n-1.
func Count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// Pull consumes a sequence with iter.Pull.
func Pull(seq iter.Seq[int]) (first, second int, ok bool) {
	next, stop := iter.Pull(seq)
	defer stop()
	first, ok = next()
	if !ok {
		return 0, 0, false
	}
	second, ok = next()
	return first, second, ok
}

// Walk uses every form of range over functions and integers.
func Walk(m map[string]int) int {
	total := 0
	for range 3 {
		total++
	}
	for i := range 10 {
		total += i
	}
	for i, v := range Backward([]int{1, 2, 3}) {
		total += i * v
	}
	for v := range Count(4) {
		if v == 2 {
			break
		}
		total += v
	}
	for range Count(2) {
		total++
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		total += m[k]
	}
	var push func(func(int) bool)
	push = func(yield func(int) bool) { yield(1) }
	for x := range push {
		total += x
	}
	return total
}

// Results runs each job in its own goroutine and yields results in order.
func Results(jobs []func() int) iter.Seq[int] {
	return func(yield func(int) bool) {
		chans := make([]chan int, len(jobs))
		for i, job := range jobs {
			chans[i] = make(chan int, 1)
			go func() { chans[i] <- job() }()
		}
		for _, ch := range chans {
			if !yield(<-ch) {
				return
			}
		}
	}
}
