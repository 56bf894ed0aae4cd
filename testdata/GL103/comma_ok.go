package gl103

import "context"

// Loops that receive `v, ok := <-ch` and leave only when ok is false: a
// range written by hand, which never ends if nothing closes the channel.

type metric struct {
	name  string
	value float64
}

// aggregate sums the metrics its producers send. The producers never
// close the channel, so the loop never sees ok false and the result is
// never returned.
func aggregate(sources []func() metric) map[string]float64 {
	in := make(chan metric)
	for _, src := range sources {
		go func(src func() metric) {
			in <- src()
		}(src)
	}
	sums := make(map[string]float64)
	for {
		m, ok := <-in // want "GL103"
		if !ok {
			return sums
		}
		sums[m.name] += m.value
	}
}

// aggregateClosed closes the channel once every producer is done.
func aggregateClosed(sources []func() metric) map[string]float64 {
	in := make(chan metric)
	go func() {
		defer close(in)
		for _, src := range sources {
			in <- src()
		}
	}()
	sums := make(map[string]float64)
	for {
		m, ok := <-in
		if !ok {
			return sums
		}
		sums[m.name] += m.value
	}
}

// aggregateCounted receives exactly one metric per source in a select
// that also stops on cancellation: it has ways out besides the close.
func aggregateCounted(ctx context.Context, sources []func() metric) map[string]float64 {
	in := make(chan metric, len(sources))
	for _, src := range sources {
		go func(src func() metric) {
			in <- src()
		}(src)
	}
	sums := make(map[string]float64)
	for range sources {
		select {
		case m, ok := <-in:
			if !ok {
				return sums
			}
			sums[m.name] += m.value
		case <-ctx.Done():
			return sums
		}
	}
	return sums
}
