//go:build go1.21

package gl101

import (
	"sync"
	"time"
)

// sync.OnceFunc returns a func that runs its argument once: starting the
// returned func starts the argument.

func loadSettings() map[string]string { return map[string]string{"mode": "fast"} }

// settingsWithin loads the settings once, in the background, and gives up
// after d: the loader's send then blocks forever.
func settingsWithin(d time.Duration) map[string]string {
	out := make(chan map[string]string)
	load := sync.OnceFunc(func() {
		out <- loadSettings() // want "GL101"
	})
	go load()
	select {
	case s := <-out:
		return s
	case <-time.After(d):
		return nil
	}
}

// settingsWithinBuffered leaves room for the loader's one send.
func settingsWithinBuffered(d time.Duration) map[string]string {
	out := make(chan map[string]string, 1)
	load := sync.OnceFunc(func() {
		out <- loadSettings()
	})
	go load()
	select {
	case s := <-out:
		return s
	case <-time.After(d):
		return nil
	}
}
