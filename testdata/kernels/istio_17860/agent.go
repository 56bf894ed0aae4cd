// Package istio17860 is modelled on the shape of istio#17860: the proxy
// agent starts each proxy epoch in a goroutine that reports its exit on an
// unbuffered status channel, and the agent's run loop returns on context
// cancellation while such goroutines still have a status to send.
package istio17860

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Proxy runs one epoch of the Envoy proxy.
type Proxy interface {
	Run(config interface{}, epoch int, abort <-chan error) error
	Cleanup(epoch int)
}

type exitStatus struct {
	epoch int
	err   error
}

var errAbort = errors.New("epoch aborted")

type agent struct {
	proxy        Proxy
	mu           sync.Mutex
	currentEpoch int
	statusCh     chan exitStatus
	abortCh      map[int]chan error
}

func newAgent(proxy Proxy) *agent {
	return &agent{
		proxy:        proxy,
		currentEpoch: -1,
		statusCh:     make(chan exitStatus),
		abortCh:      make(map[int]chan error),
	}
}

// Restart starts a new epoch with the given configuration.
func (a *agent) Restart(config interface{}) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.currentEpoch++
	abort := make(chan error, 1)
	a.abortCh[a.currentEpoch] = abort
	go a.runWait(config, a.currentEpoch, abort)
}

// runWait runs one epoch and reports how it ended.
func (a *agent) runWait(config interface{}, epoch int, abort <-chan error) {
	err := a.proxy.Run(config, epoch, abort)
	a.statusCh <- exitStatus{epoch: epoch, err: err} // want "GL101"
}

// Run handles epoch exits until ctx is done.
func (a *agent) Run(ctx context.Context) {
	for {
		select {
		case status := <-a.statusCh:
			a.mu.Lock()
			a.proxy.Cleanup(status.epoch)
			delete(a.abortCh, status.epoch)
			a.mu.Unlock()
		case <-ctx.Done():
			a.terminate()
			return
		}
	}
}

func (a *agent) terminate() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, abort := range a.abortCh {
		abort <- errAbort
	}
}

// fixedAgent has the shape we recall the upstream fix took: the exit status goes into
// a channel with room for it, so runWait ends whether or not Run is still
// listening.
type fixedAgent struct {
	proxy        Proxy
	mu           sync.Mutex
	currentEpoch int
	statusCh     chan exitStatus
}

func newFixedAgent(proxy Proxy) *fixedAgent {
	return &fixedAgent{
		proxy:        proxy,
		currentEpoch: -1,
		statusCh:     make(chan exitStatus, 1),
	}
}

// Restart starts a new epoch with the given configuration.
func (a *fixedAgent) Restart(config interface{}) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.currentEpoch++
	go a.runWait(config, a.currentEpoch)
}

func (a *fixedAgent) runWait(config interface{}, epoch int) {
	err := a.proxy.Run(config, epoch, nil)
	a.statusCh <- exitStatus{epoch: epoch, err: err}
}

// Run handles epoch exits until ctx is done.
func (a *fixedAgent) Run(ctx context.Context) {
	for {
		select {
		case status := <-a.statusCh:
			a.proxy.Cleanup(status.epoch)
		case <-ctx.Done():
			return
		}
	}
}

type testProxy struct{ delay time.Duration }

func (p testProxy) Run(_ interface{}, _ int, abort <-chan error) error {
	select {
	case <-time.After(p.delay):
		return nil
	case err := <-abort:
		return err
	}
}

func (testProxy) Cleanup(int) {}
