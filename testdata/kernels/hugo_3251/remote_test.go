package hugo3251

import "testing"

func TestResGetRemoteConcurrently(t *testing.T) {
	for i := 0; i < 4; i++ {
		go func() { _, _ = resGetRemote("http://example.org/a.json") }()
	}
}

func TestResGetRemoteConcurrentlyFixed(t *testing.T) {
	for i := 0; i < 4; i++ {
		go func() { _, _ = resGetRemoteFixed("http://example.org/a.json") }()
	}
}
