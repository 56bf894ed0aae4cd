package gl101

import (
	"encoding/json"
	"errors"
	"os"
	"time"
)

// Goroutines that can send more values than their starter receives: the
// missing `return` after sending an error is the usual cause. The count is
// per call, or per iteration for a channel made in the loop.

type settings struct {
	Addr    string
	Timeout time.Duration
}

type loadResult struct {
	cfg settings
	err error
}

// readSettings forgets to return after reporting the read error: the
// goroutine goes on to decode nothing and sends a second result that
// nobody receives.
func readSettings(path string) (settings, error) {
	results := make(chan loadResult)
	go func() {
		data, err := os.ReadFile(path)
		if err != nil {
			results <- loadResult{err: err}
		}
		var cfg settings
		err = json.Unmarshal(data, &cfg)
		results <- loadResult{cfg: cfg, err: err} // want "GL101"
	}()
	r := <-results
	return r.cfg, r.err
}

// readSettingsFixed returns after the error.
func readSettingsFixed(path string) (settings, error) {
	results := make(chan loadResult)
	go func() {
		data, err := os.ReadFile(path)
		if err != nil {
			results <- loadResult{err: err}
			return
		}
		var cfg settings
		err = json.Unmarshal(data, &cfg)
		results <- loadResult{cfg: cfg, err: err} // ok: one send per run
	}()
	r := <-results
	return r.cfg, r.err
}

// statAll starts one goroutine per path, each with its own channel, and
// receives one value per iteration; the goroutine of a missing file sends
// twice and its second send blocks for good.
func statAll(paths []string) []int64 {
	var sizes []int64
	for _, p := range paths {
		sizec := make(chan int64)
		go func() {
			fi, err := os.Stat(p)
			if err != nil {
				sizec <- -1
			}
			sizec <- fi.Size() // want "GL101"
		}()
		sizes = append(sizes, <-sizec)
	}
	return sizes
}

// handshakeBoth waits for both of the goroutine's signals.
func handshakeBoth(start func() error) error {
	ready := make(chan error)
	go func() {
		ready <- nil
		ready <- start() // ok: received below
	}()
	<-ready
	return <-ready
}

// dialBuffered reports a dial error without returning; the buffer holds
// one value, but the caller can give up before receiving anything, and
// then the second send blocks.
func dialBuffered(dial func() (string, error), prepare func() error) (string, error) {
	done := make(chan string, 1)
	go func() {
		conn, err := dial()
		if err != nil {
			done <- ""
		}
		done <- conn // want "GL101"
	}()
	if err := prepare(); err != nil {
		return "", err
	}
	conn := <-done
	if conn == "" {
		return "", errors.New("dial failed")
	}
	return conn, nil
}

// dialRoomy has room for both values.
func dialRoomy(dial func() (string, error)) string {
	done := make(chan string, 2)
	go func() {
		conn, err := dial()
		if err != nil {
			done <- ""
		}
		done <- conn // ok: the buffer holds both
	}()
	return <-done
}

// drainTwo receives in a loop: the count of a loop is not taken.
func drainTwo(work func() (int, int)) int {
	parts := make(chan int)
	go func() {
		a, b := work()
		parts <- a
		parts <- b // ok: the loop below receives twice
	}()
	sum := 0
	for i := 0; i < 2; i++ {
		sum += <-parts
	}
	return sum
}

// collectRest lets a helper receive what is left: its count is unknown.
func collectRest(work func() (int, int)) int {
	parts := make(chan int)
	go func() {
		a, b := work()
		parts <- a
		parts <- b // ok: awaitPart may receive it
	}()
	first := <-parts
	return first + awaitPart(parts)
}

func awaitPart(parts chan int) int { return <-parts }
