package gl104

import (
	"sync"
)

// logEntry is one record of a replicated log.
type logEntry struct {
	term  uint64
	index uint64
	data  []byte
}

// replicateBatch copies a batch from the leader's log to one follower
// using two goroutines started by the same function: a shipper that sends
// entries and a follower loop that applies them and acknowledges.
//
// The shipper was made to wait for an acknowledgement of the previous
// batch before shipping the next one, and the first batch is no
// exception: it waits on <-acks before the first entries <- e. The
// follower waits on <-entries before its first acks <- i. Neither of the
// two goroutines can start.
func replicateBatch(batch []logEntry, apply func(logEntry) error) []error {
	entries := make(chan logEntry)
	acks := make(chan uint64)
	var wg sync.WaitGroup
	var errs []error
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, e := range batch {
			<-acks // want "GL104"
			entries <- e
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

// snapshotTransfer moves a snapshot between a sender and a receiver
// goroutine. Each sends its metadata before reading the peer's, over
// unbuffered channels: the sender blocks on senderMeta <- ..., the
// receiver on receiverMeta <- ..., and each waits for a receive the other
// reaches only after its own send.
func snapshotTransfer(lastIndex, followerIndex uint64, chunks [][]byte, store func([]byte), expect func(uint64)) {
	senderMeta := make(chan uint64)
	receiverMeta := make(chan uint64)
	done := make(chan struct{})
	go func() {
		senderMeta <- lastIndex // want "GL104"
		have := <-receiverMeta
		for i, c := range chunks {
			if uint64(i) >= have {
				store(c)
			}
		}
		close(done)
	}()
	go func() {
		receiverMeta <- followerIndex
		expect(<-senderMeta)
	}()
	<-done
}
