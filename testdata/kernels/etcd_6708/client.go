// Package etcd6708 is modelled on the shape of etcd#6708: the v2 client's
// cluster client, in leader-priority mode, looks the leader up while
// `SetEndpoints` holds its write lock; the members API sends the request
// through the cluster client's `Do`, which read-locks it.
package etcd6708

import (
	"context"
	"errors"
	"sync"
)

type EndpointSelectionMode int

const (
	EndpointSelectionRandom EndpointSelectionMode = iota
	EndpointSelectionPrioritizeLeader
)

type httpAction struct{ path string }

type httpClient interface {
	Do(ctx context.Context, act httpAction) (string, error)
}

type httpClusterClient struct {
	sync.RWMutex
	endpoints     []string
	pinned        int
	selectionMode EndpointSelectionMode
}

func (c *httpClusterClient) Do(ctx context.Context, act httpAction) (string, error) {
	c.RLock()
	leps := len(c.endpoints)
	eps := c.endpoints
	pinned := c.pinned
	c.RUnlock()
	if leps == 0 {
		return "", errors.New("no endpoints")
	}
	return eps[pinned] + act.path, nil
}

type membersAPI struct {
	client httpClient
}

func (m *membersAPI) Leader(ctx context.Context) (string, error) {
	return m.client.Do(ctx, httpAction{path: "/v2/members/leader"})
}

func (c *httpClusterClient) getLeaderEndpoint(ctx context.Context) (string, error) {
	mAPI := &membersAPI{client: c}
	return mAPI.Leader(ctx)
}

// SetEndpoints replaces the endpoints and pins the leader's.
func (c *httpClusterClient) SetEndpoints(eps []string) error {
	c.Lock()
	defer c.Unlock()
	c.endpoints = eps
	if c.selectionMode == EndpointSelectionPrioritizeLeader {
		// Known miss: the read lock is taken by Do, reached through an interface field of another object (membersAPI.client); GL202 follows methods called on the same receiver.
		lep, err := c.getLeaderEndpoint(context.Background())
		if err != nil {
			return err
		}
		for i := range c.endpoints {
			if c.endpoints[i] == lep {
				c.pinned = i
			}
		}
	}
	return nil
}

// setEndpointsFixed is the shape of upstream's fix: the leader is looked
// up once the lock is released.
func (c *httpClusterClient) setEndpointsFixed(eps []string) error {
	c.Lock()
	c.endpoints = eps
	mode := c.selectionMode
	c.Unlock()
	if mode != EndpointSelectionPrioritizeLeader {
		return nil
	}
	lep, err := c.getLeaderEndpoint(context.Background())
	if err != nil {
		return err
	}
	c.Lock()
	defer c.Unlock()
	for i := range c.endpoints {
		if c.endpoints[i] == lep {
			c.pinned = i
		}
	}
	return nil
}
