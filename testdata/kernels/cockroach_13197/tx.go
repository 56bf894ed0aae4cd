// Package cockroach13197 is modelled on the shape of cockroach#13197: begin
// starts a goroutine that waits for the transaction's context, which only
// Rollback or Commit cancels; a caller that drops the transaction leaves the
// goroutine waiting forever.
package cockroach13197

import "context"

type DB struct{}

type Tx struct {
	ctx    context.Context
	cancel context.CancelFunc
	done   bool
}

func (db *DB) begin(ctx context.Context) *Tx {
	ctx, cancel := context.WithCancel(ctx)
	tx := &Tx{ctx: ctx, cancel: cancel}
	go tx.awaitDone()
	return tx
}

func (tx *Tx) awaitDone() {
	// Only Rollback and Commit (through close) cancel tx.ctx: a caller
	// that drops the *Tx leaves this goroutine waiting forever.
	<-tx.ctx.Done()
	tx.done = true
}

// Rollback ends the transaction.
func (tx *Tx) Rollback() { tx.close() }

// Commit ends the transaction.
func (tx *Tx) Commit() { tx.close() }

func (tx *Tx) close() { tx.cancel() }

func query(db *DB, fail bool) error {
	tx := db.begin(context.Background()) // want "GL109"
	if fail {
		return nil
	}
	tx.Commit()
	return nil
}

// queryFixed is the fix's shape: every path ends the transaction.
func queryFixed(db *DB, fail bool) error {
	tx := db.begin(context.Background())
	if fail {
		tx.Rollback()
		return nil
	}
	tx.Commit()
	return nil
}
