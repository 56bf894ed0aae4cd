package gl101

import (
	"context"
	"net"
	"time"
)

// A health checker whose probes are bounded by a context. Cancelling the
// caller does not cancel the send of a goroutine that already holds its
// result.

type probeResult struct {
	target  string
	latency time.Duration
	err     error
}

type lookupResult struct {
	addrs []string
	err   error
}

// probeInto dials target and reports the outcome with a plain send.
func probeInto(ctx context.Context, target string, out chan<- probeResult) {
	start := time.Now()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", target)
	if err == nil {
		conn.Close()
	}
	out <- probeResult{target: target, latency: time.Since(start), err: err} // want "GL101"
}

// checkTarget bounds the probe with context.WithTimeout. DialContext honours
// the deadline, but when ctx.Done() wins the select the probe's result has
// no receiver and probeInto stays blocked on its send.
func checkTarget(parent context.Context, target string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(parent, 2*time.Second)
	defer cancel()
	ch := make(chan probeResult)
	go probeInto(ctx, target, ch)
	select {
	case r := <-ch:
		return r.latency, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// resolveTarget runs a lookup that ignores ctx; when ctx is cancelled first
// the lookup goroutine is stranded on its send.
func resolveTarget(ctx context.Context, r *net.Resolver, host string) ([]string, error) {
	ch := make(chan lookupResult)
	go func() {
		addrs, err := r.LookupHost(context.Background(), host)
		ch <- lookupResult{addrs: addrs, err: err} // want "GL101"
	}()
	select {
	case res := <-ch:
		return res.addrs, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// probeIntoCtx gives up its send when ctx is done.
func probeIntoCtx(ctx context.Context, target string, out chan<- probeResult) {
	start := time.Now()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", target)
	if err == nil {
		conn.Close()
	}
	select {
	case out <- probeResult{target: target, latency: time.Since(start), err: err}:
	case <-ctx.Done():
	}
}

// checkTargetSafe is not reported: the deferred cancel fires on every return
// and releases probeIntoCtx from its select.
func checkTargetSafe(parent context.Context, target string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(parent, 2*time.Second)
	defer cancel()
	ch := make(chan probeResult)
	go probeIntoCtx(ctx, target, ch)
	select {
	case r := <-ch:
		return r.latency, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

type healthChecker struct {
	interval   time.Duration
	registered []string
}

func (h *healthChecker) loopProbe(ctx context.Context, target string) {
	t := time.NewTicker(h.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_, _ = checkTargetSafe(ctx, target)
		}
	}
}

// watch starts the probe loop behind a gate. When ctx is already cancelled
// or the target is malformed, watch returns before close(start) and the
// gated goroutine waits forever.
func (h *healthChecker) watch(ctx context.Context, target string) error {
	start := make(chan struct{})
	go func() {
		<-start // want "GL101"
		h.loopProbe(ctx, target)
	}()
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(target); err != nil {
		return err
	}
	h.registered = append(h.registered, target)
	close(start)
	return nil
}

// watchGated validates before the goroutine exists; after the go statement
// there is no return that skips close(start).
func (h *healthChecker) watchGated(ctx context.Context, target string) error {
	if _, _, err := net.SplitHostPort(target); err != nil {
		return err
	}
	start := make(chan struct{})
	go func() {
		<-start
		h.loopProbe(ctx, target)
	}()
	h.registered = append(h.registered, target)
	close(start)
	return nil
}
