package gl104

import (
	"sync"
)

// cacheEntry is a preloaded key and value.
type cacheEntry struct {
	key   string
	value []byte
}

// warmAndServe holds every goroutine of the pool at a start gate (a
// sync.Cond) until the cache is warm, then lets them serve.
//
// The preloader was started through the same code path as the workers, so
// it also waits at the gate. The gate is opened only after the preloader
// reports how many entries it loaded on loaded, which it does only after
// passing the gate. The preloader blocks in cond.Wait, the function in
// <-loaded: circular wait through a channel and a condition variable.
func warmAndServe(load func() []cacheEntry, serve func(map[string][]byte)) int {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	open := false
	cache := make(map[string][]byte)
	loaded := make(chan int)
	go func() {
		mu.Lock()
		for !open {
			cond.Wait() // want "GL104"
		}
		entries := load()
		for _, e := range entries {
			cache[e.key] = e.value
		}
		mu.Unlock()
		loaded <- len(entries)
	}()
	n := <-loaded
	mu.Lock()
	open = true
	cond.Broadcast()
	mu.Unlock()
	serve(cache)
	return n
}

// warmThenOpen is the fixed version: the preloader does not wait at the
// gate, it loads and reports, and only then is the gate opened for the
// serving goroutine. Nothing here is reported.
func warmThenOpen(load func() []cacheEntry, serve func(map[string][]byte)) int {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	open := false
	cache := make(map[string][]byte)
	loaded := make(chan int)
	served := make(chan struct{})
	go func() {
		entries := load()
		mu.Lock()
		for _, e := range entries {
			cache[e.key] = e.value
		}
		mu.Unlock()
		loaded <- len(entries)
	}()
	go func() {
		mu.Lock()
		for !open {
			cond.Wait()
		}
		mu.Unlock()
		serve(cache)
		close(served)
	}()
	n := <-loaded
	mu.Lock()
	open = true
	cond.Broadcast()
	mu.Unlock()
	<-served
	return n
}
