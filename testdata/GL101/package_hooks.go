package gl101

import (
	"errors"
	"time"
)

// Goroutines started through a func kept in a package variable: tests
// swap such a hook to run the job inline, production code starts it in a
// goroutine. The variable is unexported and assigned once, so its value
// is the goroutine's body all the same.

var errLookupTimeout = errors.New("lookup: timed out")

// goAsync starts job in the background.
var goAsync = func(job func()) { go job() }

// runInline runs job in the caller's goroutine: the hook tests install.
func runInline(job func()) { job() }

func resolveHost(host string) string { return host + ".internal" }

// lookupWithin gives up after d; the job started through goAsync still
// sends its answer on the unbuffered channel, and blocks forever.
func lookupWithin(host string, d time.Duration) (string, error) {
	addr := make(chan string)
	goAsync(func() {
		addr <- resolveHost(host) // want "GL101"
	})
	select {
	case a := <-addr:
		return a, nil
	case <-time.After(d):
		return "", errLookupTimeout
	}
}

// lookupWithinBuffered leaves room for the one answer.
func lookupWithinBuffered(host string, d time.Duration) (string, error) {
	addr := make(chan string, 1)
	goAsync(func() {
		addr <- resolveHost(host)
	})
	select {
	case a := <-addr:
		return a, nil
	case <-time.After(d):
		return "", errLookupTimeout
	}
}

// refreshHook is what the refresher runs: a named function.
var refreshHook = refreshAll

func refreshAll(done chan<- int) {
	done <- 3 // want "GL101"
}

// refreshWithin starts the hook and stops waiting after d.
func refreshWithin(d time.Duration) int {
	done := make(chan int)
	go refreshHook(done)
	select {
	case n := <-done:
		return n
	case <-time.After(d):
		return 0
	}
}

// probeHook may be replaced by SetProbeHook with any func: its calls are
// not followed, so nothing is reported through it.
var probeHook = func(out chan<- bool) { out <- true }

// SetProbeHook installs a probe.
func SetProbeHook(h func(out chan<- bool)) { probeHook = h }

func probeWithin(d time.Duration) bool {
	out := make(chan bool)
	go probeHook(out)
	select {
	case ok := <-out:
		return ok
	case <-time.After(d):
		return false
	}
}
