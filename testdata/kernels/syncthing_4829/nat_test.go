package syncthing4829

import "testing"

func TestRemoveMapping(t *testing.T) {
	s := &Service{}
	m := s.NewMapping()
	m.extAddresses["a"] = Address{IP: "10.0.0.1", Port: 22000}
	s.RemoveMapping(m)
}

func TestRemoveMappingFixed(t *testing.T) {
	s := &Service{}
	m := s.NewMapping()
	m.extAddresses["a"] = Address{IP: "10.0.0.1", Port: 22000}
	s.removeMappingFixed(m)
}
