// Package kubernetes5316 is modelled on the shape of kubernetes#5316: an API
// server handler runs the request in a goroutine that reports its result, its
// error or its panic on unbuffered channels, and gives up on a timeout, after
// which the goroutine blocks forever on its send.
package kubernetes5316

import (
	"errors"
	"fmt"
	"time"
)

// RESTFunc is the work of one request.
type RESTFunc func() (interface{}, error)

var errTimeout = errors.New("request did not complete within allowed duration")

// finishRequest waits at most timeout for fn. The three channels are
// unbuffered: once the timeout wins, the goroutine's send has no receiver.
func finishRequest(timeout time.Duration, fn RESTFunc) (result interface{}, err error) {
	ch := make(chan interface{})
	errCh := make(chan error)
	panicCh := make(chan interface{})
	go func() {
		defer func() {
			if panicReason := recover(); panicReason != nil {
				panicCh <- panicReason // want "GL101"
			}
		}()
		if res, err := fn(); err != nil {
			errCh <- err // want "GL101"
		} else {
			ch <- res // want "GL101"
		}
	}()

	select {
	case result = <-ch:
		return result, nil
	case err = <-errCh:
		return nil, err
	case p := <-panicCh:
		panic(p)
	case <-time.After(timeout):
		return nil, errTimeout
	}
}

// finishRequestFixed is the fix we recall upstream made: every channel has room for the one
// value the goroutine sends, so it finishes whoever is listening.
func finishRequestFixed(timeout time.Duration, fn RESTFunc) (result interface{}, err error) {
	ch := make(chan interface{}, 1)
	errCh := make(chan error, 1)
	panicCh := make(chan interface{}, 1)
	go func() {
		defer func() {
			if panicReason := recover(); panicReason != nil {
				panicCh <- panicReason
			}
		}()
		if res, err := fn(); err != nil {
			errCh <- err
		} else {
			ch <- res
		}
	}()

	select {
	case result = <-ch:
		return result, nil
	case err = <-errCh:
		return nil, err
	case p := <-panicCh:
		panic(p)
	case <-time.After(timeout):
		return nil, errTimeout
	}
}

// handle is the caller in the API server.
func handle(slow bool) string {
	fn := func() (interface{}, error) {
		if slow {
			time.Sleep(time.Second)
		}
		return "ok", nil
	}
	if _, err := finishRequest(10*time.Millisecond, fn); err != nil {
		return err.Error()
	}
	res, err := finishRequestFixed(10*time.Millisecond, fn)
	return fmt.Sprint(res, err)
}
