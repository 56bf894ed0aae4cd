// Package kubernetes30872 is modelled on the shape of kubernetes#30872:
// the federated informer's `Stop` holds the informer's lock while it stops
// the cluster controller, which takes the controller's lock; the
// controller's processing holds its own lock while it runs the cluster
// lifecycle handlers, and the `ClusterAvailable` handler adds the cluster
// to the federated informer, which takes the informer's lock (AB-BA
// through a callback).
package kubernetes30872

import "sync"

type Cluster struct{ Name string }

type ClusterLifecycleHandlerFuncs struct {
	ClusterAvailable   func(*Cluster)
	ClusterUnavailable func(*Cluster)
}

type clusterController struct {
	mu       sync.Mutex
	handlers ClusterLifecycleHandlerFuncs
	queue    []*Cluster
	stopped  bool
}

// processNext runs on the controller's goroutine.
func (c *clusterController) processNext() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queue) == 0 {
		return
	}
	cluster := c.queue[0]
	c.queue = c.queue[1:]
	c.handlers.ClusterAvailable(cluster)
}

func (c *clusterController) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped = true
}

type federatedInformerImpl struct {
	sync.Mutex
	clusterInformer *clusterController
	targets         map[string]bool
}

func NewFederatedInformer() *federatedInformerImpl {
	f := &federatedInformerImpl{targets: make(map[string]bool)}
	f.clusterInformer = &clusterController{
		handlers: ClusterLifecycleHandlerFuncs{
			ClusterAvailable: func(cluster *Cluster) {
				f.addCluster(cluster)
			},
			ClusterUnavailable: func(cluster *Cluster) {
				f.deleteCluster(cluster)
			},
		},
	}
	return f
}

func (f *federatedInformerImpl) addCluster(cluster *Cluster) {
	f.Lock() // want "GL204"
	defer f.Unlock()
	f.targets[cluster.Name] = true
}

func (f *federatedInformerImpl) deleteCluster(cluster *Cluster) {
	f.Lock()
	defer f.Unlock()
	delete(f.targets, cluster.Name)
}

// Start runs the cluster controller.
func (f *federatedInformerImpl) Start() {
	go func() {
		for {
			f.clusterInformer.processNext()
		}
	}()
}

// Stop stops the cluster controller holding the informer's lock.
func (f *federatedInformerImpl) Stop() {
	f.Lock()
	defer f.Unlock()
	f.clusterInformer.Stop()
}

// stopFixed is the shape of upstream's fix: the controller is stopped
// outside the informer's lock.
func (f *federatedInformerImpl) stopFixed() {
	f.Lock()
	ci := f.clusterInformer
	f.Unlock()
	ci.Stop()
}
