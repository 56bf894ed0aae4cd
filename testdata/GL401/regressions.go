package gl401

import (
	"bufio"
	"io"
	"log"
	"os"
	"strings"
	"sync"
)

// deferLiteralInLoop defers a function literal inside the loop: the literal
// is a function of its own, but the defer statement is in the loop, so the
// calls still pile up.
func deferLiteralInLoop(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer func(name string) { // want "GL401"
			if err := f.Close(); err != nil {
				log.Printf("close %s: %v", name, err)
			}
		}(p)
	}
}

// loopInGoroutine: the loop and the defer are both inside the goroutine's
// literal, so the defer is in a loop of that function.
func loopInGoroutine(wg *sync.WaitGroup, paths <-chan string) {
	wg.Add(1)
	go func() {
		defer wg.Done() // ok: before the loop of the literal
		for p := range paths {
			f, err := os.Open(p)
			if err != nil {
				continue
			}
			defer f.Close() // want "GL401"
			io.Copy(io.Discard, f)
		}
	}()
}

// whileLoop uses the condition-only `for` form.
func whileLoop(r *bufio.Reader, mu *sync.Mutex, seen map[string]bool) error {
	line, err := r.ReadString('\n')
	for err == nil {
		mu.Lock()
		defer mu.Unlock() // want "GL401"
		seen[strings.TrimSpace(line)] = true
		line, err = r.ReadString('\n')
	}
	if err == io.EOF {
		return nil
	}
	return err
}

// openFirst returns in the iteration that opens a file: at most one deferred
// Close is pending, so it is not reported (see runs_once.go).
func openFirst(candidates []string) (string, error) {
	for _, p := range candidates {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // ok: every path after the defer returns
		b, err := io.ReadAll(f)
		return string(b), err
	}
	return "", os.ErrNotExist
}
