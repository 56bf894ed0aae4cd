package gl104

import (
	"strings"
	"sync"
)

// The correct multi-goroutine shapes: data flows one way through the
// stages, or the acknowledgement loop starts with the side that sends.
// Nothing in this file is reported.

// normalizeLines is a three-stage pipeline: split, normalize, collect.
// Every stage only receives from the previous stage and sends to the
// next; there is no path back, so there is no cycle.
func normalizeLines(text string) []string {
	raw := make(chan string)
	clean := make(chan string)
	go func() {
		for _, l := range strings.Split(text, "\n") {
			raw <- l
		}
		close(raw)
	}()
	go func() {
		for l := range raw {
			if l = strings.TrimSpace(l); l != "" {
				clean <- strings.ToLower(l)
			}
		}
		close(clean)
	}()
	var out []string
	for l := range clean {
		out = append(out, l)
	}
	return out
}

// replicateBatchOrdered ships the first batch without waiting and waits
// for the acknowledgement after each send: ship, ack, ship, ack.
func replicateBatchOrdered(batch []logEntry, apply func(logEntry) error) []error {
	entries := make(chan logEntry)
	acks := make(chan uint64)
	var wg sync.WaitGroup
	var errs []error
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, e := range batch {
			entries <- e
			<-acks
		}
		close(entries)
	}()
	go func() {
		defer wg.Done()
		for e := range entries {
			if err := apply(e); err != nil {
				errs = append(errs, err)
			}
			acks <- e.index
		}
	}()
	wg.Wait()
	return errs
}

// snapshotTransferOrdered lets the sender speak first and the receiver
// listen first, then the roles swap.
func snapshotTransferOrdered(lastIndex, followerIndex uint64, chunks [][]byte, store func([]byte), expect func(uint64)) {
	senderMeta := make(chan uint64)
	receiverMeta := make(chan uint64)
	done := make(chan struct{})
	go func() {
		senderMeta <- lastIndex
		have := <-receiverMeta
		for i, c := range chunks {
			if uint64(i) >= have {
				store(c)
			}
		}
		close(done)
	}()
	go func() {
		expect(<-senderMeta)
		receiverMeta <- followerIndex
	}()
	<-done
}

// uploadPartBuffered keeps the writer's body-first order, but the header
// channel has room for one value, so the producer's header send does not
// wait for the writer.
func uploadPartBuffered(index int, body []byte, write func(partHeader, []byte) error) error {
	hdrc := make(chan partHeader, 1)
	bodyc := make(chan []byte)
	errc := make(chan error, 1)
	go func() {
		b := <-bodyc
		h := <-hdrc
		h.sizeOf = len(b)
		errc <- write(h, b)
	}()
	hdrc <- partHeader{index: index}
	bodyc <- body
	return <-errc
}
