package moby17176

import "testing"

func TestDevmapperLockReleasedDeviceDeletion(t *testing.T) {
	ds := &DeviceSet{}
	if !lockReleasedAfter(ds, ds.cleanupDeletedDevices) {
		t.Fatal("device set still locked")
	}
}

func TestDevmapperLockReleasedDeviceDeletionFixed(t *testing.T) {
	ds := &DeviceSet{}
	if !lockReleasedAfter(ds, ds.cleanupDeletedDevicesFixed) {
		t.Fatal("device set still locked")
	}
}
