package cockroach13755

import "testing"

func TestSumScanError(t *testing.T) {
	if _, err := sum([]int{1, -1}); err == nil {
		t.Fatal("want an error")
	}
	if _, err := sumFixed([]int{1, -1}); err == nil {
		t.Fatal("want an error")
	}
}
