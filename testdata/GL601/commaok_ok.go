package gl601

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
)

// The comma-ok form never panics: it yields the zero value and false.
// Nothing in this file is reported.

func requestIDChecked(ctx context.Context) (string, bool) {
	id, ok := ctx.Value(requestIDKey).(string) // ok: comma-ok
	return id, ok
}

func portOrDefault(settings map[string]interface{}) int {
	if p, ok := settings["port"].(int); ok { // ok: comma-ok in an if header
		return p
	}
	return 8080
}

func (c *sessionCache) getChecked(id string) *session {
	v, found := c.m.Load(id)
	if !found {
		return nil
	}
	s, _ := v.(*session) // ok: comma-ok with the flag discarded
	return s
}

func (l *liveConfig) currentChecked() (*Config, error) {
	cfg, ok := l.v.Load().(*Config) // ok: comma-ok on atomic.Value.Load
	if !ok {
		return nil, errors.New("config not loaded yet")
	}
	return cfg, nil
}

// reassign uses `=` with two results on existing variables.
func reassign(values []interface{}) (n int, ok bool) {
	for _, v := range values {
		n, ok = v.(int) // ok: comma-ok assignment with `=`
		if ok {
			return n, ok
		}
	}
	return 0, false
}

// varDecl uses a var declaration with two names.
func varDecl(v interface{}) io.Closer {
	var c, ok = v.(io.Closer) // ok: comma-ok in a var declaration
	if !ok {
		return nil
	}
	return c
}

// onlyCheck uses the assertion only as a test.
func onlyCheck(err error) bool {
	_, ok := err.(net.Error) // ok: comma-ok, value discarded
	return ok
}

// intoStructField writes the comma-ok results into fields and map entries.
type probeResult struct {
	closer io.Closer
	ok     bool
}

func intoStructField(v interface{}, seen map[string]bool) probeResult {
	var r probeResult
	r.closer, r.ok = v.(io.Closer)    // ok: comma-ok into fields
	_, seen["closer"] = v.(io.Closer) // ok: comma-ok into a map entry
	return r
}

var loaded atomic.Value

func readLoaded() []string {
	if names, ok := loaded.Load().([]string); ok { // ok: comma-ok
		return names
	}
	return nil
}

// poolGet is the checked variant of the sync.Pool idiom.
var scratchPool = sync.Pool{New: func() interface{} { return make([]byte, 0, 4096) }}

func poolGet() []byte {
	b, ok := scratchPool.Get().([]byte) // ok: comma-ok
	if !ok {
		b = make([]byte, 0, 4096)
	}
	return b[:0]
}

// isTemporary uses errors.As, which needs no assertion at all.
func isTemporary(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
