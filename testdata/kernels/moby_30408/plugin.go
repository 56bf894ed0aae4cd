// Package moby30408 is modelled on the shape of moby#30408: callers wait
// for a plugin to be activated on a sync.Cond, testing whether its
// manifest is set; when activation fails the manifest stays nil, the
// activator broadcasts anyway, and the waiters, testing only the
// manifest, go back to waiting with nothing left to wake them.
package moby30408

import (
	"errors"
	"sync"
)

// Manifest describes what a plugin implements.
type Manifest struct {
	Implements []string
}

// Plugin is a plugin client.
type Plugin struct {
	activateWait *sync.Cond
	activateErr  error
	Manifest     *Manifest
	handshake    func() (*Manifest, error)
}

func newPlugin(handshake func() (*Manifest, error)) *Plugin {
	return &Plugin{activateWait: sync.NewCond(&sync.Mutex{}), handshake: handshake}
}

func (p *Plugin) activated() bool { return p.Manifest != nil }

func (p *Plugin) activate() error {
	p.activateWait.L.Lock()
	if p.activated() {
		p.activateWait.L.Unlock()
		return p.activateErr
	}
	err := p.activateWithLock()
	p.activateErr = err
	p.activateWait.L.Unlock()
	p.activateWait.Broadcast()
	return err
}

func (p *Plugin) activateWithLock() error {
	m, err := p.handshake()
	if err != nil {
		return err
	}
	p.Manifest = m
	return nil
}

func (p *Plugin) waitActive() error {
	p.activateWait.L.Lock()
	for !p.activated() {
		// Known miss: the wait loop tests a method whose field only a successful handshake sets; the Broadcast also follows the failed one, and which branch sets the field is not followed.
		p.activateWait.Wait()
	}
	p.activateWait.L.Unlock()
	return p.activateErr
}

// waitActiveFixed has the fix we recall upstream made: an activation error
// ends the wait too.
func (p *Plugin) waitActiveFixed() error {
	p.activateWait.L.Lock()
	for !p.activated() && p.activateErr == nil {
		p.activateWait.Wait()
	}
	p.activateWait.L.Unlock()
	return p.activateErr
}

var errRefused = errors.New("plugin: connection refused")

func get(name string, fixed bool) (*Plugin, error) {
	p := newPlugin(func() (*Manifest, error) { return nil, errRefused })
	go p.activate()
	var err error
	if fixed {
		err = p.waitActiveFixed()
	} else {
		err = p.waitActive()
	}
	return p, err
}
