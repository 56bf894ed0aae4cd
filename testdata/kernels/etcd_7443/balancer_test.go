package etcd7443

import "testing"

func TestBalancerCloseAfterUp(t *testing.T) {
	sb := newSimpleBalancer([]string{"127.0.0.1:2379", "127.0.0.1:22379"})
	go sb.up()
	sb.Close()
}

func TestFixedBalancerCloseAfterUp(t *testing.T) {
	sb := newFixedBalancer([]string{"127.0.0.1:2379", "127.0.0.1:22379"})
	go sb.up()
	sb.Close()
}
