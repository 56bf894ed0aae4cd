package gl106

import (
	"errors"
	"io"
)

// record is one parsed row of an import file.
type record struct {
	line int
	cols []string
}

// rowSource yields rows until io.EOF.
type rowSource interface {
	next() (record, error)
}

// emitRecords streams rows to out. At EOF it closes out, but the return
// that should follow was lost, so the loop goes on and sends on the
// closed channel.
func emitRecords(src rowSource, out chan<- record) {
	for {
		r, err := src.next()
		if err == io.EOF {
			close(out)
		}
		out <- r // want "GL106"
	}
}

// result is the outcome of validating one record.
type result struct {
	rec record
	err error
}

// validateRecords reports each record's validation result. On the first
// invalid record it reports the error and closes results, but it leaves
// the loop with break instead of return, and falls through to the normal
// close after the loop.
func validateRecords(in <-chan record, results chan<- result) {
	for r := range in {
		if len(r.cols) == 0 {
			results <- result{rec: r, err: errors.New("empty row")}
			close(results)
			break
		}
		results <- result{rec: r}
	}
	close(results) // want "GL106"
}

// shard is one partition of an on-disk index.
type shard struct {
	id    int
	dirty bool
}

func (s *shard) flush() error {
	s.dirty = false
	return nil
}

// flushShards flushes every shard and then announces completion by closing
// flushed. The close ended up inside the loop: with two or more shards it
// runs again on the next iteration.
func flushShards(shards []*shard, flushed chan struct{}) error {
	for _, sh := range shards {
		if err := sh.flush(); err != nil {
			return err
		}
		close(flushed) // want "GL106"
	}
	return nil
}
