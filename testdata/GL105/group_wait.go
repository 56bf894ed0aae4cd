package gl105

import "sync"

// A WaitGroup counted for every goroutine before the loop that starts
// them, and waited for inside that loop: the first Wait needs the Done of
// goroutines that later iterations would start.

type volume struct {
	name    string
	mounted bool
}

func mountAll(vols []*volume, mount func(*volume) error) {
	var wg sync.WaitGroup
	wg.Add(len(vols))
	for _, v := range vols {
		go func(v *volume) {
			defer wg.Done()
			if mount(v) == nil {
				v.mounted = true
			}
		}(v)
		wg.Wait() // want "GL105"
	}
}

// mountInOrder counts one goroutine per iteration and waits for it: one
// at a time, but no deadlock.
func mountInOrder(vols []*volume, mount func(*volume) error) {
	var wg sync.WaitGroup
	for _, v := range vols {
		wg.Add(1)
		go func(v *volume) {
			defer wg.Done()
			v.mounted = mount(v) == nil
		}(v)
		wg.Wait()
	}
}

// mountConcurrently waits once, after the loop.
func mountConcurrently(vols []*volume, mount func(*volume) error) {
	var wg sync.WaitGroup
	wg.Add(len(vols))
	for _, v := range vols {
		go func(v *volume) {
			defer wg.Done()
			v.mounted = mount(v) == nil
		}(v)
	}
	wg.Wait()
}

// mountBatches waits in the loop on the batch's own group; the outer group
// is waited for after the loop.
func mountBatches(batches [][]*volume, mount func(*volume) error) {
	var all sync.WaitGroup
	all.Add(len(batches))
	for _, batch := range batches {
		var wg sync.WaitGroup
		wg.Add(len(batch))
		for _, v := range batch {
			go func(v *volume) {
				defer wg.Done()
				v.mounted = mount(v) == nil
			}(v)
		}
		go func() {
			defer all.Done()
			wg.Wait()
		}()
	}
	all.Wait()
}
