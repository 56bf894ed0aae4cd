package kubernetes25331

import "testing"

func TestCacherStopWhileWatcherErrors(t *testing.T) {
	c := &cacher{stopCh: make(chan struct{})}
	c.watch(false)
	c.watch(true)
	c.Stop()
}
