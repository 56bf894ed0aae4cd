package cockroach24808

import (
	"context"
	"testing"
)

func TestCompactorThrottling(t *testing.T) {
	ctx := context.Background()
	stopper := newStopper()
	defer stopper.Stop()
	compactor := newCompactor()
	compactor.ch <- struct{}{}
	compactor.Start(ctx, stopper)
}

func TestFixedCompactorThrottling(t *testing.T) {
	ctx := context.Background()
	stopper := newStopper()
	defer stopper.Stop()
	compactor := &fixedCompactor{ch: make(chan struct{}, 1)}
	compactor.ch <- struct{}{}
	compactor.start(ctx, stopper)
}
