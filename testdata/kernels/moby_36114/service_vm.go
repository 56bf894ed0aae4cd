// Package moby36114 is modelled on the shape of moby#36114: the LCOW
// service VM hot-adds VHDs under its (embedded) lock and, when one fails,
// rolls back through `hotRemoveVHDsAtStart`, which locks the same service
// VM again.
package moby36114

import (
	"errors"
	"sync"
)

type serviceVM struct {
	sync.Mutex
	attachedVHDs map[string]int
	broken       bool
}

func (svm *serviceVM) hotAddVHDs(mvds ...string) error {
	return svm.hotAddVHDsAtStart(mvds...)
}

func (svm *serviceVM) hotAddVHDsAtStart(mvds ...string) error {
	svm.Lock()
	defer svm.Unlock()
	for i, mvd := range mvds {
		if _, ok := svm.attachedVHDs[mvd]; ok {
			svm.attachedVHDs[mvd]++
			continue
		}
		if svm.broken {
			svm.hotRemoveVHDsAtStart(mvds[:i]...) // want "GL202"
			return errors.New("hot add failed")
		}
		svm.attachedVHDs[mvd] = 1
	}
	return nil
}

func (svm *serviceVM) hotRemoveVHDs(mvds ...string) error {
	return svm.hotRemoveVHDsAtStart(mvds...)
}

func (svm *serviceVM) hotRemoveVHDsAtStart(mvds ...string) error {
	svm.Lock()
	defer svm.Unlock()
	for _, mvd := range mvds {
		if svm.attachedVHDs[mvd] > 1 {
			svm.attachedVHDs[mvd]--
			continue
		}
		delete(svm.attachedVHDs, mvd)
	}
	return nil
}

// hotAddVHDsAtStartFixed is upstream's fix: the rollback calls the variant
// that expects the lock held.
func (svm *serviceVM) hotAddVHDsAtStartFixed(mvds ...string) error {
	svm.Lock()
	defer svm.Unlock()
	for i, mvd := range mvds {
		if _, ok := svm.attachedVHDs[mvd]; ok {
			svm.attachedVHDs[mvd]++
			continue
		}
		if svm.broken {
			svm.hotRemoveVHDsLocked(mvds[:i]...)
			return errors.New("hot add failed")
		}
		svm.attachedVHDs[mvd] = 1
	}
	return nil
}

// hotRemoveVHDsLocked expects svm's lock held.
func (svm *serviceVM) hotRemoveVHDsLocked(mvds ...string) {
	for _, mvd := range mvds {
		delete(svm.attachedVHDs, mvd)
	}
}
