// Package moby17176 is modelled on the shape of moby#17176: devmapper's
// `cleanupDeletedDevices` locks the device set and returns early, still
// holding it, when there is nothing to clean; the next operation on the
// device set (here, the test's goroutine) blocks forever.
package moby17176

import (
	"errors"
	"sync"
	"time"
)

type DeviceSet struct {
	sync.Mutex
	nrDeletedDevices int
	deleted          []string
}

func (devices *DeviceSet) cleanupDeletedDevices() error {
	devices.Lock()
	if devices.nrDeletedDevices == 0 {
		return nil // want "GL203"
	}
	devices.deleted = devices.deleted[:0]
	devices.nrDeletedDevices = 0
	devices.Unlock()
	return errors.New("cleanup incomplete")
}

// cleanupDeletedDevicesFixed is upstream's fix: unlock on the way out.
func (devices *DeviceSet) cleanupDeletedDevicesFixed() error {
	devices.Lock()
	defer devices.Unlock()
	if devices.nrDeletedDevices == 0 {
		return nil
	}
	devices.deleted = devices.deleted[:0]
	devices.nrDeletedDevices = 0
	return errors.New("cleanup incomplete")
}

func lockReleasedAfter(ds *DeviceSet, cleanup func() error) bool {
	_ = cleanup()
	done := make(chan bool, 1)
	go func() {
		ds.Lock()
		defer ds.Unlock()
		done <- true
	}()
	select {
	case <-time.After(time.Second):
		return false
	case <-done:
		return true
	}
}
