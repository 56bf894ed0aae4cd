package gl105

import "errors"

// Buffers sized by a named constant, or by a parameter every caller binds
// to the same constant: the capacity is that constant, and a send past it
// with nobody else to receive blocks as surely as with a literal size.

// maxAttempts is how many attempts retryAll records.
const maxAttempts = 2

var errNoAttempt = errors.New("retry: no attempt succeeded")

// retryAll records each attempt's error, but makes one attempt more than
// its buffer holds: the third send blocks forever.
func retryAll(attempt func() error) error {
	errs := make(chan error, maxAttempts)
	errs <- attempt()
	errs <- attempt()
	errs <- attempt() // want "GL105"
	close(errs)
	for err := range errs {
		if err == nil {
			return nil
		}
	}
	return errNoAttempt
}

// maxProbes sizes probeAll's buffer for all three of its probes.
const maxProbes = 3

// probeAll fits its three sends.
func probeAll(probe func() error) error {
	errs := make(chan error, maxProbes)
	errs <- probe()
	errs <- probe()
	errs <- probe()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// batchSize is what every caller of collectBatch asks for.
const batchSize = 2

// collectBatch buffers n values; its only caller passes batchSize, and it
// sends three.
func collectBatch(n int, next func() int) []int {
	vals := make(chan int, n)
	vals <- next()
	vals <- next()
	vals <- next() // want "GL105"
	close(vals)
	var out []int
	for v := range vals {
		out = append(out, v)
	}
	return out
}

func firstBatch(next func() int) []int {
	return collectBatch(batchSize, next)
}

// collectSized buffers n values and is called with two sizes: which one
// applies is not known, so nothing is reported.
func collectSized(n int, next func() int) []int {
	vals := make(chan int, n)
	vals <- next()
	vals <- next()
	vals <- next()
	close(vals)
	var out []int
	for v := range vals {
		out = append(out, v)
	}
	return out
}

func smallBatch(next func() int) []int { return collectSized(batchSize, next) }

func largeBatch(next func() int) []int { return collectSized(maxProbes, next) }

// lastStatuses sizes its buffer with a local constant and sends one value
// more than it holds.
func lastStatuses(status func() string) []string {
	const slots = 1
	st := make(chan string, slots)
	st <- status()
	st <- status() // want "GL105"
	close(st)
	var out []string
	for s := range st {
		out = append(out, s)
	}
	return out
}
