package gl103

import "log"

// eventForwarder relays a daemon's events for as long as the process
// runs: nothing can stop it, so its `range` is not expected to end
// (regression: containerd's shim Service.forward).
type eventForwarder struct {
	events  chan string
	publish func(string) error
}

func startForwarder(publish func(string) error) *eventForwarder {
	f := &eventForwarder{events: make(chan string, 128), publish: publish}
	go f.forward()
	return f
}

func (f *eventForwarder) emit(e string) { f.events <- e }

func (f *eventForwarder) forward() {
	for e := range f.events { // ok: the forwarder lives as long as the program
		if err := f.publish(e); err != nil {
			log.Printf("publish %s: %v", e, err)
		}
	}
}

// requeuer can be stopped, but Stop leaves its queue open: the loop
// outlives every requeuer (regression shape: containerd's
// RemoteEventsPublisher.processQueue).
type requeuer struct {
	queue  chan string
	closed chan struct{}
	send   func(string) error
}

func newRequeuer(send func(string) error) *requeuer {
	r := &requeuer{queue: make(chan string, 16), closed: make(chan struct{}), send: send}
	go r.process()
	return r
}

func (r *requeuer) add(e string) { r.queue <- e }

func (r *requeuer) Stop() { close(r.closed) }

func (r *requeuer) process() {
	for e := range r.queue { // want "GL103"
		if err := r.send(e); err != nil {
			log.Printf("send %s: %v", e, err)
		}
	}
}
