// Command relayprobe reads lines from stdin and relays them to a server
// until it stops answering.
//
// main abandons its stdin reader when the connection ends: returning from
// main ends the process, so nothing is left blocked. The same shape in a
// function main calls leaks the reader while the program goes on.
package main

import (
	"bufio"
	"fmt"
	"log"
	"net"
	"os"
	"time"
)

func stdinLines(c chan<- string) {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		c <- sc.Text() // ok: only main abandons it, and the process ends with main
	}
}

func main() {
	probeAll(os.Args[1:])
	probeBuffered(os.Args[1:])
	probePatient(os.Args[1:])
	conn, err := net.Dial("tcp", "localhost:7000")
	if err != nil {
		log.Fatal(err)
	}
	lines := make(chan string)
	go stdinLines(lines)
	for {
		select {
		case l := <-lines:
			if _, err := fmt.Fprintln(conn, l); err != nil {
				return
			}
		case <-time.After(time.Minute):
			return
		}
	}
}

// probeAll asks each server for its version, giving each a second. The
// goroutine of a server that answers late blocks forever on its send, and
// the command goes on to the next server.
func probeAll(addrs []string) {
	for _, a := range addrs {
		reply := make(chan string)
		go func(a string) {
			reply <- version(a) // want "GL101"
		}(a)
		select {
		case v := <-reply:
			fmt.Println(a, v)
		case <-time.After(time.Second):
			fmt.Println(a, "timeout")
		}
	}
}

func version(addr string) string {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err.Error()
	}
	defer c.Close()
	line, _ := bufio.NewReader(c).ReadString('\n')
	return line
}

// probeBuffered gives each iteration's channel room for the one reply: a
// late goroutine leaves its value in the buffer and ends.
func probeBuffered(addrs []string) {
	for _, a := range addrs {
		reply := make(chan string, 1)
		go func(a string) {
			reply <- version(a) // ok: buffered for the one send
		}(a)
		select {
		case v := <-reply:
			fmt.Println(a, v)
		case <-time.After(time.Second):
			fmt.Println(a, "timeout")
		}
	}
}

// probePatient reports slow servers but waits for every reply before the
// next iteration.
func probePatient(addrs []string) {
	for _, a := range addrs {
		reply := make(chan string)
		go func(a string) {
			reply <- version(a) // ok: the inner loop waits until it arrives
		}(a)
		for waiting := true; waiting; {
			select {
			case v := <-reply:
				fmt.Println(a, v)
				waiting = false
			case <-time.After(time.Second):
				fmt.Println(a, "still waiting")
			}
		}
	}
}
