package gl107

import (
	"errors"
	"log"
)

// Sends made by helpers of the package count where the helper is called:
// a helper that sends, called more often than the buffer holds before the
// receiving goroutine starts, blocks forever.

type task struct {
	id      int
	payload []byte
}

// schedule puts one task in the queue.
func schedule(q chan<- task, t task) {
	q <- t // want "GL107"
}

// warmUp queues two tasks before the worker exists: the buffer holds one,
// and the second schedule blocks forever, before the worker is started.
func warmUp(first, second task, run func(task)) {
	q := make(chan task, 1)
	schedule(q, first)
	schedule(q, second)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for t := range q {
			run(t)
		}
	}()
	close(q)
	<-done
}

// submit queues one task for the pool.
func submit(q chan<- task, t task) {
	q <- t // want "GL107"
}

// preload submits every pending task into a queue of four, then starts the
// pool: a fifth task blocks forever.
func preload(pending []task, run func(task)) {
	q := make(chan task, 4)
	for _, t := range pending {
		submit(q, t)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for t := range q {
			run(t)
		}
	}()
	close(q)
	<-done
}

// report sends an error and its cleanup error, two values per call.
func report(errc chan<- error, err error) {
	// The first value fits in the buffer; the second does not.
	errc <- err
	errc <- errors.New("cleanup after: " + err.Error()) // want "GL107"
}

// failFast reports a failure into a buffer of one: the second value of
// report blocks, and the logger is never started.
func failFast(err error) {
	errc := make(chan error, 1)
	report(errc, err)
	go func() {
		for e := range errc {
			log.Print(e)
		}
	}()
	close(errc)
}

// The corrected variants below stay silent.

// enqueue queues one task.
func enqueue(q chan<- task, t task) {
	q <- t // ok: each caller below has room or a running worker
}

// warmUpStarted starts the worker first: it drains the queue as tasks
// arrive.
func warmUpStarted(first, second task, run func(task)) {
	q := make(chan task, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for t := range q {
			run(t)
		}
	}()
	enqueue(q, first)
	enqueue(q, second)
	close(q)
	<-done
}

// warmUpBuffered gives the queue room for both tasks.
func warmUpBuffered(first, second task, run func(task)) {
	q := make(chan task, 2)
	enqueue(q, first)
	enqueue(q, second)
	close(q)
	for t := range q {
		run(t)
	}
}

// preloadSized makes the queue as large as the pending list.
func preloadSized(pending []task, run func(task)) {
	q := make(chan task, len(pending))
	for _, t := range pending {
		enqueue(q, t)
	}
	close(q)
	for t := range q {
		run(t)
	}
}

// forwardTask hands the queue on to a goroutine: the helper is not a mere
// sender, and the walk stops at its call.
func forwardTask(q chan task, t task, run func(task)) {
	go func() {
		for t := range q {
			run(t)
		}
	}()
	q <- t
}

// handOff calls forwardTask twice; the first call starts a receiver.
func handOff(a, b task, run func(task)) {
	q := make(chan task, 1)
	forwardTask(q, a, run)
	forwardTask(q, b, run)
	close(q)
}
