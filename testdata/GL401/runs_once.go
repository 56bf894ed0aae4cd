package gl401

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// A defer in a loop from which every path leaves the loop (return, break,
// panic) runs at most once per call: nothing piles up, and it is not
// reported. Found in golang.org/x/crypto/acme (Client.get),
// github.com/go-git/go-git (config.LoadConfig) and etcd (wal.Repair).

// loadFirst returns from the iteration that defers.
func loadFirst(paths []string) ([]byte, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			if os.IsNotExist(err) {
				continue
			}
			return nil, err
		}
		defer f.Close() // ok: returns in the same iteration
		return io.ReadAll(f)
	}
	return nil, nil
}

// getWithRetry defers only in the case that returns.
func getWithRetry(c *http.Client, url string, retries int) (*http.Response, error) {
	for i := 0; ; i++ {
		res, err := c.Get(url)
		if err != nil {
			return nil, err
		}
		switch {
		case res.StatusCode == http.StatusOK:
			return res, nil
		case res.StatusCode >= 500 && i < retries:
			res.Body.Close()
		default:
			defer res.Body.Close() // ok: returns right after
			return nil, fmt.Errorf("GET %s: %s", url, res.Status)
		}
	}
}

// firstHeader leaves the loop with break.
func firstHeader(paths []string) []byte {
	var head []byte
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // ok: break right after
		head = make([]byte, 16)
		if _, err := io.ReadFull(f, head); err != nil {
			panic(err)
		}
		break
	}
	return head
}

// firstNonEmpty is still reported: one path after the defer goes round the
// loop again.
func firstNonEmpty(paths []string) ([]byte, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		defer f.Close() // want "GL401"
		b, err := io.ReadAll(f)
		if err == nil && len(b) == 0 {
			continue
		}
		return b, err
	}
	return nil, nil
}

// suite runs the tests of a suite, setting the suite up on the first test
// that matches and tearing it down when all have run.
type suite interface {
	setup()
	teardown()
	run(name string) error
}

// runSuite defers the teardown behind a once-flag: the defer runs on the
// first matching test only.
func runSuite(s suite, names []string, match func(string) bool) error {
	setupDone := false
	for _, name := range names {
		if !match(name) {
			continue
		}
		if !setupDone {
			s.setup()
			defer s.teardown()
			setupDone = true
		}
		if err := s.run(name); err != nil {
			return err
		}
	}
	return nil
}

// runSuiteEveryTime sets the flag on every iteration before testing it:
// the guard passes each time and the teardowns pile up.
func runSuiteEveryTime(s suite, names []string) error {
	started := false
	for _, name := range names {
		started = true
		if started {
			s.setup()
			defer s.teardown() // want "GL401"
		}
		if err := s.run(name); err != nil {
			return err
		}
	}
	return nil
}

// dialWithFallback starts a fallback dial when the fallback timer fires.
// A timer fires once, and re-arming it only when Stop says it has not
// fired yet keeps it so: the case that defers the fallback's cancel runs at
// most once per call.
func dialWithFallback(ctx context.Context, results <-chan error, delay time.Duration, start func(context.Context)) error {
	fallback := time.NewTimer(delay)
	defer fallback.Stop()
	for {
		select {
		case <-fallback.C:
			fctx, cancel := context.WithCancel(ctx)
			defer cancel()
			go start(fctx)
		case err := <-results:
			if err == nil {
				return nil
			}
			if fallback.Stop() {
				// The primary failed first: start the fallback now.
				fallback.Reset(0)
			}
		}
	}
}

// dialWithRearm re-arms the fallback timer after every failure, fired or
// not: the case runs again and the cancels pile up.
func dialWithRearm(ctx context.Context, results <-chan error, delay time.Duration, start func(context.Context)) error {
	fallback := time.NewTimer(delay)
	defer fallback.Stop()
	for {
		select {
		case <-fallback.C:
			fctx, cancel := context.WithCancel(ctx)
			defer cancel() // want "GL401"
			go start(fctx)
		case err := <-results:
			if err == nil {
				return nil
			}
			fallback.Reset(delay)
		}
	}
}

// dialEveryTick starts another dial on every tick of a ticker: the cancels
// pile up until the function returns.
func dialEveryTick(ctx context.Context, results <-chan error, every time.Duration, start func(context.Context)) error {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			fctx, cancel := context.WithCancel(ctx)
			defer cancel() // want "GL401"
			go start(fctx)
		case err := <-results:
			if err == nil {
				return nil
			}
		}
	}
}

// scratch is a pool of work buffers, borrowed and given back.
type scratch struct{ free [][]int }

func (s *scratch) get(n int) []int {
	if k := len(s.free); k > 0 {
		b := s.free[k-1]
		s.free = s.free[:k-1]
		return b[:0]
	}
	return make([]int, 0, n)
}

func (s *scratch) put(b []int) { s.free = append(s.free, b) }

// orderBlocks initializes its scratch state lazily, behind a nil guard, the
// first time a block needs it (the shape of cmd/compile's writebarrier
// pass): the variable is set to a non-nil value in the guarded code and
// never reset, so the defers run at most once per call.
func orderBlocks(s *scratch, blocks [][]int) int {
	var order []int
	var seen map[int]bool
	n := 0
	for _, b := range blocks {
		if len(b) == 0 {
			continue
		}
		if seen == nil {
			seen = make(map[int]bool)
			order = s.get(len(blocks))
			defer s.put(order) // ok: behind a nil guard, runs once
		}
		for _, v := range b {
			if !seen[v] {
				seen[v] = true
				order = append(order, v)
				n++
			}
		}
	}
	return n
}

// orderBlocksReset sets the guarded variable back to nil at the end of each
// iteration: the guard passes every time and the defers pile up.
func orderBlocksReset(s *scratch, blocks [][]int) int {
	var seen map[int]bool
	n := 0
	for _, b := range blocks {
		if seen == nil {
			seen = make(map[int]bool)
			order := s.get(len(b))
			defer s.put(order) // want "GL401"
		}
		for _, v := range b {
			seen[v] = true
		}
		n += len(seen)
		seen = nil
	}
	return n
}

// orderBlocksCopy tests a variable the loop sets from another variable,
// which may be nil again: not a lazy initialization.
func orderBlocksCopy(s *scratch, blocks [][]int) int {
	var cur []int
	n := 0
	for _, b := range blocks {
		if cur == nil {
			order := s.get(len(b))
			defer s.put(order) // want "GL401"
		}
		cur = b
		n += len(cur)
	}
	return n
}
