package gl101

import (
	"testing"
	"time"
)

// t.Run runs the subtest and waits for it: the subtest's body is part of
// the test's flow, and a subtest that stops waiting abandons the
// goroutine its parent started.

type lookupCase struct {
	name string
	want string
}

func slowResolve(name string) string {
	time.Sleep(time.Millisecond)
	return name
}

// TestLookupSubtest's subtest gives up after a millisecond without
// failing: the lookup's send then blocks forever.
func TestLookupSubtest(t *testing.T) {
	got := make(chan string)
	go func() {
		got <- slowResolve("a") // want "GL101"
	}()
	t.Run("fast", func(t *testing.T) {
		select {
		case v := <-got:
			t.Log(v)
		case <-time.After(time.Millisecond):
			t.Log("slow lookup, skipped")
		}
	})
}

// TestLookupSubtestWaits' subtest always receives.
func TestLookupSubtestWaits(t *testing.T) {
	got := make(chan string)
	go func() {
		got <- slowResolve("a")
	}()
	t.Run("wait", func(t *testing.T) {
		if v := <-got; v != "a" {
			t.Errorf("got %q", v)
		}
	})
}

// TestLookupTable starts one lookup per case and waits in each subtest.
func TestLookupTable(t *testing.T) {
	for _, tc := range []lookupCase{{"a", "a"}, {"b", "b"}} {
		got := make(chan string)
		go func(name string) {
			got <- slowResolve(name)
		}(tc.name)
		t.Run(tc.name, func(t *testing.T) {
			if v := <-got; v != tc.want {
				t.Errorf("got %q, want %q", v, tc.want)
			}
		})
	}
}
