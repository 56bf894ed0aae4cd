// Package cockroach13755 is modelled on the shape of cockroach#13755 (the
// database/sql bug it hit): Rows starts a goroutine that waits for the
// rows' context to end in order to close them; the context is cancelled
// only by Close, and the executor's path that reads rows and returns
// early on a scan error does not close them, so the goroutine waits
// forever.
package cockroach13755

import (
	"context"
	"errors"
)

// Rows is a result set.
type Rows struct {
	cancel  context.CancelFunc
	closed  bool
	lasterr error
	values  []int
	pos     int
}

func (rs *Rows) initContextClose(ctx context.Context) {
	ctx, rs.cancel = context.WithCancel(ctx)
	go rs.awaitDone(ctx)
}

func (rs *Rows) awaitDone(ctx context.Context) {
	<-ctx.Done()
	rs.close(ctx.Err())
}

// Next advances to the next row.
func (rs *Rows) Next() bool {
	if rs.pos >= len(rs.values) {
		return false
	}
	rs.pos++
	return true
}

// Scan reads the current row.
func (rs *Rows) Scan(dst *int) error {
	if rs.values[rs.pos-1] < 0 {
		return errors.New("bad row")
	}
	*dst = rs.values[rs.pos-1]
	return nil
}

// Close closes the rows and ends the waiting goroutine.
func (rs *Rows) Close() error {
	rs.close(nil)
	return nil
}

func (rs *Rows) close(err error) {
	if rs.closed {
		return
	}
	rs.closed = true
	rs.lasterr = err
	rs.cancel()
}

func query(values []int) *Rows {
	rs := &Rows{values: values}
	rs.initContextClose(context.Background())
	return rs
}

// sum reads every row; a scan error returns without closing the rows.
func sum(values []int) (int, error) {
	rows := query(values)
	total := 0
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			// Known miss: query is not a constructor in GL109's per-object sense: the cancel function is stored by a method (initContextClose) called on an object built by a literal, and the goroutine waits in a method the `go` statement names.
			return 0, err
		}
		total += v
	}
	return total, rows.Close()
}

// sumFixed closes the rows on every path.
func sumFixed(values []int) (int, error) {
	rows := query(values)
	defer rows.Close()
	total := 0
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return 0, err
		}
		total += v
	}
	return total, nil
}
