// Package moby28462 is modelled on the shape of moby#28462: when a
// container's state changes, the daemon, holding the container's lock,
// stops its health monitor by sending on the monitor's stop channel; the
// monitor, between two checks of the stop channel, records a probe
// result, which takes the container's lock — so the send and the lock
// wait for each other.
package moby28462

import (
	"sync"
	"time"
)

// Health is the container's health state.
type Health struct {
	stop          chan struct{}
	FailingStreak int
}

// OpenMonitorChannel returns the channel that stops the monitor, making it
// the first time.
func (s *Health) OpenMonitorChannel() chan struct{} {
	if s.stop == nil {
		s.stop = make(chan struct{})
		return s.stop
	}
	return nil
}

// CloseMonitorChannel stops the monitor.
func (s *Health) CloseMonitorChannel() {
	if s.stop != nil {
		// Known miss: the stop channel is returned by OpenMonitorChannel, an exported method of an exported type, so other packages may receive from it; and the send is two calls below the lock (StateChanged, updateHealthMonitor), where GL201 follows one.
		s.stop <- struct{}{}
		s.stop = nil
	}
}

// State is the container's state.
type State struct {
	Running bool
	Health  *Health
}

// Container is a container with its lock.
type Container struct {
	sync.Mutex
	State *State
}

// Daemon manages containers.
type Daemon struct {
	interval time.Duration
}

func handleProbeResult(c *Container, ok bool) {
	c.Lock()
	defer c.Unlock()
	if ok {
		c.State.Health.FailingStreak = 0
	} else {
		c.State.Health.FailingStreak++
	}
}

func monitor(c *Container, stop chan struct{}, interval time.Duration) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(interval):
			handleProbeResult(c, true)
		}
	}
}

func (d *Daemon) updateHealthMonitor(c *Container) {
	h := c.State.Health
	if h == nil {
		return
	}
	if c.State.Running {
		if stop := h.OpenMonitorChannel(); stop != nil {
			go monitor(c, stop, d.interval)
		}
		return
	}
	h.CloseMonitorChannel()
}

// StateChanged is called with each event of the container.
func (d *Daemon) StateChanged(c *Container, running bool) {
	c.Lock()
	defer c.Unlock()
	c.State.Running = running
	d.updateHealthMonitor(c)
}

// fixedHealth has the fix we recall upstream made: stopping the monitor
// closes the channel instead of handing it a value.
type fixedHealth struct {
	stop          chan struct{}
	FailingStreak int
}

func (s *fixedHealth) openMonitorChannel() chan struct{} {
	if s.stop == nil {
		s.stop = make(chan struct{})
		return s.stop
	}
	return nil
}

func (s *fixedHealth) closeMonitorChannel() {
	if s.stop != nil {
		close(s.stop)
		s.stop = nil
	}
}

type fixedContainer struct {
	sync.Mutex
	Running bool
	Health  *fixedHealth
}

func fixedMonitor(c *fixedContainer, stop chan struct{}, interval time.Duration) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(interval):
			c.Lock()
			c.Health.FailingStreak = 0
			c.Unlock()
		}
	}
}

func (d *Daemon) fixedStateChanged(c *fixedContainer, running bool) {
	c.Lock()
	defer c.Unlock()
	c.Running = running
	if running {
		if stop := c.Health.openMonitorChannel(); stop != nil {
			go fixedMonitor(c, stop, d.interval)
		}
		return
	}
	c.Health.closeMonitorChannel()
}
