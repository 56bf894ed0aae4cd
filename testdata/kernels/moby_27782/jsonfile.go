// Package moby27782 is modelled on the shape of moby#27782: the JSON file
// log driver follows a container's log for a reader while holding the
// driver's lock, waiting for file events or for the reader to close; the
// driver's Close, which closes the readers, takes that lock first, so once
// the file stops changing the follower and Close wait for each other.
package moby27782

import (
	"sync"
	"time"
)

// LogWatcher is handed to a log reader.
type LogWatcher struct {
	Msg           chan string
	closeOnce     sync.Once
	closeNotifier chan struct{}
}

// NewLogWatcher makes a watcher.
func NewLogWatcher() *LogWatcher {
	return &LogWatcher{Msg: make(chan string), closeNotifier: make(chan struct{})}
}

// Close tells the follower to stop.
func (w *LogWatcher) Close() {
	w.closeOnce.Do(func() { close(w.closeNotifier) })
}

// WatchClose is closed once the watcher is closed.
func (w *LogWatcher) WatchClose() <-chan struct{} { return w.closeNotifier }

type filePoller struct {
	events chan string
	done   chan struct{}
}

func newFilePoller() *filePoller {
	p := &filePoller{events: make(chan string), done: make(chan struct{})}
	go p.watch(10 * time.Millisecond)
	return p
}

func (p *filePoller) watch(interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			select {
			case p.events <- "write":
			case <-p.done:
				return
			}
		case <-p.done:
			return
		}
	}
}

func (p *filePoller) Close() { close(p.done) }

func followLogs(logWatcher *LogWatcher, poller *filePoller) {
	defer poller.Close()
	for {
		select {
		case e := <-poller.events:
			select {
			case logWatcher.Msg <- e:
			case <-logWatcher.WatchClose():
				return
			}
		// Known miss: the follower waits in a select that also takes file events from a poller goroutine, which could always send; that the file stops changing is not something the model can know.
		case <-logWatcher.WatchClose():
			return
		}
	}
}

// JSONFileLogger writes and follows a container's log.
type JSONFileLogger struct {
	mu      sync.Mutex
	readers map[*LogWatcher]struct{}
}

// ReadLogs starts following the log for a reader.
func (l *JSONFileLogger) ReadLogs() *LogWatcher {
	logWatcher := NewLogWatcher()
	go l.readLogs(logWatcher)
	return logWatcher
}

func (l *JSONFileLogger) readLogs(logWatcher *LogWatcher) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.readers[logWatcher] = struct{}{}
	followLogs(logWatcher, newFilePoller())
	delete(l.readers, logWatcher)
}

// readLogsFixed has the fix we recall upstream made: the lock guards the
// readers map only, not the follow.
func (l *JSONFileLogger) readLogsFixed(logWatcher *LogWatcher) {
	l.mu.Lock()
	l.readers[logWatcher] = struct{}{}
	l.mu.Unlock()
	followLogs(logWatcher, newFilePoller())
	l.mu.Lock()
	delete(l.readers, logWatcher)
	l.mu.Unlock()
}

// Close closes every reader.
func (l *JSONFileLogger) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for r := range l.readers {
		r.Close()
		delete(l.readers, r)
	}
}
