// Package istio16224 is modelled on the shape of istio#16224: a config
// controller queues events for its monitor's run loop with a plain send on
// an unbuffered channel, and a change made after the loop stopped blocks
// forever.
package istio16224

import "sync"

// ConfigEvent is one change to the configuration store.
type ConfigEvent struct {
	Name  string
	Event string
}

type configstoreMonitor struct {
	eventCh  chan ConfigEvent
	mu       sync.Mutex
	handlers []func(ConfigEvent)
}

func newMonitor() *configstoreMonitor {
	return &configstoreMonitor{eventCh: make(chan ConfigEvent)}
}

// ScheduleProcessEvent hands the event to the run loop.
func (m *configstoreMonitor) ScheduleProcessEvent(configEvent ConfigEvent) {
	m.eventCh <- configEvent // want "GL101"
}

// Run processes events until stop is closed.
func (m *configstoreMonitor) Run(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case ce, ok := <-m.eventCh:
			if ok {
				m.processConfigEvent(ce)
			}
		}
	}
}

func (m *configstoreMonitor) processConfigEvent(ce ConfigEvent) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, h := range m.handlers {
		h(ce)
	}
}

// Controller is the in-memory config store with change notification.
type Controller struct {
	monitor *configstoreMonitor
	configs map[string]string
}

// NewController makes a controller with its monitor.
func NewController() *Controller {
	return &Controller{monitor: newMonitor(), configs: map[string]string{}}
}

// Run runs the monitor's loop.
func (c *Controller) Run(stop <-chan struct{}) {
	c.monitor.Run(stop)
}

// Create stores a config and notifies the handlers.
func (c *Controller) Create(name, value string) {
	c.configs[name] = value
	c.monitor.ScheduleProcessEvent(ConfigEvent{Name: name, Event: "add"})
}

// fixedMonitor has the shape we recall the upstream fix took: scheduling an event also
// watches the stop channel, so it returns once the loop is gone.
type fixedMonitor struct {
	eventCh  chan ConfigEvent
	stop     <-chan struct{}
	mu       sync.Mutex
	handlers []func(ConfigEvent)
}

func newFixedMonitor(stop <-chan struct{}) *fixedMonitor {
	return &fixedMonitor{eventCh: make(chan ConfigEvent), stop: stop}
}

func (m *fixedMonitor) scheduleProcessEvent(configEvent ConfigEvent) {
	select {
	case m.eventCh <- configEvent:
	case <-m.stop:
	}
}

func (m *fixedMonitor) run() {
	for {
		select {
		case <-m.stop:
			return
		case ce := <-m.eventCh:
			m.mu.Lock()
			for _, h := range m.handlers {
				h(ce)
			}
			m.mu.Unlock()
		}
	}
}

func createFixed(stop chan struct{}, name string) {
	m := newFixedMonitor(stop)
	go m.run()
	m.scheduleProcessEvent(ConfigEvent{Name: name, Event: "add"})
}
