package gl502

import "sync"

// Count shares `total` with the goroutines it starts.
func Count(items []int) int {
	total := 0            // want "GL502"
	var mu sync.Mutex     // want "GL502"
	var wg sync.WaitGroup // want "GL502"
	for _, it := range items {
		n := it
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

// Sum passes values to the goroutine and collects results on a channel:
// nothing is shared.
func Sum(items []int) int {
	results := make(chan int, len(items))
	for _, it := range items {
		go func(n int) {
			results <- n
		}(it)
	}
	total := 0
	for range items {
		total += <-results
	}
	return total
}

// Next returns a closure that updates what it captures.
func Next() func() int {
	n := 0 // want "GL502"
	return func() int {
		n++
		return n
	}
}

// Const returns a closure that only reads a copy.
func Const() func() int {
	n := 42
	return func() int { return n }
}
