package gl204

import "sync"

// The same order everywhere.
type queue struct {
	mu    sync.Mutex
	items []int
}

type scheduler struct {
	mu   sync.Mutex
	runq *queue
	idle bool
}

func (s *scheduler) push(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runq.mu.Lock()
	s.runq.items = append(s.runq.items, n)
	s.runq.mu.Unlock()
}

func (s *scheduler) pop() (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runq.mu.Lock()
	defer s.runq.mu.Unlock()
	if len(s.runq.items) == 0 {
		s.idle = true
		return 0, false
	}
	n := s.runq.items[0]
	s.runq.items = s.runq.items[1:]
	return n, true
}

// The inner lock belongs to an object the function has just created: no
// other goroutine can hold it.
type session struct {
	mu   sync.Mutex
	user string
}

type server struct {
	mu       sync.Mutex
	sessions map[string]*session
}

func (s *server) Lookup(user string) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[user]
}

func (s *server) open(user string) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := &session{}
	sess.mu.Lock() // ok: a session no one else has yet
	sess.user = user
	sess.mu.Unlock()
	s.sessions[user] = sess
	return sess
}

// Close takes the server's lock under a session's, after the session
// published: this order is alone (open's session is fresh).
func (sess *session) Close(s *server) {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	s.mu.Lock()
	delete(s.sessions, sess.user)
	s.mu.Unlock()
}

// One lock released before the other is taken.
type pool struct {
	mu    sync.Mutex
	conns []*conn
}

type conn struct {
	mu     sync.Mutex
	closed bool
}

func (p *pool) closeAll() {
	p.mu.Lock()
	conns := p.conns
	p.conns = nil
	p.mu.Unlock()
	for _, c := range conns {
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
	}
}

func (c *conn) release(p *pool) {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if !closed {
		p.mu.Lock()
		p.conns = append(p.conns, c)
		p.mu.Unlock()
	}
}

// Parent then child, always: locks of one type nested in each other, and
// a child type always under its parent.
type dir struct {
	mu       sync.Mutex
	parent   *dir
	children map[string]*dir
	files    map[string]*file
}

type file struct {
	mu   sync.Mutex
	size int
}

func (d *dir) add(name string, child *dir) {
	d.mu.Lock()
	defer d.mu.Unlock()
	child.mu.Lock()
	child.parent = d
	child.mu.Unlock()
	d.children[name] = child
}

func (d *dir) du() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	total := 0
	for _, f := range d.files {
		f.mu.Lock()
		total += f.size
		f.mu.Unlock()
	}
	return total
}

// Two read locks in opposite orders: neither waits for the other.
type index struct {
	mu   sync.RWMutex
	keys []string
}

type catalog struct {
	mu    sync.RWMutex
	idx   *index
	names []string
}

func (c *catalog) lookup(k string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.idx.mu.RLock()
	defer c.idx.mu.RUnlock()
	return len(c.idx.keys) > len(c.names)
}

func (c *catalog) scan() int {
	c.idx.mu.RLock()
	defer c.idx.mu.RUnlock()
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.names)
}

// Both orders taken under a third lock held for writing: they cannot run
// at once.
type table struct {
	mu   sync.Mutex
	rows int
}

type shard struct {
	mu   sync.Mutex
	rows int
}

type store struct {
	global sync.Mutex
	t      *table
	s      *shard
}

func (st *store) move() {
	st.global.Lock()
	defer st.global.Unlock()
	st.t.mu.Lock()
	st.s.mu.Lock()
	st.s.rows, st.t.rows = st.t.rows, 0
	st.s.mu.Unlock()
	st.t.mu.Unlock()
}

func (st *store) moveBack() {
	st.global.Lock()
	defer st.global.Unlock()
	st.s.mu.Lock()
	st.t.mu.Lock()
	st.t.rows, st.s.rows = st.s.rows, 0
	st.t.mu.Unlock()
	st.s.mu.Unlock()
}

// Two fields of one type, each embedding its mutex: the input and output
// halves are two locks, taken in one order each. (The shape of
// crypto/tls's Conn.)
type half struct {
	sync.Mutex
	seq int
}

type tlsConn struct {
	handshakeMu sync.Mutex
	in, out     half
}

func (c *tlsConn) Read() {
	c.in.Lock()
	defer c.in.Unlock()
	c.handshakeMu.Lock()
	c.in.seq++
	c.handshakeMu.Unlock()
}

func (c *tlsConn) Handshake() {
	c.handshakeMu.Lock()
	defer c.handshakeMu.Unlock()
	c.out.Lock()
	c.out.seq = 0
	c.out.Unlock()
}
