// Package moby25384 is modelled on the shape of moby#25384: the plugin
// manager adds the number of plugins to a WaitGroup, then starts one
// goroutine per plugin and waits inside the loop, so the first Wait needs
// Done calls from goroutines not started yet.
package moby25384

import "sync"

type plugin struct {
	name    string
	enabled bool
}

type manager struct {
	plugins []*plugin
}

func (pm *manager) restore(p *plugin) {
	p.enabled = true
}

func (pm *manager) init() {
	var group sync.WaitGroup
	group.Add(len(pm.plugins))
	for _, p := range pm.plugins {
		go func(p *plugin) {
			defer group.Done()
			pm.restore(p)
		}(p)
		group.Wait() // want "GL105"
	}
}

// initFixed waits once, after starting every goroutine.
func (pm *manager) initFixed() {
	var group sync.WaitGroup
	group.Add(len(pm.plugins))
	for _, p := range pm.plugins {
		go func(p *plugin) {
			defer group.Done()
			pm.restore(p)
		}(p)
	}
	group.Wait()
}

func newManager(names ...string) *manager {
	pm := &manager{}
	for _, n := range names {
		pm.plugins = append(pm.plugins, &plugin{name: n})
	}
	pm.init()
	pm.initFixed()
	return pm
}
