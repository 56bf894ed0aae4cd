package gl401

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"os"
	"sync"
)

// The correct variants: a function literal is a function of its own, so a
// defer in its body runs when the literal returns. Nothing in this file is
// reported.

// checksumsClosure scopes each file to an immediately called literal.
func checksumsClosure(paths []string) (map[string]string, error) {
	sums := make(map[string]string, len(paths))
	for _, p := range paths {
		sum, err := func() (string, error) {
			f, err := os.Open(p)
			if err != nil {
				return "", err
			}
			defer f.Close() // ok: runs when the literal returns, each iteration
			h := sha256.New()
			if _, err := io.Copy(h, f); err != nil {
				return "", err
			}
			return hex.EncodeToString(h.Sum(nil)), nil
		}()
		if err != nil {
			return nil, fmt.Errorf("checksum %s: %w", p, err)
		}
		sums[p] = sum
	}
	return sums, nil
}

// hashFile is a named function called from the loop below.
func hashFile(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close() // ok: not in a loop of this function
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func checksumsHelper(paths []string) (map[string]string, error) {
	sums := make(map[string]string, len(paths))
	for _, p := range paths {
		s, err := hashFile(p) // ok: the defer is in hashFile
		if err != nil {
			return nil, err
		}
		sums[p] = s
	}
	return sums, nil
}

// fanOut starts one goroutine per path; each goroutine's body is its own
// function, so `defer wg.Done()` runs when that goroutine ends.
func fanOut(paths []string, process func(string) error) []error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, p := range paths {
		wg.Add(1)
		go func(p string) {
			defer wg.Done() // ok: goroutine body
			if err := process(p); err != nil {
				mu.Lock()
				defer mu.Unlock() // ok: goroutine body
				errs = append(errs, err)
			}
		}(p)
	}
	wg.Wait()
	return errs
}

// Counter is updated under a mutex, one critical section per iteration.
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *Counter) AddAll(keys []string) {
	for _, k := range keys {
		func() {
			c.mu.Lock()
			defer c.mu.Unlock() // ok: the lock is released every iteration
			c.n[k]++
		}()
	}
}

// deferAroundLoop defers before and after the loop, not inside it.
func deferAroundLoop(path string, lines []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() // ok: before the loop
	for _, l := range lines {
		if _, err := fmt.Fprintln(f, l); err != nil {
			return err
		}
	}
	defer log.Printf("wrote %d lines to %s", len(lines), path) // ok: after the loop
	return f.Sync()
}

// deferredLoop defers a literal that contains a loop: the defer itself is
// not inside the loop.
func deferredLoop(closers []io.Closer) {
	defer func() { // ok: the loop is inside the deferred literal
		for _, c := range closers {
			c.Close()
		}
	}()
	log.Printf("closing %d resources on return", len(closers))
}

// handlers builds closures in a loop that are called later.
func handlers(names []string) []func() {
	var hs []func()
	for _, n := range names {
		n := n
		hs = append(hs, func() {
			defer log.Printf("handler %s done", n) // ok: inside a literal built in the loop
			log.Printf("handler %s", n)
		})
	}
	return hs
}
