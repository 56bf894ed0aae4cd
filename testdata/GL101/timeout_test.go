package gl101

import (
	"testing"
	"time"
)

// Tests that wait for a goroutine with a timeout. When the timeout branch
// reports the failure, the goroutine left behind belongs to a test that has
// failed already: not reported. A timeout branch that passes silently
// leaves the goroutine blocked in a passing test: reported.

func slowSum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func TestSumFinishes(t *testing.T) {
	done := make(chan int)
	go func() {
		done <- slowSum([]int{1, 2, 3})
	}()
	select {
	case s := <-done:
		if s != 6 {
			t.Errorf("sum = %d, want 6", s)
		}
	case <-time.After(time.Second):
		t.Error("timed out, slowSum is stuck")
	}
}

func TestSumFinishesOrSkips(t *testing.T) {
	done := make(chan int)
	go func() {
		done <- slowSum([]int{1, 2, 3}) // want "GL101"
	}()
	select {
	case s := <-done:
		if s != 6 {
			t.Errorf("sum = %d, want 6", s)
		}
	case <-time.After(time.Second):
		t.Log("slow machine, not checking")
	}
}
