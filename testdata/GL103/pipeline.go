package gl103

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
)

// A log shipping pipeline. Each stage ranges over its upstream, so a stage
// that forgets to close its output stalls everything after it.

type logRecord struct {
	level string
	msg   string
}

// readLines emits every line of r but never closes out.
func readLines(r io.Reader) <-chan string {
	out := make(chan string)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			out <- sc.Text()
		}
	}()
	return out
}

// parseRecords closes its own output correctly, but its upstream comes
// from readLines: after the last line its range blocks forever.
func parseRecords(lines <-chan string) <-chan logRecord {
	out := make(chan logRecord)
	go func() {
		defer close(out)
		for l := range lines { // want "GL103"
			level, msg, ok := strings.Cut(l, " ")
			if !ok {
				continue
			}
			out <- logRecord{level: level, msg: msg}
		}
	}()
	return out
}

// countByLevel ranges over the output of parseRecords, which is closed by
// its deferred close: this range is not reported (it waits on the stage
// above, which is where the bug is).
func countByLevel(r io.Reader) map[string]int {
	lines := readLines(r)
	recs := parseRecords(lines)
	counts := make(map[string]int)
	for rec := range recs {
		counts[rec.level]++
	}
	return counts
}

// batchRecords groups records by size. It returns when its input is closed
// or ctx is done, but never closes out.
func batchRecords(ctx context.Context, in <-chan logRecord, size int, out chan<- []logRecord) {
	batch := make([]logRecord, 0, size)
	for {
		select {
		case rec, ok := <-in:
			if !ok {
				if len(batch) > 0 {
					out <- batch
				}
				return
			}
			batch = append(batch, rec)
			if len(batch) == size {
				out <- batch
				batch = make([]logRecord, 0, size)
			}
		case <-ctx.Done():
			return
		}
	}
}

// shipLogs writes every batch; after batchRecords has returned, its range
// keeps waiting and shipLogs never returns.
func shipLogs(ctx context.Context, recs <-chan logRecord, w io.Writer) error {
	batches := make(chan []logRecord)
	go batchRecords(ctx, recs, 100, batches)
	var firstErr error
	for b := range batches { // want "GL103"
		for _, rec := range b {
			if _, err := fmt.Fprintf(w, "%s %s\n", rec.level, rec.msg); err != nil && firstErr == nil {
				firstErr = err
			}
		}
	}
	return firstErr
}
