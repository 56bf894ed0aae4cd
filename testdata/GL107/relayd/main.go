// Command relayd forwards lines from stdin to a TCP peer. It is a `package
// main`: no other package can import it, so its exported names do not hand
// its channels to anyone.
package main

import (
	"bufio"
	"log"
	"net"
	"net/http"
	"os"
)

// Relay is exported, but nothing outside this command can reach it.
type Relay struct {
	Peer   string
	Errors chan error
	Lines  chan string
}

// Stats is exported too; nothing receives from it in the command.
var Stats = make(chan int)

func NewRelay(peer string) *Relay {
	return &Relay{Peer: peer, Errors: make(chan error), Lines: make(chan string, 64)}
}

func (r *Relay) forward() {
	conn, err := net.Dial("tcp", r.Peer)
	if err != nil {
		r.Errors <- err // want "GL107"
		return
	}
	defer conn.Close()
	n := 0
	for l := range r.Lines {
		if _, err := conn.Write([]byte(l + "\n")); err != nil {
			r.Errors <- err // want "GL107"
			return
		}
		n++
	}
	Stats <- n // want "GL107"
}

// ServeHTTP is an exported method: net/http calls it through the
// http.Handler interface, so what it receives stays open. Silent.
func (r *Relay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.Lines <- req.URL.Path // ok: Lines is read by forward
}

func main() {
	r := NewRelay(os.Args[1])
	go r.forward()
	http.Handle("/relay", r)
	go func() {
		log.Fatal(http.ListenAndServe(":8080", nil))
	}()
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		r.Lines <- sc.Text()
	}
	close(r.Lines)
}
