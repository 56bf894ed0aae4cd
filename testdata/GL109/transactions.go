package gl109

import (
	"context"
	"errors"
	"sync"
)

// A store hands out transactions. Each transaction has a goroutine that
// releases its key locks once the transaction's context ends, and only
// Commit and Rollback end it: a caller that drops a transaction on some
// path without either leaks that goroutine (and the locks).

type store struct {
	mu      sync.Mutex
	data    map[string]string
	locks   map[string]bool
	current *txn
}

type txn struct {
	s      *store
	ctx    context.Context
	cancel context.CancelFunc
	keys   []string
	writes map[string]string
}

func (s *store) begin() (*txn, error) {
	if s.data == nil {
		return nil, errors.New("store closed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	t := &txn{s: s, ctx: ctx, cancel: cancel, writes: map[string]string{}}
	go t.releaseLocks()
	return t, nil
}

// releaseLocks waits for the end of the transaction.
func (t *txn) releaseLocks() {
	<-t.ctx.Done()
	t.s.mu.Lock()
	for _, k := range t.keys {
		delete(t.s.locks, k)
	}
	t.s.mu.Unlock()
}

func (t *txn) get(k string) (string, bool) {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	v, ok := t.s.data[k]
	return v, ok
}

func (t *txn) put(k, v string) error {
	if k == "" {
		return errors.New("empty key")
	}
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	if t.s.locks[k] {
		return errors.New("key locked")
	}
	t.s.locks[k] = true
	t.keys = append(t.keys, k)
	t.writes[k] = v
	return nil
}

func (t *txn) Commit() error {
	t.s.mu.Lock()
	for k, v := range t.writes {
		t.s.data[k] = v
	}
	t.s.mu.Unlock()
	t.cancel()
	return nil
}

func (t *txn) Rollback() { t.cancel() }

// copyKey returns on a failed put without ending the transaction.
func (s *store) copyKey(from, to string) error {
	t, err := s.begin() // want "GL109"
	if err != nil {
		return err
	}
	v, ok := t.get(from)
	if !ok {
		t.Rollback()
		return errors.New("no such key")
	}
	if err := t.put(to, v); err != nil {
		return err
	}
	return t.Commit()
}

// copyKeyFixed rolls back on every path (after Commit, a no-op): silent.
func (s *store) copyKeyFixed(from, to string) error {
	t, err := s.begin()
	if err != nil {
		return err
	}
	defer t.Rollback()
	v, ok := t.get(from)
	if !ok {
		return errors.New("no such key")
	}
	if err := t.put(to, v); err != nil {
		return err
	}
	return t.Commit()
}

// ping opens a transaction to see whether the store is open and drops it.
func (s *store) ping() error {
	_, err := s.begin() // want "GL109"
	return err
}

// swap rolls back in a deferred closure when it fails: the closure holds
// the transaction, silent.
func (s *store) swap(a, b string) (err error) {
	t, err := s.begin()
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			t.Rollback()
		}
	}()
	va, _ := t.get(a)
	vb, _ := t.get(b)
	if err = t.put(a, vb); err != nil {
		return err
	}
	if err = t.put(b, va); err != nil {
		return err
	}
	return t.Commit()
}

// Begin hands the transaction to its caller, who ends it: silent.
func (s *store) Begin() (*txn, error) {
	return s.begin()
}

// beginCurrent keeps the transaction in the store, which ends it later:
// silent.
func (s *store) beginCurrent() error {
	t, err := s.begin()
	if err != nil {
		return err
	}
	s.current = t
	return t.put("owner", "me")
}

// withTxn passes the transaction to a callback and ends it itself: silent.
func (s *store) withTxn(fn func(*txn) error) error {
	t, err := s.begin()
	if err != nil {
		return err
	}
	if err := fn(t); err != nil {
		t.Rollback()
		return err
	}
	return t.Commit()
}

// A transaction made under a caller's context ends with that context.

type scopedTxn struct {
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
}

func beginScoped(parent context.Context) *scopedTxn {
	ctx, cancel := context.WithCancel(parent)
	t := &scopedTxn{ctx: ctx, cancel: cancel, done: make(chan struct{})}
	go func() {
		<-ctx.Done()
		close(t.done)
	}()
	return t
}

func (t *scopedTxn) Rollback() { t.cancel() }

// scopedWork runs under its caller's context, which may be cancelled:
// silent.
func scopedWork(ctx context.Context, fail bool) error {
	t := beginScoped(ctx)
	if fail {
		return errors.New("failed")
	}
	t.Rollback()
	return nil
}

// backgroundWork derives from context.Background(): nothing but Rollback
// ends the transaction, and the failing path skips it.
func backgroundWork(fail bool) error {
	t := beginScoped(context.Background()) // want "GL109"
	if fail {
		return errors.New("failed")
	}
	t.Rollback()
	return nil
}

// backgroundWorkFixed rolls back on both paths: silent.
func backgroundWorkFixed(fail bool) error {
	t := beginScoped(context.Background())
	defer t.Rollback()
	if fail {
		return errors.New("failed")
	}
	return nil
}
