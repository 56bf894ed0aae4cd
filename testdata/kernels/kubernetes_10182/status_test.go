package kubernetes10182

import "testing"

func TestStatusManagerConcurrentUpdates(t *testing.T) {
	s := newStatusManager()
	s.start()
	go s.SetPodStatus("a", podStatus{phase: "Running"})
	go s.SetPodStatus("b", podStatus{phase: "Running"})
}

func TestStatusManagerConcurrentUpdatesFixed(t *testing.T) {
	s := newStatusManager()
	s.start()
	go s.setPodStatusFixed("a", podStatus{phase: "Running"})
	go s.setPodStatusFixed("b", podStatus{phase: "Running"})
}
