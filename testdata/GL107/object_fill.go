package gl107

import (
	"log"
	"net/http"
	"sync"
)

// A channel field of an object built by a constructor of the package is
// filled across calls: by the function that built the object and by the
// methods it calls on it, before anything receives from the channel. The
// send that finds the buffer full blocks forever.

type reloadEvent struct {
	kind string
	key  string
}

// eventServer reloads its configuration on events; the event loop is the
// only receiver of events.
type eventServer struct {
	name   string
	events chan reloadEvent
	quit   chan struct{}
	done   chan struct{}
	loaded int
}

func newEventServer(name string) *eventServer {
	return &eventServer{
		name:   name,
		events: make(chan reloadEvent, 1),
		quit:   make(chan struct{}),
		done:   make(chan struct{}),
	}
}

// Start queues the initial load, then starts the loop that drains the
// queue: with one event already queued by the caller, the send blocks
// before the loop exists.
func (s *eventServer) Start() {
	s.events <- reloadEvent{kind: "initial", key: s.name} // want "GL107"
	go s.loop()
}

// Publish queues an event for the loop.
func (s *eventServer) Publish(ev reloadEvent) {
	s.events <- ev
}

func (s *eventServer) loop() {
	defer close(s.done)
	for {
		select {
		case ev := <-s.events:
			s.loaded++
			log.Printf("%s: reload %s %s", s.name, ev.kind, ev.key)
		case <-s.quit:
			return
		}
	}
}

// Stop ends the loop and waits for it.
func (s *eventServer) Stop() {
	close(s.quit)
	<-s.done
}

// runPrimed publishes a reload before starting the server: Start's own
// send finds the buffer of one full.
func runPrimed(name string) *eventServer {
	s := newEventServer(name)
	s.Publish(reloadEvent{kind: "reload", key: "all"})
	s.Start()
	return s
}

// jobQueue hands jobs to one worker.
type jobQueue struct {
	jobs chan func()
	wg   sync.WaitGroup
}

func newJobQueue() *jobQueue {
	q := &jobQueue{}
	q.jobs = make(chan func(), 2)
	return q
}

// add queues a job.
func (q *jobQueue) add(job func()) {
	q.wg.Add(1)
	q.jobs <- job // want "GL107"
}

// queueThree queues three jobs into a buffer of two before the worker
// starts: the third add blocks.
func queueThree(a, b, c func()) {
	q := newJobQueue()
	q.add(a)
	q.add(b)
	q.add(c)
	go q.work()
	q.wg.Wait()
}

func (q *jobQueue) work() {
	for job := range q.jobs {
		job()
		q.wg.Done()
	}
}

// resultWatcher reports each change on an unbuffered channel.
type resultWatcher struct {
	path    string
	changes chan string
}

func newResultWatcher(path string) (*resultWatcher, error) {
	if path == "" {
		return nil, http.ErrMissingFile
	}
	return &resultWatcher{path: path, changes: make(chan string)}, nil
}

// prime reports the current state, then tells the caller it is ready.
func (w *resultWatcher) prime() {
	w.emit(w.path)
}

func (w *resultWatcher) emit(p string) {
	w.changes <- p // want "GL107"
}

// watchPrimed primes the watcher before starting its reader: nothing
// receives from the unbuffered channel yet, two calls down.
func watchPrimed(path string) error {
	w, err := newResultWatcher(path)
	if err != nil {
		return err
	}
	w.prime()
	go func() {
		for c := range w.changes {
			log.Print(c)
		}
	}()
	return nil
}

// stage is a pipeline stage built in place by its caller.
type stage struct {
	in  chan int
	out chan int
}

// runStage fills the input of a stage before starting it: the buffer
// holds two, the third send blocks.
func runStage(a, b, c int) int {
	st := &stage{in: make(chan int, 2), out: make(chan int)}
	st.in <- a
	st.in <- b
	st.in <- c // want "GL107"
	close(st.in)
	go st.run()
	return <-st.out
}

func (st *stage) run() {
	sum := 0
	for v := range st.in {
		sum += v
	}
	st.out <- sum
}

// The corrected variants: nothing below is reported.

// okServer starts its loop before sending.
type okServer struct {
	events chan reloadEvent
	quit   chan struct{}
}

func newOKServer() *okServer {
	return &okServer{events: make(chan reloadEvent, 1), quit: make(chan struct{})}
}

func (s *okServer) Start() {
	go s.loop()
	s.events <- reloadEvent{kind: "initial"}
}

func (s *okServer) loop() {
	for {
		select {
		case <-s.events:
		case <-s.quit:
			return
		}
	}
}

func runOKServer() *okServer {
	s := newOKServer()
	s.events <- reloadEvent{kind: "reload"}
	s.Start()
	return s
}

// roomyServer has room for the caller's event and its own.
type roomyServer struct {
	events chan reloadEvent
}

func newRoomyServer() *roomyServer {
	return &roomyServer{events: make(chan reloadEvent, 2)}
}

func (s *roomyServer) Start() {
	s.events <- reloadEvent{kind: "initial"}
	go func() {
		for range s.events {
		}
	}()
}

func runRoomyServer() {
	s := newRoomyServer()
	s.events <- reloadEvent{kind: "reload"}
	s.Start()
}

// politeServer drops its initial event when the queue is full.
type politeServer struct {
	events chan reloadEvent
}

func newPoliteServer() *politeServer {
	return &politeServer{events: make(chan reloadEvent, 1)}
}

func (s *politeServer) Start() {
	select {
	case s.events <- reloadEvent{kind: "initial"}:
	default:
	}
	go func() {
		for range s.events {
		}
	}()
}

func runPoliteServer() {
	s := newPoliteServer()
	s.events <- reloadEvent{kind: "reload"}
	s.Start()
}

// warmServer's caller queues an event only when asked to: the buffer may
// be empty when Start sends.
type warmServer struct {
	events chan reloadEvent
}

func newWarmServer() *warmServer {
	return &warmServer{events: make(chan reloadEvent, 1)}
}

func (s *warmServer) Start() {
	s.events <- reloadEvent{kind: "initial"}
	go func() {
		for range s.events {
		}
	}()
}

func runWarmServer(warm bool) {
	s := newWarmServer()
	if warm {
		s.events <- reloadEvent{kind: "reload"}
	}
	s.Start()
}

// drainedServer's caller takes its own event back before Start.
type drainedServer struct {
	events chan reloadEvent
}

func newDrainedServer() *drainedServer {
	return &drainedServer{events: make(chan reloadEvent, 1)}
}

func (s *drainedServer) Start() {
	s.events <- reloadEvent{kind: "initial"}
	go func() {
		for range s.events {
		}
	}()
}

// reset empties the queue.
func (s *drainedServer) reset() {
	for len(s.events) > 0 {
		<-s.events
	}
}

func runDrainedServer() {
	s := newDrainedServer()
	s.events <- reloadEvent{kind: "reload"}
	s.reset()
	s.Start()
}

// sharedServer is registered before its events are queued: the handler
// may drain them.
type sharedServer struct {
	events chan reloadEvent
}

func newSharedServer() *sharedServer {
	return &sharedServer{events: make(chan reloadEvent, 1)}
}

func (s *sharedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	<-s.events
}

func (s *sharedServer) Start() {
	s.events <- reloadEvent{kind: "initial"}
}

func runSharedServer() {
	s := newSharedServer()
	http.Handle("/events", s)
	s.events <- reloadEvent{kind: "reload"}
	s.Start()
}

// sizedServer's buffer is sized by its caller: its capacity is unknown.
type sizedServer struct {
	events chan reloadEvent
}

func newSizedServer(size int) *sizedServer {
	return &sizedServer{events: make(chan reloadEvent, size)}
}

func (s *sizedServer) Start() {
	s.events <- reloadEvent{kind: "initial"}
	go func() {
		for range s.events {
		}
	}()
}

func runSizedServer(size int) {
	s := newSizedServer(size)
	s.events <- reloadEvent{kind: "reload"}
	s.Start()
}

// quietServer announces itself only when configured to: Start does not
// send on every way through it.
type quietServer struct {
	announce bool
	events   chan reloadEvent
}

func newQuietServer(announce bool) *quietServer {
	return &quietServer{announce: announce, events: make(chan reloadEvent, 1)}
}

func (s *quietServer) Start() {
	if s.announce {
		s.events <- reloadEvent{kind: "initial"}
	}
	go func() {
		for range s.events {
		}
	}()
}

func runQuietServer() {
	s := newQuietServer(false)
	s.events <- reloadEvent{kind: "reload"}
	s.Start()
}

// eagerServer's constructor starts the loop itself: the object is never
// without a receiver.
type eagerServer struct {
	events chan reloadEvent
}

func newEagerServer() *eagerServer {
	s := &eagerServer{events: make(chan reloadEvent, 1)}
	go s.loop()
	return s
}

func (s *eagerServer) loop() {
	for range s.events {
	}
}

func (s *eagerServer) Start() {
	s.events <- reloadEvent{kind: "initial"}
}

func runEagerServer() {
	s := newEagerServer()
	s.events <- reloadEvent{kind: "reload"}
	s.Start()
}

// pairServer: two objects, one event each; each buffer holds its own.
type pairServer struct {
	events chan reloadEvent
}

func newPairServer() *pairServer {
	return &pairServer{events: make(chan reloadEvent, 1)}
}

func (s *pairServer) run() {
	for range s.events {
	}
}

func runPair() {
	a := newPairServer()
	b := newPairServer()
	a.events <- reloadEvent{kind: "a"}
	b.events <- reloadEvent{kind: "b"}
	go a.run()
	go b.run()
}

// flusher writes batches when signalled; Start signals a first flush.
// Its test pre-fills the signal channel (object_fill_test.go).
type flusher struct {
	signal  chan struct{}
	flushed int
}

func newFlusher() *flusher {
	return &flusher{signal: make(chan struct{}, 1)}
}

func (f *flusher) Start(stop <-chan struct{}) {
	f.signal <- struct{}{} // want "GL107"
	go func() {
		for {
			select {
			case <-f.signal:
				f.flushed++
			case <-stop:
				return
			}
		}
	}()
}

// safeFlusher signals without blocking when a flush is already pending.
type safeFlusher struct {
	signal  chan struct{}
	flushed int
}

func newSafeFlusher() *safeFlusher {
	return &safeFlusher{signal: make(chan struct{}, 1)}
}

func (f *safeFlusher) poke() {
	select {
	case f.signal <- struct{}{}:
	default:
	}
}

func (f *safeFlusher) Start(stop <-chan struct{}) {
	f.poke()
	go func() {
		for {
			select {
			case <-f.signal:
				f.flushed++
			case <-stop:
				return
			}
		}
	}()
}

// runPremade hands the channel to its reader before building the stage
// around it: the reader drains the buffer. Silent.
func runPremade(a, b int) {
	in := make(chan int, 1)
	go func() {
		for range in {
		}
	}()
	st := &stage{in: in, out: make(chan int)}
	st.in <- a
	st.in <- b
}

// tokenBucket's constructor fills the bucket: what it sends is in the
// buffer when the caller gets the bucket.
type tokenBucket struct {
	tokens chan struct{}
}

func newTokenBucket() *tokenBucket {
	b := &tokenBucket{tokens: make(chan struct{}, 2)}
	b.refill()
	return b
}

// refill puts two tokens in the bucket.
func (b *tokenBucket) refill() {
	b.tokens <- struct{}{} // want "GL107"
	b.tokens <- struct{}{}
}

func (b *tokenBucket) take() {
	<-b.tokens
}

// resetBucket refills a bucket that its constructor filled already: the
// first send of refill finds the buffer of two full.
func resetBucket() *tokenBucket {
	b := newTokenBucket()
	b.refill()
	return b
}

// spendAndRefill spends both tokens before refilling: the refill fits.
// Silent.
func spendAndRefill() *tokenBucket {
	b := newTokenBucket()
	b.take()
	b.take()
	b.refill()
	return b
}

// chanMutex is a lock made of a channel of one, unlocked by its
// constructor: every lock receives before the matching unlock sends.
type chanMutex struct {
	unlocked chan struct{}
}

func newChanMutex() *chanMutex {
	mu := &chanMutex{unlocked: make(chan struct{}, 1)}
	mu.unlocked <- struct{}{}
	return mu
}

func (mu *chanMutex) lock()   { <-mu.unlocked }
func (mu *chanMutex) unlock() { mu.unlocked <- struct{}{} }

func withChanMutex(f func()) {
	mu := newChanMutex()
	mu.lock()
	defer mu.unlock()
	f()
}
