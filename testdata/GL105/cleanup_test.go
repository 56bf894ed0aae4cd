package gl105

import (
	"testing"
	"time"
)

// t.Cleanup funcs run after the test function has returned: a test that
// waits for what its own cleanup does waits forever.

type ticker struct {
	ticks chan int
}

// run ticks until stop is closed, then closes ticks.
func (tk *ticker) run(stop <-chan struct{}) {
	defer close(tk.ticks)
	for i := 0; ; i++ {
		select {
		case tk.ticks <- i:
		case <-stop:
			return
		}
	}
}

// TestTickerDrain stops the ticker in a cleanup, then waits for it to
// stop in the test body: the cleanup only runs once the wait is over.
func TestTickerDrain(t *testing.T) {
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	tk := &ticker{ticks: make(chan int)}
	go tk.run(stop)
	if v := <-tk.ticks; v != 0 {
		t.Fatalf("first tick = %d", v)
	}
	<-stop // want "GL105"
}

// TestTickerFirst reads one tick and returns: its cleanup then stops
// the ticking goroutine, which is what cleanups are for.
func TestTickerFirst(t *testing.T) {
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	ticks := make(chan int)
	go func() {
		for i := 0; ; i++ {
			select {
			case ticks <- i:
			case <-stop:
				return
			}
		}
	}()
	if v := <-ticks; v != 0 {
		t.Fatalf("first tick = %d", v)
	}
}

// TestTickerStopped waits for a goroutine that ends by itself; the
// cleanup closes another channel.
func TestTickerStopped(t *testing.T) {
	finished := make(chan struct{})
	t.Cleanup(func() { close(finished) })
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case <-finished:
			t.Error("cleanup ran early")
		case <-time.After(time.Millisecond):
		}
	}()
	<-done
}

// TestWorkerCleanup stops its worker in a cleanup: the worker's receive
// ends once the test has returned, as it would with a deferred close.
func TestWorkerCleanup(t *testing.T) {
	quit := make(chan struct{})
	t.Cleanup(func() {
		close(quit)
	})
	go func() {
		<-quit
	}()
}

// TestTickerStop hands its own stop channel to the same run method, stops
// the ticker itself and drains what is left. The model makes one object
// of the two tests' channels (run's parameter); the close here is of a
// channel made here, so it is not the close TestTickerDrain waits for.
func TestTickerStop(t *testing.T) {
	stop := make(chan struct{})
	tk := &ticker{ticks: make(chan int)}
	go tk.run(stop)
	<-tk.ticks
	close(stop)
	for range tk.ticks {
	}
}
