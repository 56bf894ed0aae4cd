package moby21233

import "testing"

func TestTransfer(t *testing.T) {
	transferAll([]string{"id1", "id2", "id3"}, func(p Progress) bool { return p.ID == "id2" })
	transferAllFixed([]string{"id1", "id2"}, func(Progress) {})
}
