package gl104

import (
	"bufio"
	"errors"
	"strings"
	"time"
)

// The corrected variants of the handshakes through helpers. Nothing in
// this file is reported.

func takeKey(keyc <-chan []byte) []byte {
	return <-keyc
}

func giveKey(keyc chan<- []byte, k []byte) {
	keyc <- k
}

func takeGreeting(hello <-chan string) string {
	return <-hello
}

func giveGreeting(hello chan<- string, s string) {
	hello <- s
}

// dialHelpersOrdered: both sides agree on the order, key first.
func dialHelpersOrdered(conn wireConn, key []byte) *session {
	hello := make(chan string)
	keyc := make(chan []byte)
	go func() {
		k := takeKey(keyc)
		line, _ := bufio.NewReader(conn).ReadString('\n')
		giveGreeting(hello, unmask(strings.TrimSpace(line), k))
	}()
	giveKey(keyc, key)
	greeting := takeGreeting(hello)
	return &session{conn: conn, greeting: greeting, key: key}
}

func postConfig(cfgc chan<- map[string]string, cfg map[string]string) {
	cfgc <- cfg
}

func postInfo(infoc chan<- pluginInfo, info pluginInfo) {
	infoc <- info
}

// startPluginHelpersBuffered: both sides speak first through helpers, but
// the configuration channel has room for one value, so the host's send
// completes and the host goes on to receive the announcement.
func startPluginHelpersBuffered(name string, cfg map[string]string, serve func(map[string]string)) pluginInfo {
	cfgc := make(chan map[string]string, 1)
	infoc := make(chan pluginInfo)
	go func() {
		postInfo(infoc, pluginInfo{name: name, version: 3})
		serve(<-cfgc)
	}()
	postConfig(cfgc, cfg)
	return <-infoc
}

func deliverKey(keyc chan<- []byte, k []byte) {
	keyc <- k
}

// dialKeyInGoroutine: the dialer hands the key over from a goroutine of
// its own (go deliverKey), so waiting for the greeting first is fine.
func dialKeyInGoroutine(conn wireConn, key []byte) string {
	hello := make(chan string)
	keyc := make(chan []byte)
	go func() {
		k := <-keyc
		line, _ := bufio.NewReader(conn).ReadString('\n')
		hello <- unmask(strings.TrimSpace(line), k)
	}()
	go deliverKey(keyc, key)
	return <-hello
}

var errKeyTimeout = errors.New("key not exchanged in time")

// offerKey gives up after a while: its send is one case of a select with a
// timer, so it does not block forever.
func offerKey(keyc chan<- []byte, k []byte, d time.Duration) error {
	select {
	case keyc <- k:
		return nil
	case <-time.After(d):
		return errKeyTimeout
	}
}

// awaitKeyWithin gives up after a while too.
func awaitKeyWithin(keyc <-chan []byte, d time.Duration) ([]byte, error) {
	select {
	case k := <-keyc:
		return k, nil
	case <-time.After(d):
		return nil, errKeyTimeout
	}
}

// dialWithDeadlines has the crossed order of dialThroughHelpers, but both
// key operations are selects with a timer in their helpers: the reader
// gives up on the key and publishes the greeting, the dialer reads it and
// its offer times out. A slow, failing handshake, not a circular wait.
func dialWithDeadlines(conn wireConn, key []byte) (string, error) {
	hello := make(chan string)
	keyc := make(chan []byte)
	go func() {
		k, _ := awaitKeyWithin(keyc, time.Second)
		line, _ := bufio.NewReader(conn).ReadString('\n')
		hello <- unmask(strings.TrimSpace(line), k)
	}()
	greeting := <-hello
	return greeting, offerKey(keyc, key, time.Second)
}

// bufferedRelay is relay with the buffer the exchange needs: exchange
// makes the channels itself, buffered, so the first send of each side
// completes whatever other constructors do.
type bufferedRelay struct {
	in  chan []byte
	out chan string
}

func newUnbufferedRelay() *bufferedRelay {
	return &bufferedRelay{in: make(chan []byte), out: make(chan string)}
}

func (r *bufferedRelay) pump(decode func([]byte) string) {
	r.out <- "ready"
	k := <-r.in
	r.out <- decode(k)
}

func (r *bufferedRelay) exchange(k []byte, decode func([]byte) string) string {
	r.in = make(chan []byte, 1)
	r.out = make(chan string, 1)
	go r.pump(decode)
	r.in <- k
	<-r.out
	return <-r.out
}
