package gl101

import (
	"errors"
	"time"
)

// A goroutine whose select has a way out that can never be taken: the quit
// channel is made but nothing in the package ever closes it or sends on it
// (Stop was changed to set a flag). The select is then a plain send, and
// the caller that gives up on the result abandons it.

type resolveResult struct {
	addr string
	err  error
}

// resolver looks names up in the background.
type resolver struct {
	quit    chan struct{}
	stopped bool
	lookup  func(name string) (string, error)
}

func newResolver(lookup func(string) (string, error)) *resolver {
	return &resolver{quit: make(chan struct{}), lookup: lookup}
}

// stop used to close r.quit; now it only sets a flag.
func (r *resolver) stop() { r.stopped = true }

// resolve gives up after the timeout. The goroutine's quit case never
// fires, so its send blocks forever once resolve has returned.
func (r *resolver) resolve(name string, timeout time.Duration) (string, error) {
	out := make(chan resolveResult)
	go func() {
		addr, err := r.lookup(name)
		select {
		case out <- resolveResult{addr, err}: // want "GL101"
		case <-r.quit:
		}
	}()
	select {
	case res := <-out:
		return res.addr, res.err
	case <-time.After(timeout):
		return "", errors.New("resolve: timeout")
	}
}

// fetcher is the corrected variant: close stops every pending goroutine.
type fetcher struct {
	quit  chan struct{}
	fetch func(key string) ([]byte, error)
}

func newFetcher(fetch func(string) ([]byte, error)) *fetcher {
	return &fetcher{quit: make(chan struct{}), fetch: fetch}
}

func (f *fetcher) close() { close(f.quit) }

func (f *fetcher) get(key string, timeout time.Duration) ([]byte, error) {
	out := make(chan []byte)
	go func() {
		b, err := f.fetch(key)
		if err != nil {
			b = nil
		}
		select {
		case out <- b:
		case <-f.quit:
		}
	}()
	select {
	case b := <-out:
		return b, nil
	case <-time.After(timeout):
		return nil, errors.New("get: timeout")
	}
}
