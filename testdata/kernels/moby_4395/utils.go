// Package moby4395 is modelled on the shape of moby#4395: a helper runs a
// function in a goroutine and returns an unbuffered channel for its error;
// a caller that does not wait for the result leaves the goroutine blocked on
// its send. The fixed variant gives the channel room for the one error.
package moby4395

import (
	"errors"
	"io"
)

// goAsync runs f in a goroutine and returns the channel its error comes on.
func goAsync(f func() error) chan error {
	ch := make(chan error)
	go func() {
		ch <- f() // want "GL107"
	}()
	return ch
}

// goAsyncFixed buffers the one result.
func goAsyncFixed(f func() error) chan error {
	ch := make(chan error, 1)
	go func() {
		ch <- f()
	}()
	return ch
}

var errShortWrite = errors.New("short write")

// attach copies the container's output; the error of the copy is never
// read.
func attach(dst io.Writer, src io.Reader) {
	goAsync(func() error {
		_, err := io.Copy(dst, src)
		return err
	})
}

func attachFixed(dst io.Writer, src io.Reader) {
	goAsyncFixed(func() error {
		n, err := io.Copy(dst, src)
		if err == nil && n == 0 {
			return errShortWrite
		}
		return err
	})
}
