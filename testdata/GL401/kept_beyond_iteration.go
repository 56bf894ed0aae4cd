package gl401

import (
	"io"
	"net"
	"os"
	"sync"
)

// A defer in a loop whose call only operates on values that outlive the
// iteration anyway is not reported: values the iteration keeps on purpose
// (appended to a slice, stored in an element, a field or through a pointer)
// and values that exist before the loop. Moving the loop body into a
// function would release them too early. Found in golang.org/x/tools
// (godoc Corpus.readIndex), aws-sdk-go (session.setTLSOptions), the
// standard library's net tests and syscall.StartProcess, gotest.tools
// (subtest cleanup) and moby/sys/mount.

// concatFiles opens every file for one MultiReader: all must stay open
// until the end.
func concatFiles(names []string) ([]byte, error) {
	var readers []io.Reader
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return nil, err
		}
		defer f.Close() // ok: appended to readers, read after the loop
		readers = append(readers, f)
	}
	return io.ReadAll(io.MultiReader(readers...))
}

// pingAll keeps every connection in a slice.
func pingAll(addrs []string) error {
	conns := make([]net.Conn, len(addrs))
	for i, a := range addrs {
		var err error
		conns[i], err = net.Dial("tcp", a)
		if err != nil {
			return err
		}
		defer conns[i].Close() // ok: kept in conns, used after the loop
	}
	for _, c := range conns {
		if _, err := c.Write([]byte("ping")); err != nil {
			return err
		}
	}
	return nil
}

// tlsFiles is filled through pointers to its fields.
type tlsFiles struct {
	ca, cert io.Reader
}

func loadTLSFiles(caPath, certPath string, use func(tlsFiles) error) error {
	var opts tlsFiles
	for name, field := range map[string]*io.Reader{caPath: &opts.ca, certPath: &opts.cert} {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close() // ok: stored through field, read by use after the loop
		*field = f
	}
	return use(opts)
}

// runCleanups runs the cleanups in reverse order when it returns, even if
// one of them panics.
func runCleanups(cleanups []func()) {
	for _, f := range cleanups {
		defer f() // ok: the functions exist before the loop
	}
}

// withTempFiles removes files created before the loop when it returns.
func withTempFiles(tmps []string, run func() error) error {
	for _, t := range tmps {
		defer os.Remove(t) // ok: the names exist before the loop
	}
	return run()
}

// Still reported: the iteration makes the value and does not keep it, or
// acquires something on a value that exists before the loop.

func sumSizes(names []string) (int64, error) {
	var total int64
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return 0, err
		}
		defer f.Close() // want "GL401"
		st, err := f.Stat()
		if err != nil {
			return 0, err
		}
		total += st.Size()
	}
	return total, nil
}

// lockAll holds every mutex of the set while work runs: each iteration
// locks a different one, and holding them all until the function returns is
// the point.
func lockAll(mus []*sync.Mutex, work func()) {
	for _, mu := range mus {
		mu.Lock()
		defer mu.Unlock() // ok: one per element, released together
	}
	work()
}

// node is a tree of locked records (testing.common's destination walks its
// parents this way).
type node struct {
	mu     sync.Mutex
	parent *node
	done   bool
}

// openAncestor locks each ancestor on the way up and keeps them locked
// until it returns, so that none completes while it decides.
func openAncestor(c *node) *node {
	for p := c.parent; p != nil; p = p.parent {
		p.mu.Lock()
		defer p.mu.Unlock() // ok: a different lock per level
		if !p.done {
			return p
		}
	}
	return nil
}

// lockParentOnce locks the same parent on every iteration: the second Lock
// blocks forever.
func lockParentOnce(c *node, tries int) bool {
	for i := 0; i < tries; i++ {
		c.parent.mu.Lock()
		defer c.parent.mu.Unlock() // want "GL401"
		if c.parent.done {
			return true
		}
	}
	return false
}

// reporter sees each step of a comparison as it is entered and left.
type reporter interface {
	PushStep(step string)
	PopStep()
}

// enterStep tells every reporter about the step for the rest of the call
// (go-cmp's compareAny).
func enterStep(rs []reporter, step string, compare func()) {
	for _, r := range rs {
		r.PushStep(step)
		defer r.PopStep() // ok: undoes this element's push when the call ends
	}
	compare()
}

// batch pairs begin and end calls.
type batch struct{ depth int }

func (b *batch) begin() { b.depth++ }
func (b *batch) end()   { b.depth-- }

func applyAll(b *batch, items []string, apply func(string)) {
	for _, it := range items {
		b.begin()
		defer b.end() // want "GL401"
		apply(it)
	}
}

// handleTable duplicates and releases handles of a process table.
type handleTable struct{ open map[int]bool }

func (t *handleTable) dup(from, to int, dst *int) error {
	*dst = from + to
	t.open[*dst] = true
	return nil
}

func (t *handleTable) release(from, h int) { delete(t.open, h) }

// startChild duplicates each inherited handle into fds, which must stay
// valid until the child has started: the release is deferred on purpose,
// and the table handle it also takes is only context.
func startChild(t *handleTable, parent int, files []int, start func([]int) error) error {
	fds := make([]int, len(files))
	for i := range files {
		if err := t.dup(parent, files[i], &fds[i]); err != nil {
			return err
		}
		defer t.release(parent, fds[i])
	}
	return start(fds)
}
