package gl107

// Known misses, written down with why.

// The send blocks only if the receiver stopped early; whether a caller
// receives is path-dependent on the caller's side and is GL101's question
// (abandoned partner), not this rule's: some receive exists.
func lookup(keys []string) <-chan string {
	out := make(chan string)
	go func() {
		for _, k := range keys {
			out <- k
		}
		close(out)
	}()
	return out
}

func firstKey(keys []string) string {
	for k := range lookup(keys) {
		return k
	}
	return ""
}

// Sends counted across calls: record is called three times on one path,
// each sending once into a buffer of two that nothing reads. The count of
// the buffered shape follows the calls of one function's path, but a
// method value stored in a field is not followed.
type recorder struct {
	marks chan int
	mark  func(int)
}

func newRecorder() *recorder {
	r := &recorder{marks: make(chan int, 2)}
	r.mark = func(v int) { r.marks <- v }
	return r
}

func (r *recorder) run() {
	r.mark(1)
	r.mark(2)
	r.mark(3) // missed: called through a func-typed field
}
