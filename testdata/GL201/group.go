package gl201

import "sync"

// connServer's Close waits for its handlers with the lock held; a handler
// takes the lock for each request until it is told to quit.
type connServer struct {
	mu       sync.Mutex
	wg       sync.WaitGroup
	quit     chan struct{}
	requests chan string
	served   map[string]int
}

func newConnServer() *connServer {
	s := &connServer{quit: make(chan struct{}), requests: make(chan string), served: map[string]int{}}
	for i := 0; i < 4; i++ {
		s.wg.Add(1)
		go s.handle()
	}
	return s
}

func (s *connServer) handle() {
	defer s.wg.Done()
	for {
		select {
		case <-s.quit:
			return
		case r := <-s.requests:
			s.mu.Lock()
			s.served[r]++
			s.mu.Unlock()
		}
	}
}

func (s *connServer) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.quit)
	s.wg.Wait() // want "GL201"
}

type itemCache struct {
	mu    sync.Mutex
	items map[string]int
}

// refreshAll holds the lock while its fetchers, which store each attempt
// under the lock, run.
func (c *itemCache) refreshAll(keys []string, fetch func(string, int) int) {
	var wg sync.WaitGroup
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer func() {
				wg.Done()
			}()
			for attempt := 0; attempt < 3; attempt++ {
				v := fetch(k, attempt)
				c.mu.Lock()
				c.items[k] = v
				c.mu.Unlock()
			}
		}(k)
	}
	wg.Wait() // want "GL201"
}
