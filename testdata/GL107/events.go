package gl107

import (
	"log"
	"sync"
	"time"
)

type event struct {
	key string
	at  time.Time
}

// registry records keys and publishes an event for each change on its
// events channel. Nothing in the package ever reads events: the first
// publish blocks the writer forever while it holds no lock, and every later
// writer piles up behind it.
type registry struct {
	mu     sync.Mutex
	keys   map[string]string
	events chan event
}

func newRegistry() *registry {
	return &registry{keys: make(map[string]string), events: make(chan event)}
}

func (r *registry) set(k, v string) {
	r.mu.Lock()
	r.keys[k] = v
	r.mu.Unlock()
	r.events <- event{key: k, at: time.Now()} // want "GL107"
}

// auditLog buffers its entries, and a flusher was meant to drain them. It
// was never written: after 16 entries, record blocks forever.
type auditLog struct {
	entries chan string
}

func newAuditLog() *auditLog {
	return &auditLog{entries: make(chan string, 16)}
}

func (a *auditLog) recordAll(lines []string) {
	for _, l := range lines {
		a.entries <- l // want "GL107"
	}
}

// metrics drops samples when nobody listens: the send is in a select with
// a default, so it never blocks. Silent.
type metrics struct {
	samples chan float64
}

func newMetrics() *metrics {
	return &metrics{samples: make(chan float64, 8)}
}

func (m *metrics) observe(v float64) {
	select {
	case m.samples <- v: // ok: the default case drops the sample
	default:
		log.Printf("metrics: dropped sample %v", v)
	}
}

// notifier is the corrected registry: a goroutine started by the
// constructor drains the events channel.
type notifier struct {
	events chan event
}

func newNotifier(handle func(event)) *notifier {
	n := &notifier{events: make(chan event)}
	go func() {
		for ev := range n.events {
			handle(ev)
		}
	}()
	return n
}

func (n *notifier) stop() { close(n.events) }

func (n *notifier) publish(k string) {
	n.events <- event{key: k, at: time.Now()} // ok: the goroutine of newNotifier receives
}
