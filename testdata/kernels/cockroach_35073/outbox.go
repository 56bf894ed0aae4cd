// Package cockroach35073 is modelled on the shape of cockroach#35073: a
// flow's producer pushes rows into a row channel with room for one row,
// consumed by the outbox's goroutine; when the outbox fails to connect it
// returns without telling the row channel that its consumer is gone, so
// the producer's next push finds the buffer full and blocks forever.
package cockroach35073

import (
	"errors"
	"sync"
	"sync/atomic"
)

// ConsumerStatus is what the consumer wants next.
type ConsumerStatus uint32

const (
	// NeedMoreRows asks for more.
	NeedMoreRows ConsumerStatus = iota
	// ConsumerClosed says the consumer is gone.
	ConsumerClosed
)

type row struct {
	vals []int
}

// RowChannel is a channel of rows with a consumer status.
type RowChannel struct {
	consumerStatus uint32
	dataChan       chan row
}

func (rc *RowChannel) initWithBufSize(n int) {
	rc.dataChan = make(chan row, n)
}

// Push sends a row unless the consumer is gone.
func (rc *RowChannel) Push(r row) ConsumerStatus {
	status := ConsumerStatus(atomic.LoadUint32(&rc.consumerStatus))
	switch status {
	case NeedMoreRows:
		// Known miss: the buffer of one is filled across calls and the consumer is a goroutine that returns on an error path; GL107 follows an object's buffer only until a goroutine may receive, and GL101 leaves buffered channels alone.
		rc.dataChan <- r
	case ConsumerClosed:
	}
	return status
}

func (rc *RowChannel) consumerClosed() {
	atomic.StoreUint32(&rc.consumerStatus, uint32(ConsumerClosed))
}

type outbox struct {
	RowChannel
	connect func() error
	sent    int
	err     error
}

func newOutbox(connect func() error) *outbox {
	m := &outbox{connect: connect}
	m.initWithBufSize(1)
	return m
}

func (m *outbox) start(wg *sync.WaitGroup) {
	wg.Add(1)
	go m.run(wg)
}

// run returns on a connection error without marking the consumer closed.
func (m *outbox) run(wg *sync.WaitGroup) {
	defer wg.Done()
	if err := m.connect(); err != nil {
		m.err = err
		return
	}
	for range m.dataChan {
		m.sent++
	}
}

// runFixed has the fix we recall upstream made: every way out tells the
// producer.
func (m *outbox) runFixed(wg *sync.WaitGroup) {
	defer wg.Done()
	defer m.consumerClosed()
	if err := m.connect(); err != nil {
		m.err = err
		return
	}
	for range m.dataChan {
		m.sent++
	}
}

func produce(rows int, fixed bool) {
	m := newOutbox(func() error { return errors.New("no inbound stream") })
	var wg sync.WaitGroup
	if fixed {
		wg.Add(1)
		go m.runFixed(&wg)
	} else {
		m.start(&wg)
	}
	for i := 0; i < rows; i++ {
		if m.Push(row{vals: []int{i}}) == ConsumerClosed {
			break
		}
	}
	close(m.dataChan)
	wg.Wait()
}
