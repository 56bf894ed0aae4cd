package gl101

import (
	"testing"
	"time"
)

// A test that gives up through a helper that never returns has failed
// already: the goroutine it leaves behind is not worth a second finding.

func slowLookup(key string) string {
	time.Sleep(10 * time.Millisecond)
	return key + "-value"
}

// giveUp stops the test on every path.
func giveUp(t *testing.T, what string) {
	t.Helper()
	t.Fatalf("timed out waiting for %s", what)
}

func TestLookupDeadline(t *testing.T) {
	res := make(chan string)
	go func() {
		res <- slowLookup("k") // ok: the timeout path ends in giveUp
	}()
	select {
	case v := <-res:
		if v != "k-value" {
			t.Errorf("got %q", v)
		}
	case <-time.After(time.Second):
		giveUp(t, "lookup")
	}
}

// note only logs: the test goes on and returns, leaving the sender blocked.
func note(t *testing.T, what string) {
	t.Logf("slow: %s", what)
}

func TestLookupDeadlineLogged(t *testing.T) {
	res := make(chan string)
	go func() {
		res <- slowLookup("k") // want "GL101"
	}()
	select {
	case v := <-res:
		if v != "k-value" {
			t.Errorf("got %q", v)
		}
	case <-time.After(time.Second):
		note(t, "lookup")
	}
}
