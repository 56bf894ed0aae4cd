package gl101

import "time"

// The receive that would free the goroutine sits in a helper the spawning
// function calls. The helper is the partner only if it receives on every
// way out: one that gives up after a timeout leaves the sender blocked,
// as the same select written inline would.

type directory struct {
	timeout time.Duration
	entries map[string]string
}

func (d *directory) lookup(name string) string { return d.entries[name] }

// awaitReply waits for a reply, but not past d.
func awaitReply(replies <-chan string, d time.Duration) (string, bool) {
	select {
	case r := <-replies:
		return r, true
	case <-time.After(d):
		return "", false
	}
}

// mustReply waits as long as it takes.
func mustReply(replies <-chan string) string {
	return <-replies
}

// collect reads replies until the channel is closed.
func collect(replies <-chan string) []string {
	var out []string
	for r := range replies {
		out = append(out, r)
	}
	return out
}

// ask gives up through awaitReply: the lookup's send then blocks forever.
func (d *directory) ask(name string) (string, bool) {
	replies := make(chan string)
	go func() {
		replies <- d.lookup(name) // want "GL101"
	}()
	return awaitReply(replies, d.timeout)
}

// askLocal gives up in a closure it calls.
func (d *directory) askLocal(name string) string {
	replies := make(chan string)
	go func() {
		replies <- d.lookup(name) // want "GL101"
	}()
	wait := func() string {
		select {
		case r := <-replies:
			return r
		case <-time.After(d.timeout):
			return ""
		}
	}
	return wait()
}

// askWait's helper always receives.
func (d *directory) askWait(name string) string {
	replies := make(chan string)
	go func() {
		replies <- d.lookup(name)
	}()
	return mustReply(replies)
}

// askAll's helper receives until the senders close the channel.
func (d *directory) askAll(names []string) []string {
	replies := make(chan string)
	go func() {
		defer close(replies)
		for _, n := range names {
			replies <- d.lookup(n)
		}
	}()
	return collect(replies)
}

// Known miss: a buffered channel handed to awaitReply by another caller
// (make(chan string, 1), which would be correct) makes the helper's
// parameter one object of unknown capacity, and ask is no longer
// reported: capacities are not yet told apart per caller.
