package gl107

import "sync"

// fanOut starts a goroutine per job; each reports completion on done, which
// has room for two. Nothing receives from done: from the third job on, the
// goroutines block forever.
func fanOut(jobs []func()) {
	done := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func(job func()) {
			defer wg.Done()
			job()
			done <- struct{}{} // want "GL107"
		}(job)
	}
	wg.Wait()
}

// fanOutCounted is the corrected variant: the WaitGroup alone tells when the
// jobs are done, and no channel is left to fill.
func fanOutCounted(jobs []func()) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func(job func()) {
			defer wg.Done()
			job()
		}(job)
	}
	wg.Wait()
}

// pair sends twice on a buffer of two that nobody reads: both fit, and
// nothing blocks. Silent (the channel is useless, not stuck).
func pair() {
	c := make(chan int, 2)
	go func() {
		c <- 1 // ok: room in the buffer
		c <- 2 // ok: room in the buffer
	}()
}
