package cockroach13197

import (
	"context"
	"testing"
)

// TestTxLeak drops the transaction without rolling it back.
func TestTxLeak(t *testing.T) {
	db := &DB{}
	db.begin(context.Background()) // want "GL109"
}

// TestTxRollback is the fix's shape: the transaction is rolled back.
func TestTxRollback(t *testing.T) {
	db := &DB{}
	tx := db.begin(context.Background())
	tx.Rollback()
}
