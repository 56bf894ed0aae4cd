package gl106

import (
	"errors"
	"testing"
)

// Test helpers that never return end the path at their call: a close
// before one and a close after it cannot both run.

type fakeListener struct {
	closed chan struct{}
	fail   bool
}

func (l *fakeListener) shutdown() error {
	if l.fail {
		return errors.New("shutdown failed")
	}
	return nil
}

// mustNot fails the test and stops it: every path ends in t.Fatalf.
func mustNot(t *testing.T, err error) {
	t.Helper()
	t.Fatalf("unexpected error: %v", err)
}

// fatalIf stops the test only when err is not nil: it returns otherwise,
// so a call of it does not end the path.
func fatalIf(t *testing.T, err error) {
	if err != nil {
		mustNot(t, err)
	}
}

func TestListenerShutdown(t *testing.T) {
	l := &fakeListener{closed: make(chan struct{})}
	if err := l.shutdown(); err != nil {
		close(l.closed)
		mustNot(t, err)
	}
	close(l.closed) // ok: mustNot never returns
}

// logOnly reports and goes on: the path continues to the second close.
func logOnly(t *testing.T, err error) {
	t.Logf("shutdown: %v", err)
}

func TestListenerShutdownLogged(t *testing.T) {
	l := &fakeListener{closed: make(chan struct{}), fail: true}
	if err := l.shutdown(); err != nil {
		close(l.closed)
		logOnly(t, err)
	}
	close(l.closed) // want "GL106"
}

func TestListenerShutdownMaybe(t *testing.T) {
	l := &fakeListener{closed: make(chan struct{}), fail: true}
	if err := l.shutdown(); err != nil {
		close(l.closed)
		fatalIf(t, err) // returns when err is nil, which the analysis does not know
	}
	close(l.closed) // want "GL106"
}
