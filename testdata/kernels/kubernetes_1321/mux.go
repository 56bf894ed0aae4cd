// Package kubernetes1321 is modelled on the shape of kubernetes#1321: the
// watch multiplexer distributes each event to every watcher's result
// channel while holding its lock; a watcher whose consumer has stopped
// reading and calls Stop needs that lock to unregister, so distribute
// waits for a receive that will never come.
package kubernetes1321

import "sync"

// Event is a watch event.
type Event struct {
	Type   string
	Object interface{}
}

type muxWatcher struct {
	result chan Event
	m      *Mux
	id     int64
}

func (mw *muxWatcher) ResultChan() <-chan Event { return mw.result }

// Stop unregisters the watcher.
func (mw *muxWatcher) Stop() { mw.m.stopWatching(mw.id) }

// Mux distributes events to watchers.
type Mux struct {
	lock     sync.Mutex
	watchers map[int64]*muxWatcher
	nextID   int64
	incoming chan Event
}

// NewMux starts the distribution loop.
func NewMux() *Mux {
	m := &Mux{watchers: make(map[int64]*muxWatcher), incoming: make(chan Event)}
	go m.loop()
	return m
}

// Watch adds a watcher.
func (m *Mux) Watch() *muxWatcher {
	m.lock.Lock()
	defer m.lock.Unlock()
	id := m.nextID
	m.nextID++
	w := &muxWatcher{result: make(chan Event), m: m, id: id}
	m.watchers[id] = w
	return w
}

func (m *Mux) stopWatching(id int64) {
	m.lock.Lock()
	defer m.lock.Unlock()
	w, ok := m.watchers[id]
	if !ok {
		return
	}
	delete(m.watchers, id)
	close(w.result)
}

// Action queues an event.
func (m *Mux) Action(typ string, obj interface{}) {
	m.incoming <- Event{Type: typ, Object: obj}
}

func (m *Mux) loop() {
	for event := range m.incoming {
		m.distribute(event)
	}
	m.closeAll()
}

func (m *Mux) distribute(event Event) {
	m.lock.Lock()
	defer m.lock.Unlock()
	for _, w := range m.watchers {
		// Known miss: the watchers live in a map, so their result channels are stored in a container and open to the model; the consumer that stops reading and calls Stop is a test.
		w.result <- event
	}
}

func (m *Mux) closeAll() {
	m.lock.Lock()
	defer m.lock.Unlock()
	for id, w := range m.watchers {
		close(w.result)
		delete(m.watchers, id)
	}
}

// distributeFixed has the fix we recall upstream made: a watcher that has
// been stopped is skipped instead of waited for.
func (m *Mux) distributeFixed(event Event, stopped map[int64]chan struct{}) {
	m.lock.Lock()
	defer m.lock.Unlock()
	for id, w := range m.watchers {
		select {
		case w.result <- event:
		case <-stopped[id]:
		}
	}
}
