package moby33293

import (
	"context"
	"errors"
	"testing"
)

func TestContainerWaitError(t *testing.T) {
	cli := &Client{post: func(context.Context, string) (*response, error) {
		return nil, errors.New("connection refused")
	}}
	resultC, errC := cli.ContainerWaitFixed(context.Background(), "c1")
	select {
	case <-resultC:
		t.Fatal("want an error")
	case err := <-errC:
		if err == nil {
			t.Fatal("want an error")
		}
	}
}

func TestContainerWaitOK(t *testing.T) {
	cli := &Client{post: okBody}
	resultC, errC := cli.ContainerWait(context.Background(), "c1")
	select {
	case res := <-resultC:
		if res.StatusCode != 0 {
			t.Fatal(res.StatusCode)
		}
	case err := <-errC:
		t.Fatal(err)
	}
}
