package gl401

import (
	"context"
	"database/sql"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// In a test, a defer in a loop over a handful of cases is not reported
// unless the deferred call releases something each iteration acquired: the
// deferred calls pile up for the few milliseconds the test runs, and nobody
// restructures a table-driven test for it. Found all over the standard
// library's tests (os, net/http, archive/zip) and etcd's.

func TestTableCleanup(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a", "b", "c"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(name), 0o600); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(p) // ok: a bounded loop in a test, nothing held open
	}
}

func TestServers(t *testing.T) {
	for i := 0; i < 3; i++ {
		body := strconv.Itoa(i)
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, body)
		}))
		defer ts.Close() // ok: three servers until the test returns
		resp, err := http.Get(ts.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close() // want "GL401"
	}
}

func TestReadFiles(t *testing.T) {
	for _, name := range []string{"a.txt", "b.txt"} {
		f, err := os.Open(filepath.Join("testdata", name))
		if err != nil {
			t.Skip(err)
		}
		defer f.Close() // want "GL401"
		if _, err := io.ReadAll(f); err != nil {
			t.Error(err)
		}
	}
}

func TestLockPerCase(t *testing.T) {
	var mu sync.Mutex
	counts := map[string]int{}
	for _, k := range []string{"x", "y"} {
		mu.Lock()
		defer mu.Unlock() // want "GL401"
		counts[k]++
	}
}

func TestTimers(t *testing.T) {
	for _, d := range []time.Duration{time.Millisecond, time.Second} {
		tm := time.NewTimer(d)
		defer tm.Stop() // want "GL401"
		ctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel() // want "GL401"
		select {
		case <-tm.C:
		case <-ctx.Done():
		}
	}
}

func TestQueries(t *testing.T) {
	db, err := sql.Open("fake", "")
	if err != nil {
		t.Skip(err)
	}
	defer db.Close()
	for _, q := range []string{"SELECT 1", "SELECT 2"} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close() // want "GL401"
	}
}

// A deferred function literal is reported when it releases something.
func TestLiteralRelease(t *testing.T) {
	for _, name := range []string{"a", "b"} {
		f, err := os.CreateTemp(t.TempDir(), name)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { // want "GL401"
			f.Close()
		}()
		defer func(n string) { // ok: logs only
			t.Logf("done with %s", n)
		}(name)
	}
}

// The elements of the ranged collection exist before the loop, and the
// collection is used after it: closing them at the end of each iteration
// would break that use (the exemption of non-test code holds in tests).
func TestPipes(t *testing.T) {
	var conns []net.Conn
	for i := 0; i < 2; i++ {
		a, b := net.Pipe()
		conns = append(conns, a, b)
	}
	for _, c := range conns {
		defer c.Close() // ok: an element of conns, used after the loop
	}
	for _, c := range conns {
		c.SetDeadline(time.Now())
	}
}

// Unbounded loops are reported whatever they defer: a benchmark runs its
// loop millions of times.
func BenchmarkRemove(b *testing.B) {
	dir := b.TempDir()
	for i := 0; i < b.N; i++ {
		p := filepath.Join(dir, strconv.Itoa(i))
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			b.Fatal(err)
		}
		defer os.Remove(p) // want "GL401"
	}
}

func TestPoll(t *testing.T) {
	dir := t.TempDir()
	n := 0
	for {
		p := filepath.Join(dir, strconv.Itoa(n))
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(p) // want "GL401"
		n++
		if n == 5 {
			break
		}
	}
}

func TestRetry(t *testing.T) {
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		p := filepath.Join(t.TempDir(), "x")
		defer os.Remove(p) // want "GL401"
	}
}
