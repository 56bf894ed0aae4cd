// Package moby29733 is modelled on the shape of moby#29733: callers of a
// plugin wait on a sync.Cond until it is activated; activation broadcasts
// when it ends, but after a failed activation the flag they test stays
// false and they wait again, with nothing left to wake them.
package moby29733

import (
	"errors"
	"sync"
)

var errActivate = errors.New("plugin activation failed")

type plugin struct {
	activateWait *sync.Cond
	activated    bool
	activateErr  error
	handshake    func() error
}

func newPlugin(handshake func() error) *plugin {
	return &plugin{activateWait: sync.NewCond(&sync.Mutex{}), handshake: handshake}
}

func (p *plugin) activate() error {
	p.activateWait.L.Lock()
	err := p.handshake()
	if err == nil {
		p.activated = true
	}
	p.activateErr = err
	p.activateWait.L.Unlock()
	p.activateWait.Broadcast()
	return err
}

// waitActive tests only activated: after a failure it waits forever.
func (p *plugin) waitActive() error {
	p.activateWait.L.Lock()
	for !p.activated {
		// Known miss: the wait loop's condition is a field that only a successful activation sets; the rule sees the Broadcast and does not follow which branch sets the flag.
		p.activateWait.Wait()
	}
	p.activateWait.L.Unlock()
	return p.activateErr
}

// waitActiveFixed is the shape we recall the upstream fix took: a failure ends the wait too.
func (p *plugin) waitActiveFixed() error {
	p.activateWait.L.Lock()
	for !p.activated && p.activateErr == nil {
		p.activateWait.Wait()
	}
	p.activateWait.L.Unlock()
	return p.activateErr
}

func callPlugin(p *plugin) error {
	go p.activate()
	if err := p.waitActiveFixed(); err != nil {
		return err
	}
	return p.waitActive()
}

func failingHandshake() error { return errActivate }
