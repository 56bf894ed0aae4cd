package istio18454

import (
	"testing"
	"time"
)

func TestOnChangeAfterClose(t *testing.T) {
	s := newStrategy(time.Second, func() {})
	s.OnChange()
	s.Close()
	s.OnChange()
}

func TestFixedOnChangeAfterClose(t *testing.T) {
	s := newFixedStrategy(time.Second, func() {})
	s.onChange()
	s.close()
	s.onChange()
}
