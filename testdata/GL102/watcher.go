package gl102

import (
	"bufio"
	"os"
	"strings"
	"sync"
	"time"
)

// configWatcher polls a key=value file and publishes every new version.
//
// firstLoad was meant to be closed after the first successful read so that
// callers could wait for a usable configuration. The constructor never
// makes it and poll never closes it: it stays a nil channel, and a receive
// from a nil channel blocks forever.
type configWatcher struct {
	path      string
	interval  time.Duration
	mu        sync.RWMutex
	current   map[string]string
	updates   chan map[string]string
	firstLoad chan struct{}
	stop      chan struct{}
}

func newConfigWatcher(path string, interval time.Duration) *configWatcher {
	return &configWatcher{
		path:     path,
		interval: interval,
		updates:  make(chan map[string]string, 1),
		stop:     make(chan struct{}),
	}
}

func (w *configWatcher) poll() {
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
		}
		cfg, err := readKeyValues(w.path)
		if err != nil {
			continue
		}
		w.mu.Lock()
		w.current = cfg
		w.mu.Unlock()
		select {
		case w.updates <- cfg:
		default:
		}
	}
}

func (w *configWatcher) close() { close(w.stop) }

// waitFirstLoad blocks until a configuration is available. firstLoad is a
// nil channel that nothing sends on or closes.
func (w *configWatcher) waitFirstLoad() map[string]string {
	<-w.firstLoad // want "GL102"
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.current
}

// nextUpdate is fine: poll sends on w.updates.
func (w *configWatcher) nextUpdate() map[string]string {
	return <-w.updates
}

func readKeyValues(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cfg := make(map[string]string)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if ok {
			cfg[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return cfg, sc.Err()
}
