package gl601

import (
	"bytes"
	"container/heap"
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	userKey
)

// User is stored in the request context by the auth middleware.
type User struct {
	ID    string
	Admin bool
}

// requestID trusts whatever a middleware stored under the key.
func requestID(ctx context.Context) string {
	return ctx.Value(requestIDKey).(string) // want "GL601"
}

func requireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := r.Context().Value(userKey).(*User) // want "GL601"
		if !u.Admin {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sessionCache keeps sessions in a sync.Map, whose Load returns interface{}.
type sessionCache struct {
	m sync.Map
}

type session struct {
	user    string
	expires time.Time
}

func (c *sessionCache) get(id string) *session {
	v, found := c.m.Load(id)
	if !found {
		return nil
	}
	return v.(*session) // ok: the package only ever stores a *session in c.m
}

func (c *sessionCache) getOrCreate(id, user string) *session {
	actual, _ := c.m.LoadOrStore(id, &session{user: user, expires: time.Now().Add(time.Hour)})
	return actual.(*session) // ok: the package only ever stores a *session in c.m
}

func (c *sessionCache) expire(now time.Time) {
	c.m.Range(func(k, v interface{}) bool {
		if v.(*session).expires.Before(now) { // want "GL601"
			c.m.Delete(k)
		}
		return true
	})
}

// liveConfig is swapped atomically on reload.
type liveConfig struct {
	v atomic.Value
}

func (l *liveConfig) current() *Config {
	return l.v.Load().(*Config) // want "GL601"
}

var bufPool = sync.Pool{New: func() interface{} { return new(bytes.Buffer) }}

func render(body string) string {
	buf := bufPool.Get().(*bytes.Buffer) // ok: New returns a *bytes.Buffer, Put gets one back
	buf.Reset()
	buf.WriteString(body)
	s := buf.String()
	bufPool.Put(buf)
	return s
}

// timerQueue is a container/heap of deadlines; heap.Pop returns interface{}.
type timerQueue []*timerEntry

type timerEntry struct {
	at  time.Time
	key string
}

func (q timerQueue) Len() int            { return len(q) }
func (q timerQueue) Less(i, j int) bool  { return q[i].at.Before(q[j].at) }
func (q timerQueue) Swap(i, j int)       { q[i], q[j] = q[j], q[i] }
func (q *timerQueue) Push(x interface{}) { *q = append(*q, x.(*timerEntry)) } // want "GL601"
func (q *timerQueue) Pop() interface{} {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

func nextExpired(q *timerQueue, now time.Time) string {
	if q.Len() == 0 || (*q)[0].at.After(now) {
		return ""
	}
	return heap.Pop(q).(*timerEntry).key // want "GL601"
}

// routeTable holds handlers in a plain map of interface values.
func dispatch(table map[string]interface{}, name string, arg int) int {
	fn := table[name].(func(int) int) // want "GL601"
	return fn(arg)
}
