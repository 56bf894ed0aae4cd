package gl201

import "sync"

// quietServer's close releases the lock before it waits.
type quietServer struct {
	mu       sync.Mutex
	wg       sync.WaitGroup
	quit     chan struct{}
	requests chan string
	served   map[string]int
}

func newQuietServer() *quietServer {
	s := &quietServer{quit: make(chan struct{}), requests: make(chan string), served: map[string]int{}}
	s.wg.Add(1)
	go s.handle()
	return s
}

func (s *quietServer) handle() {
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

func (s *quietServer) close() {
	s.mu.Lock()
	close(s.quit)
	s.mu.Unlock()
	s.wg.Wait()
}

// statsServer's handlers take a lock of their own.
type statsServer struct {
	mu      sync.Mutex
	statsMu sync.Mutex
	wg      sync.WaitGroup
	jobs    chan int
	count   int
}

func newStatsServer() *statsServer {
	s := &statsServer{jobs: make(chan int)}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for range s.jobs {
			s.statsMu.Lock()
			s.count++
			s.statsMu.Unlock()
		}
	}()
	return s
}

func (s *statsServer) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.jobs)
	s.wg.Wait()
}

// onceFetcher's goroutines take the lock once, not on a loop, and the
// caller waits without it.
type onceFetcher struct {
	mu    sync.RWMutex
	items map[string]int
}

func (c *onceFetcher) fetchAll(keys []string, fetch func(string) int) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			v := fetch(k)
			c.mu.Lock()
			c.items[k] = v
			c.mu.Unlock()
		}(k)
	}
	wg.Wait()
}

// sum reads under the read lock while readers, which take only the read
// lock on their loop, finish.
func (c *onceFetcher) sum(keys []string) int {
	var wg sync.WaitGroup
	c.mu.RLock()
	defer c.mu.RUnlock()
	total := make([]int, len(keys))
	for i := range keys {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 2; j++ {
				c.mu.RLock()
				total[i] += c.items[keys[i]]
				c.mu.RUnlock()
			}
		}(i)
	}
	wg.Wait()
	n := 0
	for _, t := range total {
		n += t
	}
	return n
}
