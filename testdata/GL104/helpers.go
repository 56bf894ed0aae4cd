package gl104

import (
	"bufio"
	"strings"
)

// Circular waits whose blocking operations sit in the functions each side
// calls: small helpers taking the channel as a parameter, methods on a
// struct holding the channels, a closure assigned to a local, a method
// value. The finding is placed on the blocking operation that comes first
// in the file (here, in a helper); the calls leading to it are labelled.

// recvKey waits for the session key.
func recvKey(keyc <-chan []byte) []byte {
	return <-keyc // want "GL104"
}

// sendKey hands the session key over.
func sendKey(keyc chan<- []byte, k []byte) {
	keyc <- k
}

// awaitGreeting waits for the peer's greeting.
func awaitGreeting(hello <-chan string) string {
	return <-hello
}

// publishGreeting hands the decoded greeting over.
func publishGreeting(hello chan<- string, s string) {
	hello <- s
}

// dialThroughHelpers is openSession written through helpers: the reader
// waits for the key (recvKey) before it publishes the greeting, and the
// dialer waits for the greeting (awaitGreeting) before it sends the key.
// Both block in a helper: circular wait.
func dialThroughHelpers(conn wireConn, key []byte) *session {
	hello := make(chan string)
	keyc := make(chan []byte)
	go func() {
		k := recvKey(keyc)
		line, _ := bufio.NewReader(conn).ReadString('\n')
		publishGreeting(hello, unmask(strings.TrimSpace(line), k))
	}()
	greeting := awaitGreeting(hello)
	sendKey(keyc, key)
	return &session{conn: conn, greeting: greeting, key: key}
}

// handshaker holds the two channels of a handshake; its methods perform
// one step each.
type handshaker struct {
	conn  wireConn
	hello chan string
	keyc  chan []byte
}

func newHandshaker(conn wireConn) *handshaker {
	return &handshaker{conn: conn, hello: make(chan string), keyc: make(chan []byte)}
}

func (h *handshaker) awaitKey() []byte {
	return <-h.keyc // want "GL104"
}

func (h *handshaker) publishHello(s string) {
	h.hello <- s
}

func (h *handshaker) readHello() string {
	return <-h.hello
}

func (h *handshaker) sendKey(k []byte) {
	h.keyc <- k
}

// serve is the reader side: key first, then the greeting.
func (h *handshaker) serve() {
	k := h.awaitKey()
	line, _ := bufio.NewReader(h.conn).ReadString('\n')
	h.publishHello(unmask(strings.TrimSpace(line), k))
}

// greet is the dialer side, one call further down: greeting first, then
// the key, the opposite order.
func (h *handshaker) greet(key []byte) string {
	g := h.readHello()
	h.sendKey(key)
	return g
}

// dialHandshaker starts the reader and greets: the reader blocks in
// awaitKey, the dialer in readHello (called from greet): circular wait.
func dialHandshaker(conn wireConn, key []byte) string {
	h := newHandshaker(conn)
	go h.serve()
	return h.greet(key)
}

// fetchWithToken receives the token through a closure assigned to a local
// and called in the worker; the caller waits for the result before it
// hands the token over.
func fetchWithToken(token string, fetch func(string) []byte) []byte {
	tokens := make(chan string)
	results := make(chan []byte)
	awaitToken := func() string {
		return <-tokens // want "GL104"
	}
	go func() {
		tok := awaitToken()
		results <- fetch(tok)
	}()
	body := <-results
	tokens <- token
	return body
}

// configurator hands a plugin its configuration.
type configurator struct {
	cfgc  chan map[string]string
	ready chan string
}

func (c *configurator) sendConfig(cfg map[string]string) {
	c.cfgc <- cfg // want "GL104"
}

func (c *configurator) announce(name string) {
	c.ready <- name
}

// startConfigured sends the configuration through a method value before
// it waits for the plugin's announcement; the plugin announces itself
// before it takes its configuration. Both sends block: circular wait.
func startConfigured(name string, cfg map[string]string, serve func(map[string]string)) string {
	c := &configurator{cfgc: make(chan map[string]string), ready: make(chan string)}
	go func() {
		c.announce(name)
		serve(<-c.cfgc)
	}()
	send := c.sendConfig
	send(cfg)
	return <-c.ready
}

// relay is built buffered by newRelay (for callers that hand it a single
// key and go on), but exchange makes its own unbuffered channels before it
// starts the pump: the channels at hand are unbuffered.
type relay struct {
	in  chan []byte
	out chan string
}

func newRelay() *relay {
	return &relay{in: make(chan []byte, 1), out: make(chan string, 1)}
}

// pump announces itself before it takes the key.
func (r *relay) pump(decode func([]byte) string) {
	r.out <- "ready" // want "GL104"
	k := <-r.in
	r.out <- decode(k)
}

// exchange sends the key before it reads the announcement: both sends
// block on the unbuffered channels exchange made.
func (r *relay) exchange(k []byte, decode func([]byte) string) string {
	r.in = make(chan []byte)
	r.out = make(chan string)
	go r.pump(decode)
	r.in <- k
	<-r.out
	return <-r.out
}

// keyIfSigned waits for the key only for signed sessions.
func keyIfSigned(keyc <-chan []byte, signed bool) []byte {
	if !signed {
		return nil
	}
	return <-keyc
}

// dialMaybeSigned deadlocks only for a signed session: the reader then
// waits for the key before the greeting, and the dialer sends it after.
// Not reported: the helper may skip its receive, and the model does not
// tie its condition to the caller's, so the cycle is possible rather than
// certain — a callee's operation holds back what follows the call only
// when the callee performs it on every way out.
func dialMaybeSigned(conn wireConn, key []byte, signed bool) string {
	hello := make(chan string)
	keyc := make(chan []byte, 1)
	go func() {
		k := keyIfSigned(keyc, signed)
		line, _ := bufio.NewReader(conn).ReadString('\n')
		hello <- unmask(strings.TrimSpace(line), k)
	}()
	greeting := <-hello
	keyc <- key
	return greeting
}

// readFrame is called by both exchanges below.
func readFrame(frames <-chan []byte) []byte {
	return <-frames
}

// relayFrames deadlocks like dialThroughHelpers: the forwarder waits for
// a frame before it acknowledges, the caller waits for the acknowledgement
// before it sends the frame. Known miss: readFrame also reads forwardAll's
// channel, and the model unifies the channels passed to one parameter
// (flow-insensitive, not per call), so relayFrames' frames may as well be
// forwardAll's, on which forwardAll sends outside these goroutines — a
// partner the cycle cannot rule out. A channel some function outside the
// goroutines touches, directly or through a shared helper, is left alone.
func relayFrames(frame []byte, forward func([]byte)) {
	frames := make(chan []byte)
	acks := make(chan struct{})
	go func() {
		forward(readFrame(frames))
		acks <- struct{}{}
	}()
	<-acks
	frames <- frame
}

// drainFrames forwards every frame it is given until frames is closed.
func drainFrames(frames chan []byte, forward func([]byte)) {
	for {
		f := readFrame(frames)
		if f == nil {
			return
		}
		forward(f)
	}
}

// forwardAll queues a batch and a nil end marker, then drains it.
func forwardAll(batch [][]byte, forward func([]byte)) {
	frames := make(chan []byte, len(batch)+1)
	for _, f := range batch {
		frames <- f
	}
	frames <- nil
	drainFrames(frames, forward)
}
