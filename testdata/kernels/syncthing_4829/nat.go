// Package syncthing4829 is modelled on the shape of syncthing#4829: the
// NAT service removes a mapping under the service lock, and clearing the
// mapping's addresses write-locks the mapping, then notifies its
// subscribers through `notify`, which read-locks the same mapping: a read
// lock under the goroutine's own write lock never returns.
package syncthing4829

import "sync"

type Address struct {
	IP   string
	Port int
}

type MappingChangeSubscriber func(m *Mapping, added, removed []Address)

type Mapping struct {
	mut          sync.RWMutex
	extAddresses map[string]Address
	subscribers  []MappingChangeSubscriber
}

func (m *Mapping) clearAddresses() {
	m.mut.Lock()
	var removed []Address
	for id, addr := range m.extAddresses {
		removed = append(removed, addr)
		delete(m.extAddresses, id)
	}
	if len(removed) > 0 {
		m.notify(nil, removed) // want "GL202"
	}
	m.mut.Unlock()
}

func (m *Mapping) notify(added, removed []Address) {
	m.mut.RLock()
	for _, subscriber := range m.subscribers {
		subscriber(m, added, removed)
	}
	m.mut.RUnlock()
}

// clearAddressesFixed is upstream's fix: notify after unlocking.
func (m *Mapping) clearAddressesFixed() {
	m.mut.Lock()
	var removed []Address
	for id, addr := range m.extAddresses {
		removed = append(removed, addr)
		delete(m.extAddresses, id)
	}
	m.mut.Unlock()
	if len(removed) > 0 {
		m.notify(nil, removed)
	}
}

type Service struct {
	mut      sync.RWMutex
	mappings []*Mapping
}

func (s *Service) NewMapping() *Mapping {
	mapping := &Mapping{extAddresses: make(map[string]Address)}
	s.mut.Lock()
	s.mappings = append(s.mappings, mapping)
	s.mut.Unlock()
	return mapping
}

// RemoveMapping forgets a mapping and clears its addresses.
func (s *Service) RemoveMapping(mapping *Mapping) {
	s.mut.Lock()
	defer s.mut.Unlock()
	for i, existing := range s.mappings {
		if existing == mapping {
			mapping.clearAddresses()
			last := len(s.mappings) - 1
			s.mappings[i] = s.mappings[last]
			s.mappings = s.mappings[:last]
			return
		}
	}
}

func (s *Service) removeMappingFixed(mapping *Mapping) {
	s.mut.Lock()
	defer s.mut.Unlock()
	for i, existing := range s.mappings {
		if existing == mapping {
			mapping.clearAddressesFixed()
			last := len(s.mappings) - 1
			s.mappings[i] = s.mappings[last]
			s.mappings = s.mappings[:last]
			return
		}
	}
}
