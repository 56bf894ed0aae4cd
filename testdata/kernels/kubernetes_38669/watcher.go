// Package kubernetes38669 is modelled on the shape of kubernetes#38669: a
// cache watcher's goroutine first replays the initial events on its result
// channel, and a watcher that is stopped before anyone reads the result
// leaves that goroutine blocked on the send.
package kubernetes38669

import "sync"

type watchCacheEvent struct {
	Type            string
	ResourceVersion uint64
}

// cacheWatcher delivers the events of the watch cache to one client.
type cacheWatcher struct {
	sync.Mutex
	input   chan watchCacheEvent
	result  chan watchCacheEvent
	stopped bool
}

func newCacheWatcher(chanSize int, initEvents []watchCacheEvent) *cacheWatcher {
	watcher := &cacheWatcher{
		input:   make(chan watchCacheEvent, chanSize),
		result:  make(chan watchCacheEvent),
		stopped: false,
	}
	go watcher.process(initEvents)
	return watcher
}

func (c *cacheWatcher) stop() {
	c.Lock()
	defer c.Unlock()
	if !c.stopped {
		c.stopped = true
		close(c.input)
	}
}

func (c *cacheWatcher) sendWatchCacheEvent(event watchCacheEvent) {
	c.result <- event // want "GL107"
}

func (c *cacheWatcher) process(initEvents []watchCacheEvent) {
	for _, event := range initEvents {
		c.sendWatchCacheEvent(event)
	}
	defer close(c.result)
	defer c.stop()
	for {
		event, ok := <-c.input
		if !ok {
			return
		}
		c.sendWatchCacheEvent(event)
	}
}

// fixedWatcher is the shape we recall the upstream fix took: the send also watches done,
// which stop closes, so a stopped watcher's goroutine ends.
type fixedWatcher struct {
	sync.Mutex
	input   chan watchCacheEvent
	result  chan watchCacheEvent
	done    chan struct{}
	stopped bool
}

func newFixedWatcher(chanSize int, initEvents []watchCacheEvent) *fixedWatcher {
	watcher := &fixedWatcher{
		input:  make(chan watchCacheEvent, chanSize),
		result: make(chan watchCacheEvent),
		done:   make(chan struct{}),
	}
	go watcher.process(initEvents)
	return watcher
}

func (c *fixedWatcher) stop() {
	c.Lock()
	defer c.Unlock()
	if !c.stopped {
		c.stopped = true
		close(c.done)
		close(c.input)
	}
}

func (c *fixedWatcher) sendWatchCacheEvent(event watchCacheEvent) {
	select {
	case c.result <- event:
	case <-c.done:
	}
}

func (c *fixedWatcher) process(initEvents []watchCacheEvent) {
	for _, event := range initEvents {
		c.sendWatchCacheEvent(event)
	}
	defer close(c.result)
	defer c.stop()
	for {
		event, ok := <-c.input
		if !ok {
			return
		}
		c.sendWatchCacheEvent(event)
	}
}
