package gl101

import (
	"bufio"
	"errors"
	"io"
	"net"
	"strings"
	"time"
)

// Receiving loops that can leave before the producer is done. The
// producer's next send has no receiver left and blocks forever.

// firstMatch returns on the first matching line; the scanner goroutine
// still has lines to send.
func firstMatch(r io.Reader, pattern string) (string, bool) {
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines <- sc.Text() // want "GL101"
		}
	}()
	for l := range lines {
		if strings.Contains(l, pattern) {
			return l, true
		}
	}
	return "", false
}

type shardResult struct {
	shard int
	err   error
}

// queryShards starts one goroutine per shard and returns on the first
// error: the shards that have not reported yet block on their send.
func queryShards(shards []func() error) error {
	results := make(chan shardResult)
	for i, q := range shards {
		go func(i int, q func() error) {
			results <- shardResult{shard: i, err: q()} // want "GL101"
		}(i, q)
	}
	for range shards {
		r := <-results
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

// scanUntilBlank stops reading at the first blank line; the reader
// goroutine sends everything it scans.
func scanUntilBlank(r io.Reader) []string {
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines <- sc.Text() // want "GL101"
		}
	}()
	var out []string
	for {
		l := <-lines
		if l == "" {
			break
		}
		out = append(out, l)
	}
	return out
}

// The corrected variants below stay silent.

// firstMatchDrained keeps receiving after the match, so the scanner always
// finishes.
func firstMatchDrained(r io.Reader, pattern string) (string, bool) {
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines <- sc.Text() // ok: the range runs to the close
		}
	}()
	found, ok := "", false
	for l := range lines {
		if !ok && strings.Contains(l, pattern) {
			found, ok = l, true
		}
	}
	return found, ok
}

// queryShardsBuffered gives every shard room for its result.
func queryShardsBuffered(shards []func() error) error {
	results := make(chan shardResult, len(shards))
	for i, q := range shards {
		go func(i int, q func() error) {
			results <- shardResult{shard: i, err: q()} // ok: buffered for every shard
		}(i, q)
	}
	for range shards {
		r := <-results
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

// firstValue: the goroutine sends one value, and the loop leaves after
// receiving it. Nothing is left to send.
func firstValue(compute func() (int, error)) (int, error) {
	out := make(chan int)
	go func() {
		v, err := compute()
		if err != nil {
			v = -1
		}
		out <- v // ok: the loop receives it before leaving
	}()
	for v := range out {
		if v < 0 {
			return 0, errors.New("compute failed")
		}
		return v, nil
	}
	return 0, errors.New("no value")
}

// drainUntilError stops at the first empty chunk, while the reading
// goroutine may still have chunks to send. Only the `!ok` branch, taken
// once the goroutine has closed chunks, is the loop's normal end.
func drainUntilError(r io.Reader) error {
	chunks := make(chan []byte)
	go func() {
		defer close(chunks)
		buf := make([]byte, 512)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				chunks <- append([]byte(nil), buf[:n]...) // want "GL101"
			}
			if err != nil {
				return
			}
		}
	}()
	for {
		c, ok := <-chunks
		if !ok {
			return nil
		}
		if len(c) == 0 {
			return errors.New("empty chunk")
		}
	}
}

// tailFrames is a log tailer: it forwards frames to its sink and gives up
// on the first one the sink rejects, leaving the decoder goroutine blocked
// on its next frame. The loop tests `ok` positively; the `else` is the
// close.
func tailFrames(r io.Reader, sink func([]byte) error) error {
	frames := make(chan []byte)
	go func() {
		defer close(frames)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			frames <- sc.Bytes() // want "GL101"
		}
	}()
	for {
		f, ok := <-frames
		if ok {
			if err := sink(f); err != nil {
				return err
			}
		} else {
			break
		}
	}
	return nil
}

// drainChunks returns only once the goroutine has closed chunks: an error
// is remembered and the loop goes on draining.
func drainChunks(r io.Reader) error {
	chunks := make(chan []byte)
	go func() {
		defer close(chunks)
		buf := make([]byte, 512)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				chunks <- append([]byte(nil), buf[:n]...) // ok: drained until the close
			}
			if err != nil {
				return
			}
		}
	}()
	var firstErr error
	for {
		c, ok := <-chunks
		if !ok {
			return firstErr
		}
		if len(c) == 0 && firstErr == nil {
			firstErr = errors.New("empty chunk")
		}
	}
}

// collectFrames breaks out of its loop on the close (`ok` false) and only
// then: the decoder is done.
func collectFrames(r io.Reader) [][]byte {
	frames := make(chan []byte)
	go func() {
		defer close(frames)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			frames <- append([]byte(nil), sc.Bytes()...) // ok: received until the close
		}
	}()
	var out [][]byte
	for {
		f, ok := <-frames
		if !ok {
			break
		}
		out = append(out, f)
	}
	return out
}

// batchEvents flushes batches on a ticker and gives up on the first empty
// event, while the watcher goroutine may still have events to send. The
// comma-ok receive is a select case: its `!ok` branch is the normal end.
func batchEvents(src func() []string, every time.Duration, flush func([]string)) error {
	events := make(chan string)
	go func() {
		defer close(events)
		for _, e := range src() {
			events <- e // want "GL101"
		}
	}()
	t := time.NewTicker(every)
	defer t.Stop()
	var batch []string
	for {
		select {
		case e, ok := <-events:
			if !ok {
				flush(batch)
				return nil
			}
			if e == "" {
				return errors.New("empty event")
			}
			batch = append(batch, e)
		case <-t.C:
			flush(batch)
			batch = nil
		}
	}
}

// batchAll leaves only once the watcher has closed events.
func batchAll(src func() []string, every time.Duration, flush func([]string)) {
	events := make(chan string)
	go func() {
		defer close(events)
		for _, e := range src() {
			events <- e // ok: received until the close
		}
	}()
	t := time.NewTicker(every)
	defer t.Stop()
	var batch []string
	for {
		select {
		case e, ok := <-events:
			if !ok {
				flush(batch)
				return
			}
			batch = append(batch, e)
		case <-t.C:
			flush(batch)
			batch = nil
		}
	}
}

// firstNonEmpty returns on the first chunk with data, while the reading
// goroutine may still have chunks to send: `!ok || len(c) > 0` is the
// close and an early exit at once.
func firstNonEmpty(r io.Reader) []byte {
	chunks := make(chan []byte)
	go func() {
		defer close(chunks)
		buf := make([]byte, 512)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				chunks <- append([]byte(nil), buf[:n]...) // want "GL101"
			}
			if err != nil {
				return
			}
		}
	}()
	for {
		c, ok := <-chunks
		if !ok || len(c) > 0 {
			return c
		}
	}
}

// countNonEmpty skips empty chunks with `ok && len(c) == 0`, false once
// the channel is closed, and leaves only on `!ok`: it drains every chunk.
func countNonEmpty(r io.Reader) int {
	chunks := make(chan []byte)
	go func() {
		defer close(chunks)
		buf := make([]byte, 512)
		for {
			n, err := r.Read(buf)
			chunks <- append([]byte(nil), buf[:n]...) // ok: drained until the close
			if err != nil {
				return
			}
		}
	}()
	n := 0
	for {
		c, ok := <-chunks
		if ok && len(c) == 0 {
			continue
		}
		if !ok {
			return n
		}
		n++
	}
}

// acceptOnce waits for the first connection of the accepting goroutine,
// then drains the rest until the goroutine closes the channel: nothing is
// left behind. Regression (crypto/tls TestDialTimeout): the draining
// `range` sits in a retry loop, and its own exit is the close.
func acceptOnce(listen func() net.Listener, attempts int) bool {
	for i := 0; i < attempts; i++ {
		ln := listen()
		acceptc := make(chan net.Conn)
		go func() {
			for {
				conn, err := ln.Accept()
				if err != nil {
					close(acceptc)
					return
				}
				acceptc <- conn // ok: drained until the close
			}
		}()
		ln.Close()
		c, ok := <-acceptc
		if ok {
			c.Close()
		}
		for extra := range acceptc {
			extra.Close()
		}
		if ok {
			return true
		}
	}
	return false
}
