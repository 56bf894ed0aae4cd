package gl404

import (
	"fmt"
	"log"
	"net/http"
	"time"
)

// Server is an HTTP API with access logging.
type Server struct {
	stats *statsRecorder
	mux   *http.ServeMux
}

type sample struct {
	op   string
	took time.Duration
}

type statsRecorder struct {
	samples chan sample
}

func (r *statsRecorder) add(s sample) {
	select {
	case r.samples <- s:
	default: // drop when the recorder is behind
	}
}

func (r *statsRecorder) lazy(op string, took func() time.Duration) {
	r.add(sample{op: op, took: took()})
}

// ServeHTTP logs a latency that is always about zero.
func (s *Server) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	start := time.Now()
	defer log.Printf("%s %s took %v", req.Method, req.URL.Path, time.Since(start)) // want "GL404"
	defer requestLatency.Observe(time.Since(start).Seconds())                      // want "GL404"
	s.mux.ServeHTTP(w, req)
}

// get records a sample whose duration is computed inside a composite
// literal argument.
func (s *Server) get(key string) string {
	start := time.Now()
	defer s.stats.add(sample{op: "get", took: time.Since(start)}) // want "GL404"
	return key
}

// migrate prints with fmt and a multi-line call: the finding is on the line
// of the time.Since call.
func migrate(version int, steps []string) {
	t0 := time.Now()
	defer fmt.Println("migration", version, "elapsed", time.Since(t0)) // want "GL404"
	defer log.Printf("migrate to v%d: %d steps in %v",
		version, len(steps),
		time.Since(t0)) // want "GL404"
	for _, s := range steps {
		log.Println("step", s)
	}
}

// releaseLease logs the time left on the lease, computed at the defer.
func releaseLease(id string, expiry time.Time) {
	defer log.Printf("lease %s released with %v left", id, time.Until(expiry)) // want "GL404"
	defer log.Printf("lease %s: slack %v", id, expiry.Sub(time.Now()))         // want "GL404"
	log.Printf("using lease %s", id)
}

// twoDurations: one finding per defer statement, at the first offending
// call.
func twoDurations(queued, started time.Time) {
	defer log.Printf("queued %v, ran %v", time.Since(queued), time.Since(started)) // want "GL404"
	log.Println("working")
}

// The correct forms below are silent.

// ServeHTTPFixed wraps the log call in a literal.
func (s *Server) ServeHTTPFixed(w http.ResponseWriter, req *http.Request) {
	start := time.Now()
	defer func() {
		log.Printf("%s %s took %v", req.Method, req.URL.Path, time.Since(start)) // ok: evaluated at return
	}()
	s.mux.ServeHTTP(w, req)
}

// getLazy passes a function literal: its body runs when it is called.
func (s *Server) getLazy(key string) string {
	start := time.Now()
	defer s.stats.lazy("get", func() time.Duration { return time.Since(start) }) // ok: the literal is evaluated, not its body
	return key
}

// timeTrack is the classic idiom: the start time is taken at the defer on
// purpose and the duration computed when timeTrack runs.
func timeTrack(start time.Time, name string) {
	log.Printf("%s took %v", name, time.Since(start))
}

func rebuildIndex(docs []string) int {
	defer timeTrack(time.Now(), "rebuildIndex") // ok: bare time.Now() is the start time
	return len(docs)
}

// trace/un is the other classic idiom: trace runs at the defer on purpose.
func trace(msg string) string {
	log.Println("enter", msg)
	return msg
}

func un(msg string) { log.Println("leave", msg) }

func reload() {
	defer un(trace("reload")) // ok: arguments evaluated early on purpose
	log.Println("reloading")
}

// stage returns the function to defer: the callee expression is evaluated
// at the defer on purpose.
func stage(name string) func() {
	start := time.Now()
	return func() { log.Printf("stage %s: %v", name, time.Since(start)) }
}

func build() {
	defer stage("build")() // ok: the callee expression, not an argument
	log.Println("building")
}

// goStatement evaluates the arguments of a go statement now too, which is
// what a go statement is for: out of scope.
func goStatement(start time.Time) {
	go log.Printf("spawned after %v", time.Since(start)) // ok: go, not defer
}
