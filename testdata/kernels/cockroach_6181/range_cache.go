// Package cockroach6181 is modelled on the shape of cockroach#6181: the
// range descriptor cache read-locks itself to look a descriptor up and,
// while logging the miss, formats the cache with `String`, which
// read-locks it again. A goroutine that evicts a descriptor (a writer)
// between the two read locks makes the second wait for the writer, which
// waits for the first.
package cockroach6181

import (
	"fmt"
	"log"
	"sync"
)

type RangeDescriptor struct {
	RangeID  int
	StartKey string
}

type rangeDescriptorCache struct {
	rangeCacheMu sync.RWMutex
	rangeCache   map[string]*RangeDescriptor
}

// LookupRangeDescriptor runs on every request's goroutine.
func (rdc *rangeDescriptorCache) LookupRangeDescriptor(key string) *RangeDescriptor {
	rdc.rangeCacheMu.RLock()
	desc, ok := rdc.rangeCache[key]
	if !ok {
		log.Printf("lookup range descriptor: key=%s\n%s", key, rdc) // want "GL202"
	}
	rdc.rangeCacheMu.RUnlock()
	return desc
}

// EvictCachedRangeDescriptor drops a stale descriptor.
func (rdc *rangeDescriptorCache) EvictCachedRangeDescriptor(key string) {
	rdc.rangeCacheMu.Lock()
	defer rdc.rangeCacheMu.Unlock()
	delete(rdc.rangeCache, key)
}

func (rdc *rangeDescriptorCache) String() string {
	rdc.rangeCacheMu.RLock()
	defer rdc.rangeCacheMu.RUnlock()
	return rdc.stringLocked()
}

func (rdc *rangeDescriptorCache) stringLocked() string {
	s := "range cache:"
	for k, d := range rdc.rangeCache {
		s += fmt.Sprintf(" %s=r%d", k, d.RangeID)
	}
	return s
}

// lookupRangeDescriptorFixed is upstream's fix: log with the variant that
// expects the lock held.
func (rdc *rangeDescriptorCache) lookupRangeDescriptorFixed(key string) *RangeDescriptor {
	rdc.rangeCacheMu.RLock()
	desc, ok := rdc.rangeCache[key]
	if !ok {
		log.Printf("lookup range descriptor: key=%s\n%s", key, rdc.stringLocked())
	}
	rdc.rangeCacheMu.RUnlock()
	return desc
}
