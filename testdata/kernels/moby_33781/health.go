// Package moby33781 is modelled on the shape of moby#33781: the container
// health monitor runs each probe in a goroutine that sends its result on an
// unbuffered channel, and returns on stop without collecting the result.
package moby33781

import (
	"context"
	"time"
)

type probeResult struct {
	exitCode int
	output   string
}

type probe interface {
	run(ctx context.Context) (*probeResult, error)
}

type container struct {
	healthFailures int
}

func handleProbeResult(c *container, result *probeResult) {
	if result.exitCode != 0 {
		c.healthFailures++
	} else {
		c.healthFailures = 0
	}
}

func monitor(c *container, stop chan struct{}, p probe, interval, timeout time.Duration) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(interval):
			ctx, cancelProbe := context.WithTimeout(context.Background(), timeout)
			results := make(chan *probeResult)
			go func() {
				result, err := p.run(ctx)
				if err != nil {
					result = &probeResult{exitCode: -1, output: err.Error()}
				}
				results <- result // want "GL101"
				close(results)
			}()
			select {
			case <-stop:
				cancelProbe()
				return
			case result := <-results:
				handleProbeResult(c, result)
				cancelProbe()
			case <-ctx.Done():
				handleProbeResult(c, &probeResult{exitCode: -1, output: "timed out"})
				cancelProbe()
				<-results
			}
		}
	}
}

// monitorFixed has the shape we recall the upstream fix took: after stop, the monitor
// waits for the probe it cancelled to report.
func monitorFixed(c *container, stop chan struct{}, p probe, interval, timeout time.Duration) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(interval):
			ctx, cancelProbe := context.WithTimeout(context.Background(), timeout)
			results := make(chan *probeResult)
			go func() {
				result, err := p.run(ctx)
				if err != nil {
					result = &probeResult{exitCode: -1, output: err.Error()}
				}
				results <- result
				close(results)
			}()
			select {
			case <-stop:
				cancelProbe()
				<-results
				return
			case result := <-results:
				handleProbeResult(c, result)
				cancelProbe()
			case <-ctx.Done():
				handleProbeResult(c, &probeResult{exitCode: -1, output: "timed out"})
				cancelProbe()
				<-results
			}
		}
	}
}

type sleepProbe struct{ d time.Duration }

func (p sleepProbe) run(ctx context.Context) (*probeResult, error) {
	select {
	case <-time.After(p.d):
		return &probeResult{}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func startMonitors(c *container, stop chan struct{}) {
	go monitor(c, stop, sleepProbe{d: time.Millisecond}, time.Millisecond, time.Second)
	go monitorFixed(c, stop, sleepProbe{d: time.Millisecond}, time.Millisecond, time.Second)
}
