package gl101

// Form 3 with the receiving loop in a function the goroutine calls: `go
// func() { d.run(stop) }()`. Once the loop returns, the goroutine ends
// (or goes on without receiving), and a later send waits forever. When the
// goroutine calls the loop again (a `for` around it) or receives after it,
// the loop's return abandons nobody.

type dispatchEvent struct {
	key string
}

type dispatcher struct {
	events   chan dispatchEvent
	handlers map[string]func(dispatchEvent)
}

func newDispatcher() *dispatcher {
	return &dispatcher{events: make(chan dispatchEvent), handlers: map[string]func(dispatchEvent){}}
}

func (d *dispatcher) run(stop <-chan struct{}) {
	for {
		select {
		case ev := <-d.events:
			if h := d.handlers[ev.key]; h != nil {
				h(ev)
			}
		case <-stop:
			return
		}
	}
}

// serve runs the loop; the goroutine ends with it.
func (d *dispatcher) serve(stop <-chan struct{}, done chan<- bool) {
	d.run(stop)
	done <- true
}

func (d *dispatcher) dispatch(key string) {
	d.events <- dispatchEvent{key: key} // want "GL101"
}

func startDispatcher(stop chan struct{}) (*dispatcher, chan bool) {
	d := newDispatcher()
	done := make(chan bool, 1)
	go d.serve(stop, done)
	return d, done
}

// restartingDispatcher's goroutine runs the loop again after each return:
// a send always finds it.
type restartingDispatcher struct {
	events chan dispatchEvent
	seen   int
}

func (d *restartingDispatcher) step(stop <-chan struct{}) {
	select {
	case <-d.events:
		d.seen++
	case <-stop:
		return
	}
}

func (d *restartingDispatcher) dispatch(key string) {
	d.events <- dispatchEvent{key: key}
}

func startRestarting(stop chan struct{}) *restartingDispatcher {
	d := &restartingDispatcher{events: make(chan dispatchEvent)}
	go func() {
		for {
			d.step(stop)
		}
	}()
	return d
}

// drainingDispatcher's goroutine drains the channel after the loop
// returns: late sends are received.
type drainingDispatcher struct {
	events chan dispatchEvent
	seen   int
}

func (d *drainingDispatcher) loop(stop <-chan struct{}) {
	for {
		select {
		case <-d.events:
			d.seen++
		case <-stop:
			return
		}
	}
}

func (d *drainingDispatcher) dispatch(key string) {
	d.events <- dispatchEvent{key: key}
}

// shutdown ends the drain once the senders are done.
func (d *drainingDispatcher) shutdown() {
	close(d.events)
}

func startDraining(stop chan struct{}) *drainingDispatcher {
	d := &drainingDispatcher{events: make(chan dispatchEvent)}
	go func() {
		d.loop(stop)
		for range d.events {
			d.seen++
		}
	}()
	return d
}

// syncDispatcher's loop is also run by a caller that is not a goroutine
// (a synchronous Run): the analysis cannot tell which goroutine sends.
type syncDispatcher struct {
	events chan dispatchEvent
	seen   int
}

func (d *syncDispatcher) loop(stop <-chan struct{}) {
	for {
		select {
		case <-d.events:
			d.seen++
		case <-stop:
			return
		}
	}
}

func (d *syncDispatcher) dispatch(key string) {
	d.events <- dispatchEvent{key: key}
}

func (d *syncDispatcher) runSync(stop <-chan struct{}) {
	d.loop(stop)
}

func startSync(stop chan struct{}) *syncDispatcher {
	d := &syncDispatcher{events: make(chan dispatchEvent)}
	go func() {
		d.loop(stop)
	}()
	d.runSync(stop)
	return d
}
