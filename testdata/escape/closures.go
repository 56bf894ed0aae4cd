package escape

import "sync"

// Counter returns a closure that updates a captured variable.
func Counter() func() int {
	n := 0 // want "GL502"
	return func() int {
		n++
		return n
	}
}

// Reader returns a closure that only reads a captured variable (copied).
func Reader() func() int {
	n := 7
	return func() int {
		return n
	}
}

// Goroutine shares a variable with a goroutine.
func Goroutine() int {
	total := 0            // want "GL502"
	var wg sync.WaitGroup // want "GL502"
	wg.Add(1)
	go func() {
		defer wg.Done()
		total++
	}()
	wg.Wait()
	return total
}

// DeferOnce defers a closure outside any loop: it stays on the stack.
func DeferOnce() (n int) {
	defer func() { n++ }()
	return 1
}

// CallInPlace calls a literal where it is written.
func CallInPlace() int {
	x := 1
	func() { x++ }()
	return x
}

// FuncValue passes the address of a local to a function value.
func FuncValue(f func(*Point)) {
	p := Point{}
	f(&p)
}

// Handlers stores closures in a map.
func Handlers(m map[string]func() int) {
	for i := 0; i < 2; i++ {
		m["k"] = func() int { return 1 }
	}
}

// SharedLoopVar: before Go 1.22 (this module says go 1.19) the closures
// of a loop share one `i`, which moves to the heap.
func SharedLoopVar() []func() int {
	var fs []func() int
	for i := 0; i < 3; i++ { // want "GL502" "GL503"
		fs = append(fs, func() int { return i })
	}
	return fs
}
