// Package cockroach9935 is modelled on the shape of cockroach#9935: the
// logger writes an entry holding its lock and, when the log file cannot be
// created, calls `exit`, which locks the logger again to flush it.
package cockroach9935

import (
	"errors"
	"fmt"
	"os"
	"sync"
)

type loggingT struct {
	mu       sync.Mutex
	file     *os.File
	noStderr bool
	exitFunc func(int)
}

func (l *loggingT) createFile() error {
	if l.file == nil {
		return errors.New("log file not created")
	}
	return nil
}

// outputLogEntry writes one entry.
func (l *loggingT) outputLogEntry(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.createFile(); err != nil {
		l.exit(err) // want "GL202"
		return
	}
	fmt.Fprintln(l.file, s)
}

// exit flushes the logs and exits.
func (l *loggingT) exit(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.exitLocked(err)
}

// exitLocked expects l.mu held.
func (l *loggingT) exitLocked(err error) {
	fmt.Fprintf(os.Stderr, "log: exiting because of error: %s\n", err)
	if l.file != nil {
		_ = l.file.Sync()
	}
	if l.exitFunc != nil {
		l.exitFunc(2)
	}
}

// outputLogEntryFixed is upstream's fix: call the variant that expects the
// lock held.
func (l *loggingT) outputLogEntryFixed(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.createFile(); err != nil {
		l.exitLocked(err)
		return
	}
	fmt.Fprintln(l.file, s)
}
