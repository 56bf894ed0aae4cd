// Package gl404 holds the testdata of GL404 (a deferred call's arguments
// are evaluated at the defer statement).
//
// `defer f(args)` evaluates args when the defer statement runs and calls f
// when the function returns. A duration computed in the arguments
// (time.Since, time.Until, time.Now().Sub) is therefore measured at the
// start, and recover() passed as an argument runs when nothing is
// panicking. The primary span starts at the offending call inside the
// arguments, so the expectation sits on the line where it starts.
package gl404

import (
	"context"
	"sync"
	"time"
)

// histogram is a minimal stand-in for a metrics client.
type histogram struct {
	name    string
	mu      sync.Mutex
	samples []float64
}

func (h *histogram) Observe(v float64) {
	h.mu.Lock()
	h.samples = append(h.samples, v)
	h.mu.Unlock()
}

// durationTimer measures from its creation to ObserveDuration.
type durationTimer struct {
	h     *histogram
	start time.Time
}

func newTimer(h *histogram) *durationTimer {
	return &durationTimer{h: h, start: time.Now()}
}

func (t *durationTimer) ObserveDuration() {
	t.h.Observe(time.Since(t.start).Seconds())
}

// span is a minimal stand-in for a tracing span.
type span struct {
	name  string
	attrs map[string]interface{}
	start time.Time
	end   time.Time
}

func startSpan(ctx context.Context, name string) (context.Context, *span) {
	return ctx, &span{name: name, attrs: map[string]interface{}{}, start: time.Now()}
}

func (s *span) SetAttr(k string, v interface{}) { s.attrs[k] = v }
func (s *span) End()                            { s.end = time.Now() }
func (s *span) EndAt(t time.Time)               { s.end = t }

var (
	requestLatency = &histogram{name: "http_request_seconds"}
	compactLatency = &histogram{name: "compact_seconds"}
)

func recordDuration(op string, d time.Duration) {
	compactLatency.Observe(d.Seconds())
}

// Compactor merges segment files.
type Compactor struct {
	segments []string
}

// Compact measures its own duration three wrong ways.
func (c *Compactor) Compact(ctx context.Context) error {
	start := time.Now()
	ctx, sp := startSpan(ctx, "compact")
	defer sp.End()                                            // ok: no arguments
	defer sp.SetAttr("duration", time.Since(start))           // want "GL404"
	defer compactLatency.Observe(time.Since(start).Seconds()) // want "GL404"
	defer recordDuration("compact", time.Now().Sub(start))    // want "GL404"
	return c.merge(ctx)
}

func (c *Compactor) merge(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(c.segments) > 1 {
		c.segments = c.segments[:1]
	}
	return nil
}

// CompactFixed is the correct version of Compact.
func (c *Compactor) CompactFixed(ctx context.Context) error {
	start := time.Now()
	ctx, sp := startSpan(ctx, "compact")
	defer sp.End()                                   // ok: no arguments
	defer newTimer(compactLatency).ObserveDuration() // ok: the receiver is evaluated now on purpose, the duration at return
	defer func() {
		sp.SetAttr("duration", time.Since(start))    // ok: inside the deferred literal
		recordDuration("compact", time.Since(start)) // ok: inside the deferred literal
	}()
	return c.merge(ctx)
}

// known miss: a bare time.Now() argument is not reported, because it is
// usually the start time on purpose (see timeTrack in timing.go). Here the
// intent is the end time, and the span ends at the start of Flush.
func (c *Compactor) Flush(ctx context.Context) error {
	_, sp := startSpan(ctx, "flush")
	defer sp.EndAt(time.Now()) // ok: known miss, bare time.Now() is not reported
	return nil
}
