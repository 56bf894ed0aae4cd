package gl109

import "testing"

// TestCopyKey ends the transaction, or fails (and stops) first: silent.
func TestCopyKey(t *testing.T) {
	s := &store{data: map[string]string{"a": "1"}, locks: map[string]bool{}}
	tx, err := s.begin()
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.put("b", "2"); err != nil {
		t.Fatalf("put: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestGetMissing never ends its transaction: its goroutine outlives the
// test.
func TestGetMissing(t *testing.T) {
	s := &store{data: map[string]string{}}
	tx, err := s.begin() // want "GL109"
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := tx.get("missing"); ok {
		t.Error("unexpected key")
	}
}
