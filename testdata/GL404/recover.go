package gl404

import (
	"fmt"
	"log"
	"net/http"
	"runtime/debug"
)

// handlePanic reports a recovered value.
func handlePanic(where string, r interface{}) {
	if r != nil {
		log.Printf("panic in %s: %v\n%s", where, r, debug.Stack())
	}
}

// recover() as an argument is evaluated at the defer statement, when
// nothing is panicking: it always returns nil and the panic is not stopped.

func runJob(job func()) {
	defer handlePanic("job", recover()) // want "GL404"
	job()
}

func serveSafe(h http.Handler, w http.ResponseWriter, r *http.Request) {
	defer log.Println("recovered:", recover()) // want "GL404"
	h.ServeHTTP(w, r)
}

type worker struct {
	name   string
	panics int
}

func (wk *worker) report(r interface{}) {
	if r != nil {
		wk.panics++
		log.Printf("worker %s: %v", wk.name, r)
	}
}

func (wk *worker) step(fn func() error) error {
	defer wk.report(recover()) // want "GL404"
	return fn()
}

// The correct forms are silent.

func runJobFixed(job func()) {
	defer func() {
		handlePanic("job", recover()) // ok: recover called by the deferred function
	}()
	job()
}

// recoverAndLog calls recover itself: deferring it directly works.
func recoverAndLog(where string) {
	if r := recover(); r != nil {
		log.Printf("panic in %s: %v", where, r)
	}
}

func serveSafeFixed(h http.Handler, w http.ResponseWriter, r *http.Request) {
	defer recoverAndLog(r.URL.Path) // ok: plain argument, recover inside the callee
	h.ServeHTTP(w, r)
}

// toError converts a panic into the function's error.
func toError(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil { // ok: inside the deferred literal
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	fn()
	return nil
}
