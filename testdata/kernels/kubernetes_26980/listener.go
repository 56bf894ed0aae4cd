// Package kubernetes26980 is modelled on the shape of kubernetes#26980: the
// shared informer's processor listener pops notifications with its lock
// held, waiting on a sync.Cond while none is pending; once one is, it
// waits with the lock still held for the stop channel, so add, which
// takes the lock to queue the next notification, and the stopper, which
// adds before it stops, wait behind it.
package kubernetes26980

import "sync"

type processorListener struct {
	lock                 sync.Mutex
	cond                 sync.Cond
	pendingNotifications []interface{}
	handled              []interface{}
}

func newProcessListener() *processorListener {
	ret := &processorListener{}
	ret.cond.L = &ret.lock
	return ret
}

func (p *processorListener) add(notification interface{}) {
	p.lock.Lock()
	defer p.lock.Unlock()
	p.pendingNotifications = append(p.pendingNotifications, notification)
	p.cond.Broadcast()
}

// pop hands out notifications until stopped, holding the lock throughout.
func (p *processorListener) pop(stopCh <-chan struct{}) {
	p.lock.Lock()
	defer p.lock.Unlock()
	for {
		for len(p.pendingNotifications) == 0 {
			select {
			case <-stopCh:
				return
			default:
			}
			p.cond.Wait()
		}
		p.handled = append(p.handled, p.pendingNotifications[0])
		p.pendingNotifications = p.pendingNotifications[1:]
		<-stopCh // want "GL201"
	}
}

type processor struct {
	listeners []*processorListener
}

func (pr *processor) distribute(obj interface{}) {
	for _, l := range pr.listeners {
		l.add(obj)
	}
}

func (pr *processor) run(stopCh chan struct{}) {
	l := newProcessListener()
	pr.listeners = append(pr.listeners, l)
	go l.pop(stopCh)
	pr.distribute(1)
	pr.distribute(2)
	close(stopCh)
}

type fixedListener struct {
	lock                 sync.Mutex
	cond                 sync.Cond
	pendingNotifications []interface{}
	handled              []interface{}
}

func newFixedListener() *fixedListener {
	ret := &fixedListener{}
	ret.cond.L = &ret.lock
	return ret
}

func (p *fixedListener) add(notification interface{}) {
	p.lock.Lock()
	defer p.lock.Unlock()
	p.pendingNotifications = append(p.pendingNotifications, notification)
	p.cond.Broadcast()
}

// pop has the shape we recall the upstream fix took: the stop channel is
// only polled, never waited on with the lock held.
func (p *fixedListener) pop(stopCh <-chan struct{}) {
	p.lock.Lock()
	defer p.lock.Unlock()
	for {
		for len(p.pendingNotifications) == 0 {
			select {
			case <-stopCh:
				return
			default:
			}
			p.cond.Wait()
		}
		p.handled = append(p.handled, p.pendingNotifications[0])
		p.pendingNotifications = p.pendingNotifications[1:]
		select {
		case <-stopCh:
			return
		default:
		}
	}
}

func runFixed(stopCh chan struct{}) {
	l := newFixedListener()
	go l.pop(stopCh)
	l.add(1)
	l.add(2)
	close(stopCh)
}
