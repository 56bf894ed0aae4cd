package gl106

import "time"

// advertiser registers itself with a discovery backend on every tick and
// closes ready once the first registration succeeds, whether that is the
// first try or a later one. The flag set next to the first close guards
// the second (regression: moby's daemonDiscoveryReloader).
type advertiser struct {
	register func() error
	ticker   *time.Ticker
	ready    chan struct{}
	term     chan struct{}
}

func (a *advertiser) heartbeat() {
	var ready bool
	if err := a.register(); err == nil {
		ready = true
		close(a.ready)
	}
	for {
		select {
		case <-a.ticker.C:
			if err := a.register(); err == nil && !ready {
				close(a.ready) // ok: only while ready is false
				ready = true
			}
		case <-a.term:
			return
		}
	}
}

// heartbeatBroken sets its flag but never tests it: the second success
// closes ready again.
func (a *advertiser) heartbeatBroken() {
	var ready bool
	if err := a.register(); err == nil {
		ready = true
		close(a.ready)
	}
	for {
		select {
		case <-a.ticker.C:
			if err := a.register(); err == nil {
				close(a.ready) // want "GL106"
			}
		case <-a.term:
			_ = ready
			return
		}
	}
}
