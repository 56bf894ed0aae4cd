// Package cockroach35931 is modelled on the shape of cockroach#35931: when
// a flow times out waiting for its inbound streams, the flow registry
// pushes an error to each pending stream's receiver in turn, in the
// registry's goroutine; a receiver is a row channel with a buffer of one
// that already holds a row nobody will read, so the push blocks forever.
package cockroach35931

import (
	"errors"
	"sync"
)

type metadata struct {
	err error
}

// RowReceiver receives rows and metadata.
type RowReceiver interface {
	Push(meta *metadata)
	ProducerDone()
}

// RowChannel is a buffered channel of metadata.
type RowChannel struct {
	dataChan chan *metadata
}

func (rc *RowChannel) initWithBufSize(n int) {
	rc.dataChan = make(chan *metadata, n)
}

// Push sends the metadata on the channel.
func (rc *RowChannel) Push(meta *metadata) {
	rc.dataChan <- meta
}

// next is the flow's processor reading its input; a flow that timed out
// never started it.
func (rc *RowChannel) next() (*metadata, bool) {
	meta, ok := <-rc.dataChan
	return meta, ok
}

// ProducerDone closes the channel.
func (rc *RowChannel) ProducerDone() {
	close(rc.dataChan)
}

type inboundStreamInfo struct {
	receiver  RowReceiver
	connected bool
}

type flowEntry struct {
	inboundStreams map[int]*inboundStreamInfo
}

type flow struct {
	inputs []*RowChannel
	errs   []error
}

func (f *flow) run() {
	for _, in := range f.inputs {
		for {
			meta, ok := in.next()
			if !ok {
				break
			}
			f.errs = append(f.errs, meta.err)
		}
	}
}

type flowRegistry struct {
	sync.Mutex
	flows map[int]*flowEntry
}

func (fr *flowRegistry) cancelPendingStreamsLocked(id int) []RowReceiver {
	entry := fr.flows[id]
	var pending []RowReceiver
	for _, is := range entry.inboundStreams {
		if !is.connected {
			pending = append(pending, is.receiver)
			is.connected = true
		}
	}
	return pending
}

var errTimeout = errors.New("no inbound stream connection")

func (fr *flowRegistry) timeoutFlow(id int) {
	fr.Lock()
	pending := fr.cancelPendingStreamsLocked(id)
	fr.Unlock()
	for _, r := range pending {
		// Known miss: the receivers are interface values kept in a map of the registry; the channel behind them is open to the model, and its buffer was filled by another call.
		r.Push(&metadata{err: errTimeout})
		r.ProducerDone()
	}
}

// timeoutFlowFixed has the fix we recall upstream made: each push runs in
// its own goroutine, so a full receiver holds only that goroutine.
func (fr *flowRegistry) timeoutFlowFixed(id int) {
	fr.Lock()
	pending := fr.cancelPendingStreamsLocked(id)
	fr.Unlock()
	for _, r := range pending {
		go func(r RowReceiver) {
			r.Push(&metadata{err: errTimeout})
			r.ProducerDone()
		}(r)
	}
}

func setupFlow(fr *flowRegistry, id int) *RowChannel {
	left := &RowChannel{}
	left.initWithBufSize(1)
	right := &RowChannel{}
	right.initWithBufSize(1)
	fr.Lock()
	fr.flows[id] = &flowEntry{inboundStreams: map[int]*inboundStreamInfo{
		0: {receiver: left},
		1: {receiver: right},
	}}
	fr.Unlock()
	left.Push(&metadata{})
	if id%2 == 0 {
		f := &flow{inputs: []*RowChannel{left, right}}
		go f.run()
	}
	return left
}
