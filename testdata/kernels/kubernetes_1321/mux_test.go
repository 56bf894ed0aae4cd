package kubernetes1321

import "testing"

func TestMuxWatcherStop(t *testing.T) {
	m := NewMux()
	w := m.Watch()
	go m.Action("ADDED", 1)
	go m.Action("ADDED", 2)
	<-w.ResultChan()
	w.Stop()
}
