package kubernetes38669

import "testing"

// TestCacheWatcherCleanupNotBlockedByResult stops the watcher without reading
// its result: the goroutine replaying the initial events stays blocked.
func TestCacheWatcherCleanupNotBlockedByResult(t *testing.T) {
	initEvents := []watchCacheEvent{{Type: "ADDED"}, {Type: "ADDED"}}
	w := newCacheWatcher(0, initEvents)
	w.stop()
}

func TestFixedWatcherCleanupNotBlockedByResult(t *testing.T) {
	initEvents := []watchCacheEvent{{Type: "ADDED"}, {Type: "ADDED"}}
	w := newFixedWatcher(0, initEvents)
	w.stop()
}
