package gl103

import (
	"bufio"
	"io"
	"os"
	"time"
)

// Long-lived goroutines that range over a channel owned by a struct. The
// goroutine ends only if some method closes that field.

type fileEvent struct {
	path    string
	modTime time.Time
}

// configWatcher polls config files and dispatches changes to a callback.
type configWatcher struct {
	paths    []string
	events   chan fileEvent
	stop     chan struct{}
	onChange func(fileEvent)
}

func newConfigWatcher(paths []string, onChange func(fileEvent)) *configWatcher {
	w := &configWatcher{
		paths:    paths,
		events:   make(chan fileEvent, 16),
		stop:     make(chan struct{}),
		onChange: onChange,
	}
	go w.poll(time.Second)
	go w.dispatch()
	return w
}

// poll returns when stop is closed, and leaves events open.
func (w *configWatcher) poll(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	seen := make(map[string]time.Time)
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			for _, p := range w.paths {
				fi, err := os.Stat(p)
				if err != nil || !fi.ModTime().After(seen[p]) {
					continue
				}
				seen[p] = fi.ModTime()
				w.events <- fileEvent{path: p, modTime: fi.ModTime()}
			}
		}
	}
}

// dispatch outlives the watcher: Close stops poll, but no code closes
// w.events.
func (w *configWatcher) dispatch() {
	for ev := range w.events { // want "GL103"
		w.onChange(ev)
	}
}

// Close stops polling. It closes stop, not events.
func (w *configWatcher) Close() { close(w.stop) }

// auditSink writes audit records to a file from one goroutine.
type auditSink struct {
	records chan string
	f       *os.File
	w       *bufio.Writer
}

func openAuditSink(path string) (*auditSink, error) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	s := &auditSink{records: make(chan string, 64), f: f, w: bufio.NewWriter(f)}
	go s.flushLoop()
	return s, nil
}

func (s *auditSink) record(rec string) { s.records <- rec }

// flushLoop ranges over records, which Close never closes: the goroutine
// outlives the sink, and the records still buffered are lost when Close
// closes the file under it.
func (s *auditSink) flushLoop() {
	for rec := range s.records { // want "GL103"
		_, _ = s.w.WriteString(rec + "\n")
		if len(s.records) == 0 {
			_ = s.w.Flush()
		}
	}
}

// Close closes the file only.
func (s *auditSink) Close() error { return s.f.Close() }

// metricsFlusher is the correct shape: Stop closes the field that run
// ranges over, then waits for run to finish. Not reported.
type metricsFlusher struct {
	points chan float64
	done   chan struct{}
	sum    float64
}

func newMetricsFlusher() *metricsFlusher {
	f := &metricsFlusher{points: make(chan float64, 128), done: make(chan struct{})}
	go f.run()
	return f
}

func (f *metricsFlusher) run() {
	defer close(f.done)
	for p := range f.points {
		f.sum += p
	}
}

func (f *metricsFlusher) add(v float64) { f.points <- v }

// Stop is exported but nothing in the package calls it: a close anywhere
// in the package is enough.
func (f *metricsFlusher) Stop() float64 {
	close(f.points)
	<-f.done
	return f.sum
}

// frameWriter ranges in a literal started by its constructor; the field is
// closed by shutdown. Not reported.
type frameWriter struct {
	frames chan []byte
	conn   io.Writer
}

func startFrameWriter(conn io.Writer) *frameWriter {
	fw := &frameWriter{frames: make(chan []byte, 32), conn: conn}
	go func() {
		for fr := range fw.frames {
			_, _ = fw.conn.Write(fr)
		}
	}()
	return fw
}

func (fw *frameWriter) send(frame []byte) { fw.frames <- frame }

func (fw *frameWriter) shutdown() { close(fw.frames) }
