// Package moby4951 is modelled on the shape of moby#4951: devmapper's
// `DeleteDevice` locks the device set, then the device's own lock, and
// deep in the deletion `removeDeviceAndWait` drops the device-set lock
// while it waits for the device to go away and takes it again, still
// holding the device's lock. A second deletion of the same device takes
// the device-set lock in the gap and waits for the device's lock: each
// goroutine holds the lock the other waits for (AB-BA).
package moby4951

import (
	"sync"
	"time"
)

type DevInfo struct {
	Hash string
	lock sync.Mutex
}

func (info *DevInfo) Name() string { return "docker-" + info.Hash }

type DeviceSet struct {
	sync.Mutex
	infos map[string]*DevInfo
}

func (devices *DeviceSet) lookupDevice(hash string) *DevInfo {
	return devices.infos[hash]
}

// DeleteDevice removes a device, holding the set's lock and the device's.
func (devices *DeviceSet) DeleteDevice(hash string) {
	devices.Lock()
	defer devices.Unlock()
	info := devices.lookupDevice(hash)
	if info == nil {
		return
	}
	info.lock.Lock()
	defer info.lock.Unlock()
	devices.deleteDevice(info)
}

func (devices *DeviceSet) deleteDevice(info *DevInfo) {
	devices.removeDeviceAndWait(info.Name())
	delete(devices.infos, info.Hash)
}

// removeDeviceAndWait is called with the set's lock held; it drops it while
// it waits.
func (devices *DeviceSet) removeDeviceAndWait(devname string) {
	devices.Unlock()
	time.Sleep(300 * time.Nanosecond)
	devices.Lock() // want "GL204"
}

// deleteDeviceFixed is the shape of upstream's fix: the device's lock is
// not held across the wait, so the set's lock is never taken under it.
func (devices *DeviceSet) deleteDeviceFixed(hash string) {
	devices.Lock()
	defer devices.Unlock()
	info := devices.lookupDevice(hash)
	if info == nil {
		return
	}
	info.lock.Lock()
	name := info.Name()
	info.lock.Unlock()
	devices.removeDeviceAndWait(name)
	delete(devices.infos, hash)
}
