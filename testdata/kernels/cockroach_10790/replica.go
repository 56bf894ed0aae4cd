// Package cockroach10790 is modelled on the shape of cockroach#10790: a
// command waits, in beginCmds, for the commands it overlaps to finish, one
// channel each; when its context is cancelled it stops waiting and starts
// a goroutine to wait for the rest, but the commands behind those channels
// give up on the same cancellation without signalling, so that goroutine
// waits forever.
package cockroach10790

import "context"

type cmd struct {
	pending chan struct{}
}

// Replica serializes overlapping commands.
type Replica struct {
	cmds []*cmd
}

func newReplica(n int) *Replica {
	r := &Replica{}
	for i := 0; i < n; i++ {
		r.cmds = append(r.cmds, &cmd{pending: make(chan struct{})})
	}
	return r
}

// finishCmds signals each waiter in turn, giving up once ctx is done.
func (r *Replica) finishCmds(ctx context.Context) {
	for _, c := range r.cmds {
		select {
		case c.pending <- struct{}{}:
		case <-ctx.Done():
			return
		}
	}
}

func (r *Replica) beginCmds(ctx context.Context) error {
	ctxDone := ctx.Done()
	for _, c := range r.cmds {
		select {
		case <-c.pending:
		case <-ctxDone:
			go func() {
				for _, c := range r.cmds {
					// Known miss: the channels are fields of commands kept in a slice, so the model leaves them open; the sender that gives up is finishCmds on the same context.
					<-c.pending
				}
			}()
			return ctx.Err()
		}
	}
	return nil
}

// beginCmdsFixed has the fix we recall upstream made: the goroutine left
// behind stops waiting on the same cancellation.
func (r *Replica) beginCmdsFixed(ctx context.Context, stopper <-chan struct{}) error {
	ctxDone := ctx.Done()
	for _, c := range r.cmds {
		select {
		case <-c.pending:
		case <-ctxDone:
			go func() {
				for _, c := range r.cmds {
					select {
					case <-c.pending:
					case <-stopper:
						return
					}
				}
			}()
			return ctx.Err()
		}
	}
	return nil
}

func run() {
	r := newReplica(2)
	ctx, cancel := context.WithCancel(context.Background())
	go r.finishCmds(ctx)
	go r.beginCmds(ctx)
	stopper := make(chan struct{})
	go r.beginCmdsFixed(ctx, stopper)
	cancel()
	close(stopper)
}
