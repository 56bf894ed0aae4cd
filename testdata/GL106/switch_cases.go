package gl106

import "errors"

// Closes in different cases of a switch inside a loop. When the switch's
// tag does not change inside the loop, every iteration takes the same
// case: a close in one case cannot be followed by the close in another.

type streamMode int

const (
	modeBatch streamMode = iota
	modeStream
	modeProbe
)

type frame struct {
	last bool
	err  error
	data []byte
}

// forward relays frames until the last one, and closes done there. Which
// case does it depends on the mode, fixed for the whole call, so done is
// closed once.
func forward(mode streamMode, frames <-chan frame, out chan<- []byte, done chan struct{}) {
	for f := range frames {
		switch mode {
		case modeBatch:
			if f.last {
				close(done) // ok: only this case runs in batch mode
			}
		case modeStream:
			out <- f.data
			if f.last {
				close(done) // ok: only this case runs in stream mode
			}
		}
	}
}

// probeHandler dispatches on the handler's kind with a type switch; its
// operand is a parameter the loop never assigns.
func probeHandler(h any, results <-chan error, ready chan struct{}) {
	for err := range results {
		switch h.(type) {
		case interface{ Ready() bool }:
			if err == nil {
				close(ready) // ok: the same case on every iteration
			}
		case error:
			if errors.Is(err, errProbeDone) {
				close(ready) // ok: the same case on every iteration
			}
		}
	}
}

var errProbeDone = errors.New("probe done")

// rebalance switches to streaming on the first error: the next iteration
// may take the other case and close done again.
func rebalance(mode streamMode, frames <-chan frame, done chan struct{}) {
	for f := range frames {
		if f.err != nil {
			mode = modeStream
		}
		switch mode {
		case modeBatch:
			if f.last {
				close(done) // want "GL106"
			}
		case modeStream:
			close(done) // want "GL106"
		}
	}
}

// relayEach reads the mode from each frame: the switch decides anew on
// every iteration.
func relayEach(frames <-chan frame, done chan struct{}) {
	for f := range frames {
		mode := modeBatch
		if f.err != nil {
			mode = modeProbe
		}
		switch mode {
		case modeBatch:
			if f.last {
				close(done) // want "GL106"
			}
		case modeProbe:
			close(done) // want "GL106"
		}
	}
}
