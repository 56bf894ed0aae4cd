package gl101

import (
	"context"
	"errors"
	"net"
	"time"
)

// Hedged reads: ask every replica, keep the first answer. Unless the
// channel has room for every answer, the losers block on their sends.

var (
	errNoEndpoint = errors.New("no endpoint answered in time")
	errNoReplica  = errors.New("no replica answered")
)

type readResult struct {
	replica string
	value   []byte
	err     error
}

type replicaSet struct {
	replicas []string
	timeout  time.Duration
}

func (rs *replicaSet) readFrom(addr, key string) ([]byte, error) {
	conn, err := net.DialTimeout("tcp", addr, rs.timeout)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET " + key + "\n")); err != nil {
		return nil, err
	}
	buf := make([]byte, 64<<10)
	n, err := conn.Read(buf)
	return buf[:n], err
}

// readAny receives one answer; the other len(replicas)-1 goroutines block
// on their sends forever.
func (rs *replicaSet) readAny(key string) ([]byte, error) {
	ch := make(chan readResult)
	for _, r := range rs.replicas {
		go func(addr string) {
			v, err := rs.readFrom(addr, key)
			ch <- readResult{replica: addr, value: v, err: err} // want "GL101"
		}(r)
	}
	res := <-ch
	return res.value, res.err
}

// fastestEndpoint sizes the buffer for one answer only: with two or more
// reachable endpoints, the second send blocks forever.
func fastestEndpoint(endpoints []string, d time.Duration) (string, error) {
	ch := make(chan string, 1)
	for _, ep := range endpoints {
		go func(ep string) {
			conn, err := net.DialTimeout("tcp", ep, d)
			if err != nil {
				return
			}
			conn.Close()
			ch <- ep // want "GL101"
		}(ep)
	}
	select {
	case ep := <-ch:
		return ep, nil
	case <-time.After(d):
		return "", errNoEndpoint
	}
}

// lookupVia resolves host through one DNS server and reports with a plain
// send.
func lookupVia(server, host string, out chan<- lookupResult) {
	r := &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, server)
		},
	}
	addrs, err := r.LookupHost(context.Background(), host)
	out <- lookupResult{addrs: addrs, err: err} // want "GL101"
}

// hedgedLookup races the configured resolvers and keeps the first answer.
func hedgedLookup(servers []string, host string) ([]string, error) {
	ch := make(chan lookupResult)
	for _, s := range servers {
		go lookupVia(s, host, ch)
	}
	res := <-ch
	return res.addrs, res.err
}

// readAnyBuffered is the fix of readAny: one slot per goroutine, so every
// send completes whether or not it is received.
func (rs *replicaSet) readAnyBuffered(key string) ([]byte, error) {
	ch := make(chan readResult, len(rs.replicas))
	for _, r := range rs.replicas {
		go func(addr string) {
			v, err := rs.readFrom(addr, key)
			ch <- readResult{replica: addr, value: v, err: err}
		}(r)
	}
	res := <-ch
	return res.value, res.err
}

// readAnyCtx keeps the channel unbuffered but guards the sends with the
// context that the deferred cancel ends.
func (rs *replicaSet) readAnyCtx(ctx context.Context, key string) ([]byte, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan readResult)
	for _, r := range rs.replicas {
		go func(addr string) {
			v, err := rs.readFrom(addr, key)
			select {
			case ch <- readResult{replica: addr, value: v, err: err}:
			case <-ctx.Done():
			}
		}(r)
	}
	select {
	case res := <-ch:
		return res.value, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// readAll receives once per goroutine it started, with no way out of the
// loop before the last answer.
func (rs *replicaSet) readAll(key string) (map[string][]byte, error) {
	ch := make(chan readResult)
	for _, r := range rs.replicas {
		go func(addr string) {
			v, err := rs.readFrom(addr, key)
			ch <- readResult{replica: addr, value: v, err: err}
		}(r)
	}
	values := make(map[string][]byte, len(rs.replicas))
	var firstErr error
	for range rs.replicas {
		res := <-ch
		if res.err != nil {
			if firstErr == nil {
				firstErr = res.err
			}
			continue
		}
		values[res.replica] = res.value
	}
	return values, firstErr
}

// retryRead starts one attempt per iteration and receives its answer in
// the same iteration; on timeout the attempt in flight sends into the
// buffer of one and exits: nothing leaks.
func (rs *replicaSet) retryRead(ctx context.Context, key string) ([]byte, error) {
	answers := make(chan readResult, 1)
	for _, r := range rs.replicas {
		go func(addr string) {
			v, err := rs.readFrom(addr, key)
			answers <- readResult{replica: addr, value: v, err: err}
		}(r)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case res := <-answers:
			if res.err == nil {
				return res.value, nil
			}
		}
	}
	return nil, errNoReplica
}
