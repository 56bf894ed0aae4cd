package gl106

import "time"

// Loops that close a channel and come back to an operation on it. A close
// reached again on the next iteration panics, unless the iteration gets a
// new channel first or the loop cannot run again once the channel is
// closed.

// proposal carries a request and the channel its result goes back on.
type proposal struct {
	data   []byte
	result chan error
}

// proposalLoop answers each proposal on its own result channel and closes
// it. The next iteration receives a new proposal, and with it a new result
// channel: nothing is sent on a closed one.
func proposalLoop(propc <-chan proposal, stop <-chan struct{}, apply func([]byte) error) {
	for {
		select {
		case pm := <-propc:
			if pm.result != nil {
				pm.result <- apply(pm.data)
				close(pm.result)
			}
		case <-stop:
			return
		}
	}
}

// retrier re-triggers itself after a backoff until it is told to die.
type retrier struct {
	trigger chan struct{}
	dying   chan struct{}
}

// dispatcher ranges over its own trigger channel and closes it when dying.
// The range then ends (nothing else drains the trigger, so no value is left
// in its buffer): the send in the other case cannot follow the close.
func (r *retrier) dispatcher(backoff time.Duration, dispatch func() error) {
	for range r.trigger {
		select {
		case <-r.dying:
			close(r.trigger)
		case <-time.After(backoff):
			if err := dispatch(); err != nil {
				r.trigger <- struct{}{}
			}
		}
	}
}

// ticker sends a tick on out until stop is closed. On stop it closes out
// but keeps looping: the next tick sends on the closed channel.
func ticker(out chan<- time.Time, tick <-chan time.Time, stop <-chan struct{}) {
	for {
		select {
		case t := <-tick:
			out <- t // want "GL106"
		case <-stop:
			close(out)
		}
	}
}

// tickerFixed returns right after closing out.
func tickerFixed(out chan<- time.Time, tick <-chan time.Time, stop <-chan struct{}) {
	for {
		select {
		case t := <-tick:
			out <- t
		case <-stop:
			close(out)
			return
		}
	}
}
