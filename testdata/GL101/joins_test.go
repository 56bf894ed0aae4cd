package gl101

import (
	"errors"
	"sync"
	"testing"
)

// Paths that wait for the goroutine before returning: a receive on a
// channel it closes in a defer, or wg.Wait() on a group it marks Done in a
// defer. Past that join the goroutine has finished; if it were still
// blocked, the test would hang at the join (the test binary's timeout
// reports that), not return and leak it. Not reported. A path that returns
// without the join still is.

// pipe is an in-memory packet stream.
type pipe struct {
	packets [][]byte
	pos     int
}

func (p *pipe) write(b []byte) { p.packets = append(p.packets, b) }

func (p *pipe) read() ([]byte, error) {
	if p.pos >= len(p.packets) {
		return nil, errors.New("EOF")
	}
	p.pos++
	return p.packets[p.pos-1], nil
}

func TestRekeyHalfway(t *testing.T) {
	p := &pipe{}
	const n = 10
	half := make(chan int)
	clientDone := make(chan struct{})
	go func() {
		defer close(clientDone)
		for i := 0; i < n; i++ {
			p.write([]byte{byte(i)})
			if i == n/2 {
				<-half
			}
		}
	}()
	i := 0
	for ; i < n; i++ {
		if _, err := p.read(); err != nil {
			break
		}
		if i == n/2 {
			half <- 1
		}
	}
	<-clientDone
	if i != n {
		t.Errorf("read %d packets, want %d", i, n)
	}
}

func TestRekeyHalfwayGroup(t *testing.T) {
	p := &pipe{}
	const n = 10
	half := make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			p.write([]byte{byte(i)})
			if i == n/2 {
				<-half
			}
		}
	}()
	i := 0
	for ; i < n; i++ {
		if _, err := p.read(); err != nil {
			break
		}
		if i == n/2 {
			half <- 1
		}
	}
	wg.Wait()
	if i != n {
		t.Errorf("read %d packets, want %d", i, n)
	}
}

func TestRekeyHalfwayNoJoin(t *testing.T) {
	p := &pipe{}
	const n = 10
	half := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			p.write([]byte{byte(i)})
			if i == n/2 {
				<-half // want "GL101"
			}
		}
	}()
	for i := 0; i < n; i++ {
		if _, err := p.read(); err != nil {
			return
		}
		if i == n/2 {
			half <- 1
		}
	}
}
