// Package hugo3251 is modelled on the shape of hugo#3251: resources fetched
// from remote URLs are serialized per URL by a map of mutexes. `URLLock`
// takes the URL's mutex while holding the map's write lock, and `URLUnlock`
// read-locks the map to find the URL's mutex while the goroutine still
// holds it: a second fetch of the same URL, waiting for the URL's mutex
// under the map's lock, keeps the first from releasing it (AB-BA between
// the map's RWMutex and a mutex of the map).
package hugo3251

import "sync"

type remoteLock struct {
	sync.RWMutex
	m map[string]*sync.Mutex
}

var remoteURLLock = &remoteLock{m: make(map[string]*sync.Mutex)}

// URLLock locks the URL's mutex, creating it on first use.
func (l *remoteLock) URLLock(url string) {
	l.Lock()
	if _, ok := l.m[url]; !ok {
		l.m[url] = &sync.Mutex{}
	}
	l.m[url].Lock() // Known miss: the URL's mutex is an element of a map; the lock model names mutexes by variable or field only.
	l.Unlock()
}

// URLUnlock unlocks the URL's mutex.
func (l *remoteLock) URLUnlock(url string) {
	l.RLock()
	defer l.RUnlock()
	if um, ok := l.m[url]; ok {
		um.Unlock()
	}
}

func resGetRemote(url string) ([]byte, error) {
	remoteURLLock.URLLock(url)
	defer remoteURLLock.URLUnlock(url)
	return []byte(url), nil
}

// urlLockFixed is upstream's fix: the map's lock is released before the
// URL's mutex is taken.
func (l *remoteLock) urlLockFixed(url string) {
	l.Lock()
	if _, ok := l.m[url]; !ok {
		l.m[url] = &sync.Mutex{}
	}
	um := l.m[url]
	l.Unlock()
	um.Lock()
}

func resGetRemoteFixed(url string) ([]byte, error) {
	remoteURLLock.urlLockFixed(url)
	defer remoteURLLock.URLUnlock(url)
	return []byte(url), nil
}
