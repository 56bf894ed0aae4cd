// Package loops exercises per-iteration loop variables (Go 1.22) in
// goroutines, min/max/clear builtins (Go 1.21) and slice-to-array
// conversions (Go 1.20).
package loops

import "sync"

// Fanout starts one goroutine per item; each captures its own item.
func Fanout(items []string, handle func(string)) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			handle(item)
		}()
	}
	wg.Wait()
}

// Header reads a fixed-size header.
func Header(b []byte) ([4]byte, int) {
	h := [4]byte(b[:4])
	p := (*[2]byte)(b[4:6])
	m := map[string]int{"a": 1}
	clear(m)
	return h, min(len(b), 64, max(int(p[0]), 1))
}
