package gl107

import (
	"errors"
	"os"
	"time"
)

// fileWatcher polls a file and reports when its size changes.
type fileWatcher struct {
	path     string
	interval time.Duration
	size     int64
}

// start runs the poll loop in a goroutine and returns the channel on which
// the loop reports how it ended. The result channel is unbuffered, so the
// goroutine's send completes only if a caller receives.
func (w *fileWatcher) start() <-chan error {
	errc := make(chan error)
	go func() {
		errc <- w.loop() // want "GL107"
	}()
	return errc
}

func (w *fileWatcher) loop() error {
	for i := 0; i < 100; i++ {
		fi, err := os.Stat(w.path)
		if err != nil {
			return err
		}
		if fi.Size() != w.size {
			return errors.New("file changed")
		}
		time.Sleep(w.interval)
	}
	return nil
}

// watchConfig starts the watcher and drops the channel it returns: the
// watcher's goroutine blocks forever on its final send.
func watchConfig(path string) {
	w := &fileWatcher{path: path, interval: time.Second}
	w.start()
}

// tailWatcher is the corrected variant: start's result channel has room for
// the one value the goroutine sends, so nothing blocks when the caller
// drops it.
type tailWatcher struct {
	path string
}

func (w *tailWatcher) start() <-chan error {
	errc := make(chan error, 1)
	go func() {
		_, err := os.Stat(w.path)
		errc <- err // ok: buffered for its only send
	}()
	return errc
}

func watchTail(path string) {
	w := &tailWatcher{path: path}
	w.start()
}

// probe is read by its caller: silent.
func probe(path string) <-chan error {
	done := make(chan error)
	go func() {
		_, err := os.Stat(path)
		done <- err // ok: waitProbe receives
	}()
	return done
}

func waitProbe(path string) error {
	return <-probe(path)
}
