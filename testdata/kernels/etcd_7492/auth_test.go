package etcd7492

import (
	"fmt"
	"testing"
	"time"
)

func TestHammerSimpleAuthenticate(t *testing.T) {
	as := newAuthStore(time.Nanosecond)
	defer as.simpleTokenKeeper.stop()
	for i := 0; i < 10; i++ {
		go as.assignSimpleTokenToUser("user", fmt.Sprint("token", i))
		go as.assignSimpleTokenToUserFixed("user", fmt.Sprint("fixed", i))
	}
}
