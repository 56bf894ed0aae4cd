package gl104

import (
	"bufio"
	"context"
	"strings"
	"time"
)

// The correct variants of the same exchanges: one side goes first, a
// buffer absorbs the first send, or a select lets one side proceed. None
// of them is a circular wait and nothing in this file is reported.

// openSessionOrdered is openSession with the order fixed: the dialer sends
// the key first and the reader receives it first, so the key exchange
// completes and then the greeting flows back.
func openSessionOrdered(conn wireConn, key []byte) (*session, error) {
	hello := make(chan string)
	keyc := make(chan []byte)
	go func() {
		k := <-keyc
		line, _ := bufio.NewReader(conn).ReadString('\n')
		hello <- unmask(strings.TrimSpace(line), k)
	}()
	keyc <- key
	greeting := <-hello
	return &session{conn: conn, greeting: greeting, key: key}, nil
}

// startPluginBuffered keeps both sides speaking first, but cfgc has room
// for one value: the host's send completes at once, the host then receives
// the announcement, and the plugin finds the configuration in the buffer.
func startPluginBuffered(name string, cfg map[string]string, serve func(map[string]string)) pluginInfo {
	cfgc := make(chan map[string]string, 1)
	infoc := make(chan pluginInfo)
	go func() {
		infoc <- pluginInfo{name: name, version: 3}
		conf := <-cfgc
		serve(conf)
	}()
	cfgc <- cfg
	return <-infoc
}

// exchangeFullDuplex sends its own metadata and receives the peer's in
// whichever order the peer is ready for: both operations are cases of one
// select, and a finished direction is disabled by setting it to nil.
func exchangeFullDuplex(mine uint64, peer func(out chan<- uint64, in <-chan uint64)) uint64 {
	toPeer := make(chan uint64)
	fromPeer := make(chan uint64)
	go peer(fromPeer, toPeer)
	var theirs uint64
	out, in := toPeer, fromPeer
	for out != nil || in != nil {
		select {
		case out <- mine:
			out = nil
		case v := <-in:
			theirs = v
			in = nil
		}
	}
	return theirs
}

// announceBestEffort: the plugin tells the registry about itself only if
// the registry is listening at that moment. The announcement is a send in
// a select with a default, so the plugin never waits for anyone before it
// reads its configuration, and the host's plain send on cfgc completes.
func announceBestEffort(name string, cfg map[string]string, serve func(map[string]string), register func(pluginInfo)) {
	cfgc := make(chan map[string]string)
	infoc := make(chan pluginInfo)
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case infoc <- pluginInfo{name: name, version: 3}:
		default:
		}
		serve(<-cfgc)
	}()
	go func() {
		for {
			select {
			case info := <-infoc:
				register(info)
			case <-done:
				return
			}
		}
	}()
	cfgc <- cfg
	<-done
}

// fetchWithDeadline: the fetcher waits for the go-ahead or for the
// deadline, whichever comes first, so it does not depend on the handler
// sending first.
func fetchWithDeadline(ctx context.Context, fetch func() int) int {
	start := make(chan struct{})
	status := make(chan int)
	go func() {
		select {
		case <-start:
		case <-time.After(50 * time.Millisecond):
		case <-ctx.Done():
		}
		status <- fetch()
	}()
	code := <-status
	close(start)
	return code
}
