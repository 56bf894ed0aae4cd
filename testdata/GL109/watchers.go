package gl109

import (
	"context"
	"log"
	"net"
	"time"
)

// A monitor's cancel function is called by stop, which only shutdown
// calls, which nothing calls: the monitor started by StartMonitor never
// stops.
type monitor struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newMonitor() *monitor {
	ctx, cancel := context.WithCancel(context.Background())
	m := &monitor{ctx: ctx, cancel: cancel}
	go m.watch()
	return m
}

func (m *monitor) watch() {
	<-m.ctx.Done() // want "GL109"
	log.Print("monitor stopped")
}

func (m *monitor) shutdown() { m.stop() }

func (m *monitor) stop() { m.cancel() }

// StartMonitor is what other packages call.
func StartMonitor() { newMonitor() }

// A sampler's stop is called by the exported Close of its wrapper, which
// other packages call: silent.
type sampler struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newSampler() *sampler {
	ctx, cancel := context.WithCancel(context.Background())
	s := &sampler{ctx: ctx, cancel: cancel}
	go s.loop()
	return s
}

func (s *sampler) loop() {
	<-s.ctx.Done()
	log.Print("sampler stopped")
}

func (s *sampler) stop() { s.cancel() }

// Sampler samples until closed.
type Sampler struct{ s *sampler }

// StartSampler starts a sampler.
func StartSampler() *Sampler { return &Sampler{s: newSampler()} }

// Close stops the sampler.
func (x *Sampler) Close() { x.s.stop() }

// A heartbeat pings its connection every second until stopped: its loop
// ends only when the context is done, and only Stop cancels it.
type heartbeat struct {
	nc     net.Conn
	ctx    context.Context
	cancel context.CancelFunc
}

func startHeartbeat(nc net.Conn) *heartbeat {
	ctx, cancel := context.WithCancel(context.Background())
	h := &heartbeat{nc: nc, ctx: ctx, cancel: cancel}
	go h.loop()
	return h
}

func (h *heartbeat) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-h.ctx.Done():
			return
		case <-t.C:
			if _, err := h.nc.Write([]byte("ping\n")); err != nil {
				log.Printf("heartbeat: %v", err)
			}
		}
	}
}

// Stop ends the heartbeat.
func (h *heartbeat) Stop() { h.cancel() }

func login(nc net.Conn) error {
	_, err := nc.Write([]byte("login\n"))
	return err
}

func serveSession(nc net.Conn) error {
	_, err := nc.Write([]byte("ready\n"))
	return err
}

// runSession leaves the heartbeat running forever when the login fails.
func runSession(nc net.Conn) error {
	h := startHeartbeat(nc) // want "GL109"
	if err := login(nc); err != nil {
		return err
	}
	defer h.Stop()
	return serveSession(nc)
}

// runSessionFixed stops the heartbeat on every path: silent.
func runSessionFixed(nc net.Conn) error {
	h := startHeartbeat(nc)
	defer h.Stop()
	if err := login(nc); err != nil {
		return err
	}
	return serveSession(nc)
}

// A prober's loop also ends when a write fails: the goroutine does not
// wait for the context alone, silent even when dropped.
type prober struct {
	nc     net.Conn
	ctx    context.Context
	cancel context.CancelFunc
}

func startProber(nc net.Conn) *prober {
	ctx, cancel := context.WithCancel(context.Background())
	p := &prober{nc: nc, ctx: ctx, cancel: cancel}
	go p.loop()
	return p
}

func (p *prober) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-t.C:
			if _, err := p.nc.Write([]byte("probe\n")); err != nil {
				return
			}
		}
	}
}

func (p *prober) Stop() { p.cancel() }

func probeOnce(nc net.Conn) {
	startProber(nc)
}
