// Package etcd7492 is modelled on the shape of etcd#7492: the simple-token
// TTL keeper's goroutine deletes expired tokens through a callback that
// takes the auth store's token lock, and the auth store, holding that
// lock, registers a new token by sending on the keeper's one-slot add
// channel; with the slot taken and the keeper waiting for the lock, the
// send never completes.
package etcd7492

import (
	"sync"
	"time"
)

type simpleTokenTTLKeeper struct {
	tokens           map[string]time.Time
	addSimpleTokenCh chan string
	stopCh           chan chan struct{}
	deleteTokenFunc  func(string)
	ttl              time.Duration
}

func newSimpleTokenTTLKeeper(deletefunc func(string), ttl time.Duration) *simpleTokenTTLKeeper {
	stk := &simpleTokenTTLKeeper{
		tokens:           make(map[string]time.Time),
		addSimpleTokenCh: make(chan string, 1),
		stopCh:           make(chan chan struct{}),
		deleteTokenFunc:  deletefunc,
		ttl:              ttl,
	}
	go stk.run()
	return stk
}

func (tm *simpleTokenTTLKeeper) stop() {
	waitCh := make(chan struct{})
	tm.stopCh <- waitCh
	<-waitCh
}

func (tm *simpleTokenTTLKeeper) addSimpleToken(token string) {
	// Known miss: the channel has a buffer of one, and GL201 leaves buffered sends alone; the send blocks once several tokens are added while the keeper waits for the lock in its delete callback.
	tm.addSimpleTokenCh <- token
}

func (tm *simpleTokenTTLKeeper) run() {
	tokenTicker := time.NewTicker(tm.ttl)
	defer tokenTicker.Stop()
	for {
		select {
		case token := <-tm.addSimpleTokenCh:
			tm.tokens[token] = time.Now().Add(tm.ttl)
		case <-tokenTicker.C:
			nowtime := time.Now()
			for t, tokenendtime := range tm.tokens {
				if nowtime.After(tokenendtime) {
					tm.deleteTokenFunc(t)
					delete(tm.tokens, t)
				}
			}
		case waitCh := <-tm.stopCh:
			tm.tokens = make(map[string]time.Time)
			waitCh <- struct{}{}
			return
		}
	}
}

type authStore struct {
	simpleTokensMu    sync.Mutex
	simpleTokens      map[string]string
	simpleTokenKeeper *simpleTokenTTLKeeper
}

func newAuthStore(ttl time.Duration) *authStore {
	as := &authStore{simpleTokens: make(map[string]string)}
	as.simpleTokenKeeper = newSimpleTokenTTLKeeper(as.deleteToken, ttl)
	return as
}

func (as *authStore) deleteToken(token string) {
	as.simpleTokensMu.Lock()
	defer as.simpleTokensMu.Unlock()
	delete(as.simpleTokens, token)
}

func (as *authStore) assignSimpleTokenToUser(username, token string) {
	as.simpleTokensMu.Lock()
	defer as.simpleTokensMu.Unlock()
	as.simpleTokens[token] = username
	as.simpleTokenKeeper.addSimpleToken(token)
}

// assignSimpleTokenToUserFixed has the shape of the fix we recall: the
// keeper is told after the lock is released.
func (as *authStore) assignSimpleTokenToUserFixed(username, token string) {
	as.simpleTokensMu.Lock()
	as.simpleTokens[token] = username
	as.simpleTokensMu.Unlock()
	as.simpleTokenKeeper.addSimpleToken(token)
}
