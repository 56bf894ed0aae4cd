package gl404

import (
	"context"
	"log"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Ordinary defers whose arguments are meant to be evaluated at the defer
// statement. Nothing in this file is reported.

// Snapshotter writes snapshots of a store to a temporary directory.
type Snapshotter struct {
	mu    sync.Mutex
	dir   string
	count int
}

func (s *Snapshotter) Snapshot(ctx context.Context, data []byte) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock() // ok: method without arguments

	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel() // ok: no arguments

	tmp, err := os.MkdirTemp(s.dir, "snap-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp) // ok: the path is meant to be fixed now

	f, err := os.Create(filepath.Join(tmp, "data"))
	if err != nil {
		return "", err
	}
	defer f.Close() // ok: no arguments

	s.count++
	defer log.Println("snapshot done", s.count)                                    // ok: plain values, taken now on purpose
	defer log.Printf("snapshot of %d bytes, timeout %v", len(data), 5*time.Second) // ok: no call to time.Since, time.Until or time.Now

	if _, err := f.Write(data); err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	final := filepath.Join(s.dir, "latest")
	return final, os.Rename(filepath.Join(tmp, "data"), final)
}

// Pool runs tasks and waits for them.
func Pool(tasks []func()) {
	var wg sync.WaitGroup
	done := make(chan struct{})
	defer close(done) // ok: builtin close with a channel argument
	wg.Add(len(tasks))
	for _, t := range tasks {
		go func(t func()) {
			defer wg.Done() // ok: no arguments
			t()
		}(t)
	}
	wg.Wait()
}

// expireAt schedules with a deadline computed from time.Now at the defer,
// which is what an Add on a fixed timeout means: not a duration measured
// over the function, so it is not reported.
func expireAt(cache map[string]time.Time, key string, ttl time.Duration) {
	defer setExpiry(cache, key, time.Now().Add(ttl)) // ok: time.Now().Add, not Sub
	log.Println("caching", key)
}

func setExpiry(cache map[string]time.Time, key string, at time.Time) { cache[key] = at }
