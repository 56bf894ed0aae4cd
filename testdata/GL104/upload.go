package gl104

import (
	"fmt"
	"io"
	"net/http"
)

// partHeader describes one part of a multipart upload.
type partHeader struct {
	index  int
	sizeOf int
}

// uploadPart streams one part to the object store.
//
// The producer sends the header first and then the body. The writer
// goroutine was changed to read the body first (it needs the length to
// fill in the header) and the header second. The producer blocks on
// hdrc <- h waiting for a receive the writer reaches only after <-bodyc,
// and the writer blocks on <-bodyc waiting for a send the producer reaches
// only after its header send: the same inversion as two locks taken in
// opposite orders.
func uploadPart(w io.Writer, index int, body []byte) error {
	hdrc := make(chan partHeader)
	bodyc := make(chan []byte)
	errc := make(chan error, 1)
	go func() {
		b := <-bodyc // want "GL104"
		h := <-hdrc
		h.sizeOf = len(b)
		_, err := fmt.Fprintf(w, "part %d %d\n%s", h.index, h.sizeOf, b)
		errc <- err
	}()
	hdrc <- partHeader{index: index}
	bodyc <- body
	return <-errc
}

// proxyResponse copies an upstream response to the client.
//
// The fetcher goroutine waits for the client's go-ahead on start before it
// issues the request and reports the status on status. The handler only
// sends the go-ahead once it knows the status, to write it first. Fetcher
// blocks on <-start, handler on <-status.
func proxyResponse(client http.ResponseWriter, url string) {
	start := make(chan struct{})
	status := make(chan int)
	bodyc := make(chan io.ReadCloser, 1)
	go func() {
		<-start // want "GL104"
		resp, err := http.Get(url)
		if err != nil {
			status <- http.StatusBadGateway
			bodyc <- nil
			return
		}
		status <- resp.StatusCode
		bodyc <- resp.Body
	}()
	code := <-status
	start <- struct{}{}
	client.WriteHeader(code)
	if body := <-bodyc; body != nil {
		defer body.Close()
		_, _ = io.Copy(client, body)
	}
}
