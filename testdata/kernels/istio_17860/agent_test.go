package istio17860

import (
	"context"
	"testing"
	"time"
)

func TestAgentRestartAfterCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	a := newAgent(testProxy{delay: time.Millisecond})
	go a.Run(ctx)
	a.Restart("config")
	cancel()
}

func TestFixedAgentRestartAfterCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	a := newFixedAgent(testProxy{delay: time.Millisecond})
	go a.Run(ctx)
	a.Restart("config")
	cancel()
}
