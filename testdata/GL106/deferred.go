package gl106

import (
	"bufio"
	"io"
	"strings"
)

// readLines sends every line of r on out and closes out when done, with a
// defer. The error path also closes out explicitly before returning, so
// the deferred close then runs on a closed channel. The deferred close is
// the one that panics, at return.
func readLines(r io.Reader, out chan<- string) error {
	defer close(out) // want "GL106"
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		out <- strings.TrimRight(sc.Text(), "\r")
	}
	if err := sc.Err(); err != nil {
		close(out)
		return err
	}
	return nil
}

// compactor merges segment files in the background.
type compactor struct {
	segments []string
	merge    func(a, b string) (string, error)
	finished chan struct{}
	errs     chan error
}

// run closes finished on the way out with a defer. A later change added
// an early "nothing to do" exit that closes finished itself: on that path
// finished is closed twice.
func (c *compactor) run() {
	defer close(c.finished) // want "GL106"
	if len(c.segments) < 2 {
		close(c.finished)
		return
	}
	for len(c.segments) > 1 {
		merged, err := c.merge(c.segments[0], c.segments[1])
		if err != nil {
			c.errs <- err
			return
		}
		c.segments = append([]string{merged}, c.segments[2:]...)
	}
}
