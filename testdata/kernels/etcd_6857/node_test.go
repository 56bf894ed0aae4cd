package etcd6857

import "testing"

func TestNodeStatusAfterStop(t *testing.T) {
	n := newNode()
	go n.run()
	go n.Status()
	go n.Stop()
}

func TestFixedNodeStatusAfterStop(t *testing.T) {
	n := newFixedNode()
	go n.run()
	go n.Status()
	go n.Stop()
}
