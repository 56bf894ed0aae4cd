package gl106

// A comma-ok receive whose `ok` is false has found its channel closed:
// closing it again, or sending on it, panics.

type chunk struct {
	seq  int
	data []byte
}

// compressStage reads chunks from in and writes them to out. When in is
// closed it closes in again instead of out: the stage panics at the end of
// every stream.
func compressStage(in, out chan chunk, compress func([]byte) []byte) {
	for {
		c, ok := <-in
		if !ok {
			close(in) // want "GL106"
			return
		}
		out <- chunk{seq: c.seq, data: compress(c.data)}
	}
}

type mailbox struct {
	inbox chan chunk
	quit  chan struct{}
}

// pump requeues the last chunk once the inbox is closed: the send panics.
func (m *mailbox) pump(deliver func(chunk) bool) {
	var last chunk
	for {
		select {
		case c, ok := <-m.inbox:
			if ok {
				last = c
				if !deliver(c) {
					return
				}
				continue
			}
			m.inbox <- last // want "GL106"
			return
		case <-m.quit:
			return
		}
	}
}

// The corrected variants below stay silent.

// compressStageFixed closes its output when its input is done.
func compressStageFixed(in <-chan chunk, out chan<- chunk, compress func([]byte) []byte) {
	for {
		c, ok := <-in
		if !ok {
			close(out)
			return
		}
		out <- chunk{seq: c.seq, data: compress(c.data)}
	}
}

// reopen replaces the closed inbox with a fresh one before sending on it.
func (m *mailbox) reopen(c chunk) {
	_, ok := <-m.inbox
	if !ok {
		m.inbox = make(chan chunk, 1)
		m.inbox <- c
	}
}
