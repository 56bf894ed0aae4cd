// Package moby33293 is modelled on the shape of moby#33293: the client's
// ContainerWait returns a result channel and an error channel; when the
// request fails it sends the error on the unbuffered error channel before
// it returns the channel, so nobody can be receiving yet and the send
// blocks forever.
package moby33293

import (
	"context"
	"encoding/json"
	"io"
	"strings"
)

// WaitResult is what the daemon answers when the container stops.
type WaitResult struct {
	StatusCode int64
}

type response struct {
	body io.ReadCloser
}

// Client talks to the daemon.
type Client struct {
	post func(ctx context.Context, path string) (*response, error)
}

func ensureReaderClosed(resp *response) {
	if resp != nil && resp.body != nil {
		resp.body.Close()
	}
}

// ContainerWait waits for the container to stop.
func (cli *Client) ContainerWait(ctx context.Context, id string) (<-chan WaitResult, <-chan error) {
	resultC := make(chan WaitResult)
	errC := make(chan error)

	resp, err := cli.post(ctx, "/containers/"+id+"/wait")
	if err != nil {
		defer ensureReaderClosed(resp)
		errC <- err // want "GL107"
		return resultC, errC
	}

	go func() {
		defer ensureReaderClosed(resp)
		var res WaitResult
		if err := json.NewDecoder(resp.body).Decode(&res); err != nil {
			errC <- err
			return
		}
		resultC <- res
	}()
	return resultC, errC
}

// ContainerWaitFixed has the fix we recall upstream made: the error channel
// has room for the one error, so the send completes before anyone reads.
func (cli *Client) ContainerWaitFixed(ctx context.Context, id string) (<-chan WaitResult, <-chan error) {
	resultC := make(chan WaitResult)
	errC := make(chan error, 1)

	resp, err := cli.post(ctx, "/containers/"+id+"/wait")
	if err != nil {
		defer ensureReaderClosed(resp)
		errC <- err
		return resultC, errC
	}

	go func() {
		defer ensureReaderClosed(resp)
		var res WaitResult
		if err := json.NewDecoder(resp.body).Decode(&res); err != nil {
			errC <- err
			return
		}
		resultC <- res
	}()
	return resultC, errC
}

func okBody(context.Context, string) (*response, error) {
	return &response{body: io.NopCloser(strings.NewReader(`{"StatusCode":0}`))}, nil
}
