package gl101

// Worker pools whose workers quit when told to. A worker told to quit by
// the very goroutine that feeds it, after its last job, leaves no one
// behind; one stopped by someone else while the feeder still runs does.

type poolJob func()

type poolWorker struct {
	free chan *poolWorker
	jobs chan poolJob
	stop chan struct{}
}

func newPoolWorker(free chan *poolWorker) *poolWorker {
	return &poolWorker{free: free, jobs: make(chan poolJob), stop: make(chan struct{})}
}

func (w *poolWorker) start() {
	go func() {
		for {
			// Announce itself free, then wait for a job or the stop.
			w.free <- w
			select {
			case job := <-w.jobs:
				job()
			case <-w.stop:
				w.stop <- struct{}{}
				return
			}
		}
	}()
}

// poolDispatcher hands each job to a free worker; on stop it stops every
// worker and returns: no job is sent after a worker was told to quit.
type poolDispatcher struct {
	free  chan *poolWorker
	queue chan poolJob
	quit  chan struct{}
}

func newPoolDispatcher(n int, queue chan poolJob) *poolDispatcher {
	d := &poolDispatcher{free: make(chan *poolWorker, n), queue: queue, quit: make(chan struct{})}
	for i := 0; i < n; i++ {
		newPoolWorker(d.free).start()
	}
	go d.dispatch()
	return d
}

func (d *poolDispatcher) dispatch() {
	for {
		select {
		case job := <-d.queue:
			w := <-d.free
			w.jobs <- job
		case <-d.quit:
			for i := 0; i < cap(d.free); i++ {
				w := <-d.free
				w.stop <- struct{}{}
				<-w.stop
			}
			d.quit <- struct{}{}
			return
		}
	}
}

func (d *poolDispatcher) release() {
	d.quit <- struct{}{}
	<-d.quit
}

// leakyWorker is stopped by its owner's Close while submit, on another
// goroutine, may still hand it a job.
type leakyWorker struct {
	jobs chan poolJob
	stop chan struct{}
}

func newLeakyWorker() *leakyWorker {
	w := &leakyWorker{jobs: make(chan poolJob), stop: make(chan struct{})}
	go w.loop()
	return w
}

func (w *leakyWorker) loop() {
	for {
		select {
		case job := <-w.jobs:
			job()
		case <-w.stop:
			return
		}
	}
}

func (w *leakyWorker) submit(job poolJob) {
	w.jobs <- job // want "GL101"
}

func (w *leakyWorker) Close() { close(w.stop) }

// relayWorker's feeder stops it on a signal but keeps looping: the next
// job is sent to a worker that has returned.
type relayWorker struct {
	jobs chan poolJob
	stop chan struct{}
}

func newRelayWorker() *relayWorker {
	w := &relayWorker{jobs: make(chan poolJob), stop: make(chan struct{})}
	go w.loop()
	return w
}

func (w *relayWorker) loop() {
	for {
		select {
		case job := <-w.jobs:
			job()
		case <-w.stop:
			return
		}
	}
}

func (w *relayWorker) feed(in <-chan poolJob, pause <-chan struct{}) {
	for {
		select {
		case job := <-in:
			w.jobs <- job // want "GL101"
		case <-pause:
			w.stop <- struct{}{}
		}
	}
}
