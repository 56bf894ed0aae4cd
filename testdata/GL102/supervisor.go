package gl102

import (
	"errors"
	"os/exec"
	"sync"
	"time"
)

// childProcess is a process managed by the supervisor, with a readiness
// probe that succeeds once the child serves requests.
type childProcess struct {
	name  string
	cmd   *exec.Cmd
	probe func() error
}

// launchChild starts the child and waits until it is ready.
//
// The readiness prober used to run in a goroutine that sent on ready. It
// was moved into watchHealth, which reports on its own channel, but the
// wait below was left behind: no code sends on or closes ready, so the
// supervisor hangs after every successful start.
func launchChild(c *childProcess) error {
	started := make(chan error, 1)
	ready := make(chan bool)
	go func() {
		started <- c.cmd.Start()
	}()
	if err := <-started; err != nil { // fine: the goroutine sends on started
		return err
	}
	if ok := <-ready; !ok { // want "GL102"
		return errors.New(c.name + ": not ready")
	}
	return nil
}

// watchHealth polls the probe and reports each result on a fresh channel.
func watchHealth(c *childProcess, every time.Duration) (<-chan error, func()) {
	health := make(chan error, 1)
	quit := make(chan struct{})
	go func() {
		defer close(health)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				select {
				case health <- c.probe():
				default:
				}
			}
		}
	}()
	return health, func() { close(quit) }
}

// stopChildren signals every child and waits for them to exit.
//
// done is declared with var and never made: it is a nil channel. The
// goroutine below only waits on the WaitGroup (the close(done) that should
// follow was never written), and even if it were, nothing assigns a
// channel to done, so the receive blocks forever.
func stopChildren(children []*childProcess) {
	var wg sync.WaitGroup
	var done chan struct{}
	for _, c := range children {
		if c.cmd.Process == nil {
			continue
		}
		wg.Add(1)
		go func(c *childProcess) {
			defer wg.Done()
			_ = c.cmd.Process.Kill()
			_ = c.cmd.Wait()
		}(c)
	}
	go func() {
		wg.Wait()
	}()
	<-done // want "GL102"
}
