package gl107_test

import (
	"sync"
	"testing"
)

// An external test package cannot be imported either: its exported
// variables and fields are its own.

// Collected is filled by the test's workers; the test never reads it.
var Collected = make(chan string)

type Sink struct {
	mu    sync.Mutex
	Lines chan string
}

func TestWorkersReport(t *testing.T) {
	var wg sync.WaitGroup
	for _, name := range []string{"a", "b"} {
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			Collected <- name // want "GL107"
		}(name)
	}
	s := &Sink{Lines: make(chan string, 1)}
	s.Lines <- "first" // ok: room in the buffer
	wg.Wait()
}
