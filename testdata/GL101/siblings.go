package gl101

import "context"

// Two goroutines of one spawner passing values on a local channel: when
// the receiving one is told to quit (a stop channel, a context) while the
// sending one goes on, the sender blocks forever. A receiver that ends
// because its own batch is done follows the protocol both sides share, and
// a spawner that is itself a partner is form 1's.

type probeSample struct {
	target string
	rtt    int
}

// startProber's collector quits on ctx.Done(); the prober keeps sending.
func startProber(ctx context.Context, targets []string, probe func(string) int, record func(probeSample)) {
	samples := make(chan probeSample)
	go func() {
		for {
			for _, t := range targets {
				samples <- probeSample{target: t, rtt: probe(t)} // want "GL101"
			}
		}
	}()
	go func() {
		for {
			select {
			case s := <-samples:
				record(s)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// startProberStoppable's prober watches the context too.
func startProberStoppable(ctx context.Context, targets []string, probe func(string) int, record func(probeSample)) {
	samples := make(chan probeSample)
	go func() {
		for {
			for _, t := range targets {
				select {
				case samples <- probeSample{target: t, rtt: probe(t)}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	go func() {
		for {
			select {
			case s := <-samples:
				record(s)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// probeBatch's collector receives one sample per target and returns: the
// prober sends exactly that many.
func probeBatch(targets []string, probe func(string) int, record func(probeSample), done chan<- struct{}) {
	samples := make(chan probeSample)
	go func() {
		for _, t := range targets {
			samples <- probeSample{target: t, rtt: probe(t)}
		}
	}()
	go func() {
		defer close(done)
		for range targets {
			record(<-samples)
		}
	}()
}

// probeFirst's spawner receives the samples itself (form 1's shape, with
// its joins): here it drains every one.
func probeFirst(targets []string, probe func(string) int) []probeSample {
	samples := make(chan probeSample)
	quit := make(chan struct{})
	go func() {
		for _, t := range targets {
			samples <- probeSample{target: t, rtt: probe(t)}
		}
	}()
	go func() {
		<-quit
	}()
	var out []probeSample
	for range targets {
		out = append(out, <-samples)
	}
	close(quit)
	return out
}

// coalesce's flusher leaves when its input is closed — by the very
// goroutine that sends the ticks, after its last one: the protocol's end,
// not a quit.
func coalesce(lines []string, emit func([]string)) {
	in := make(chan string)
	ticks := make(chan struct{})
	go func() {
		for i, l := range lines {
			in <- l
			if i%10 == 9 {
				ticks <- struct{}{}
			}
		}
		close(in)
	}()
	go func() {
		var buf []string
		for {
			select {
			case l, ok := <-in:
				if !ok {
					emit(buf)
					return
				}
				buf = append(buf, l)
			case <-ticks:
				emit(buf)
				buf = nil
			}
		}
	}()
}
