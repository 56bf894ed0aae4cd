// Package moby7559 is modelled on the shape of moby#7559: the UDP proxy's
// read loop locks the connection-tracking table for each datagram and, when
// dialing the backend fails, logs and `continue`s with the table still
// locked. The next datagram's `Lock` blocks the proxy forever.
package moby7559

import (
	"errors"
	"log"
	"net"
	"sync"
)

type connTrackKey struct {
	IP   string
	Port int
}

type connTrackMap map[connTrackKey]net.Conn

type UDPProxy struct {
	frontendAddr   *net.UDPAddr
	backendAddr    *net.UDPAddr
	connTrackTable connTrackMap
	connTrackLock  sync.Mutex
	packets        []*net.UDPAddr
}

func (proxy *UDPProxy) dialBackend() (net.Conn, error) {
	if proxy.backendAddr == nil {
		return nil, errors.New("no backend")
	}
	return net.DialUDP("udp", nil, proxy.backendAddr)
}

// Run forwards each datagram to the backend, dialing it once per client.
func (proxy *UDPProxy) Run() {
	for _, from := range proxy.packets {
		fromKey := connTrackKey{IP: from.IP.String(), Port: from.Port}
		proxy.connTrackLock.Lock() // want "GL202"
		proxyConn, hit := proxy.connTrackTable[fromKey]
		if !hit {
			var err error
			proxyConn, err = proxy.dialBackend()
			if err != nil {
				log.Printf("Can't proxy a datagram to udp/%s: %s\n", proxy.backendAddr, err)
				continue
			}
			proxy.connTrackTable[fromKey] = proxyConn
		}
		proxy.connTrackLock.Unlock()
		_, _ = proxyConn.Write([]byte("datagram"))
	}
}

// runFixed is upstream's fix: unlock before `continue`.
func (proxy *UDPProxy) runFixed() {
	for _, from := range proxy.packets {
		fromKey := connTrackKey{IP: from.IP.String(), Port: from.Port}
		proxy.connTrackLock.Lock()
		proxyConn, hit := proxy.connTrackTable[fromKey]
		if !hit {
			var err error
			proxyConn, err = proxy.dialBackend()
			if err != nil {
				log.Printf("Can't proxy a datagram to udp/%s: %s\n", proxy.backendAddr, err)
				proxy.connTrackLock.Unlock()
				continue
			}
			proxy.connTrackTable[fromKey] = proxyConn
		}
		proxy.connTrackLock.Unlock()
		_, _ = proxyConn.Write([]byte("datagram"))
	}
}
