// Package cockroach2448 is modelled on the shape of cockroach#2448: the
// raft state loop emits an event carrying a callback, and the store's loop
// runs that callback, which sends on a channel only the state loop
// receives from; the state loop meanwhile waits to send its next event to
// the store's loop: each waits for the other.
package cockroach2448

import "time"

// Stopper signals shutdown.
type Stopper struct {
	done chan struct{}
}

func (s *Stopper) ShouldStop() <-chan struct{} { return s.done }

// EventMembershipChangeCommitted asks the store to apply a change, then
// call back.
type EventMembershipChangeCommitted struct {
	Callback func()
}

type multiRaft struct {
	stopper      *Stopper
	events       chan interface{}
	callbackChan chan func()
}

func (m *multiRaft) sendEvent(event interface{}) {
	select {
	case m.events <- event:
	case <-m.stopper.ShouldStop():
	}
}

type state struct {
	*multiRaft
}

func (s *state) start() {
	for {
		select {
		case <-s.stopper.ShouldStop():
			return
		case cb := <-s.callbackChan:
			cb()
		default:
			s.handleWriteResponse()
			time.Sleep(100 * time.Microsecond)
		}
	}
}

func (s *state) handleWriteResponse() {
	s.sendEvent(&EventMembershipChangeCommitted{
		Callback: func() {
			// GL101 finds the send that the fix guards; the circular wait
			// itself (through a callback run by the store's loop) is a known
			// miss of GL104, which does not follow func values sent on
			// channels.
			s.callbackChan <- func() { // want "GL101"
				time.Sleep(time.Nanosecond)
			}
		},
	})
}

type store struct {
	multiraft *multiRaft
}

func (s *store) processRaft() {
	for {
		select {
		case e := <-s.multiraft.events:
			if e, ok := e.(*EventMembershipChangeCommitted); ok && e.Callback != nil {
				e.Callback()
			}
		case <-s.multiraft.stopper.ShouldStop():
			return
		}
	}
}

// fixedState is the shape we recall the upstream fix took: the callback's send also watches
// the stopper and the event loop, so it cannot wait on the state loop
// forever.
type fixedState struct {
	*multiRaft
}

func (s *fixedState) handleWriteResponse() {
	s.sendEvent(&EventMembershipChangeCommitted{
		Callback: func() {
			select {
			case s.callbackChan <- func() { time.Sleep(time.Nanosecond) }:
			case <-s.stopper.ShouldStop():
			}
		},
	})
}

func run(stopper *Stopper) {
	m := &multiRaft{
		stopper:      stopper,
		events:       make(chan interface{}),
		callbackChan: make(chan func()),
	}
	st := &store{multiraft: m}
	s := &state{m}
	go st.processRaft()
	go s.start()
	fs := &fixedState{m}
	go fs.handleWriteResponse()
}
