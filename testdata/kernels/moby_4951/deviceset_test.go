package moby4951

import "testing"

func TestDeleteDeviceTwice(t *testing.T) {
	ds := &DeviceSet{infos: map[string]*DevInfo{"a": {Hash: "a"}}}
	go ds.DeleteDevice("a")
	go ds.DeleteDevice("a")
}
