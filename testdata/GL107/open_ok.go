package gl107

import (
	"os"
	"os/signal"
)

// The correct variants: each channel below may have a receiver this
// package cannot see, so no send is reported.

// Results is exported: importers receive from it.
var Results = make(chan int)

func publish(v int) {
	Results <- v // ok: exported
}

// Watch returns its channel to other packages.
func Watch(path string) <-chan error {
	errc := make(chan error)
	go func() {
		_, err := os.Stat(path)
		errc <- err // ok: the caller of an exported function receives
	}()
	return errc
}

// notify hands the channel to signal.Notify, which sends on it; the send
// below goes to whoever else receives on it through the os/signal package.
func notify() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	go func() {
		c <- os.Interrupt // ok: handed to another package
	}()
}

// forward passes the channel to a callback the package does not know.
func forward(sink func(chan<- string)) {
	c := make(chan string)
	go sink(c)
	c <- "hello" // ok: the callback may receive
}

// WaitExit returns the channels of one of two implementations; the legacy
// one is returned through `return legacyWaitExit(pid)`, a call with two
// results, and its channels reach the callers of WaitExit as well.
func WaitExit(pid int, legacy bool) (<-chan int, <-chan error) {
	if legacy {
		return legacyWaitExit(pid)
	}
	codes := make(chan int, 1)
	errs := make(chan error, 1)
	go func() {
		p, err := os.FindProcess(pid)
		if err != nil {
			errs <- err
			return
		}
		st, err := p.Wait()
		if err != nil {
			errs <- err
			return
		}
		codes <- st.ExitCode()
	}()
	return codes, errs
}

func legacyWaitExit(pid int) (<-chan int, <-chan error) {
	codes := make(chan int)
	errs := make(chan error)
	go func() {
		p, err := os.FindProcess(pid)
		if err != nil {
			errs <- err // ok: WaitExit's callers receive
			return
		}
		st, err := p.Wait()
		if err != nil {
			errs <- err // ok: WaitExit's callers receive
			return
		}
		codes <- st.ExitCode() // ok: WaitExit's callers receive
	}()
	return codes, errs
}
