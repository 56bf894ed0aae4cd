// Package gl104 holds the testdata of GL104 (a circular wait between
// goroutines).
//
// A function makes unbuffered channels and starts a goroutine (or two).
// Each side first blocks on an operation whose partner the other side
// reaches only after its own blocking operation: the parent receives on a
// and then sends on b, while the child receives on b and then sends on a.
// Neither can move, both hang forever. The expectation sits on the
// blocking operation of the cycle that comes first in the file (usually
// the one inside the goroutine literal), one per cycle.
package gl104

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// wireConn is the part of a network connection the handshakes need.
type wireConn interface {
	io.Reader
	io.Writer
}

// session is an established, authenticated connection.
type session struct {
	conn     wireConn
	greeting string
	key      []byte
}

// openSession starts the session reader and performs the greeting
// exchange.
//
// The reader goroutine decodes the peer's greeting with the session key,
// so it first waits for the key on keyc and only then publishes the
// greeting on hello. The dialer hands over the key only after it has seen
// the greeting. The reader blocks on <-keyc, the dialer on <-hello:
// circular wait.
func openSession(conn wireConn, key []byte) (*session, error) {
	hello := make(chan string)
	keyc := make(chan []byte)
	go func() {
		k := <-keyc // want "GL104"
		line, _ := bufio.NewReader(conn).ReadString('\n')
		hello <- unmask(strings.TrimSpace(line), k)
	}()
	greeting := <-hello
	keyc <- key
	if !strings.HasPrefix(greeting, "HELLO ") {
		return nil, errors.New("bad greeting: " + greeting)
	}
	return &session{conn: conn, greeting: greeting, key: key}, nil
}

func unmask(s string, key []byte) string {
	b := []byte(s)
	for i := range b {
		if len(key) > 0 {
			b[i] ^= key[i%len(key)] & 0x1f
		}
	}
	return string(b)
}

// pluginInfo is what a plugin announces about itself.
type pluginInfo struct {
	name    string
	version int
}

// startPlugin runs an in-process plugin and negotiates its configuration.
//
// Both sides insist on speaking first: the host sends the configuration on
// cfgc and then waits for the plugin's announcement, while the plugin
// announces itself on infoc and then waits for its configuration. Both
// channels are unbuffered, so both sends block: circular wait.
func startPlugin(name string, cfg map[string]string, serve func(map[string]string)) pluginInfo {
	cfgc := make(chan map[string]string)
	infoc := make(chan pluginInfo)
	go func() {
		infoc <- pluginInfo{name: name, version: 3} // want "GL104"
		conf := <-cfgc
		serve(conf)
	}()
	cfgc <- cfg
	info := <-infoc
	return info
}
