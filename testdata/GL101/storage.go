package gl101

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// A segment store: the early error returns of its methods abandon the
// goroutine they started before the point where it is served.

type manifest struct {
	Segments []string `json:"segments"`
	Version  int      `json:"version"`
}

type segmentStore struct {
	dir  string
	lock *os.File
}

func loadManifest(dir string) (manifest, error) {
	var m manifest
	b, err := os.ReadFile(filepath.Join(dir, "MANIFEST"))
	if err != nil {
		return m, err
	}
	err = json.Unmarshal(b, &m)
	return m, err
}

func (s *segmentStore) compact(m manifest) {
	for _, seg := range m.Segments {
		_ = os.Remove(filepath.Join(s.dir, seg+".tmp"))
	}
}

func (s *segmentStore) removeStaleTemps() {
	names, _ := filepath.Glob(filepath.Join(s.dir, "*.tmp"))
	for _, n := range names {
		_ = os.Remove(n)
	}
}

// writeSegment hashes the payload in the background while it writes the
// segment file. Both error returns come before the only receive, and leave
// the hashing goroutine blocked on its send.
func (s *segmentStore) writeSegment(name string, data []byte) error {
	sumc := make(chan string)
	go func() {
		h := sha256.Sum256(data)
		sumc <- hex.EncodeToString(h[:]) // want "GL101"
	}()
	f, err := os.Create(filepath.Join(s.dir, name))
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return err
	}
	sum := <-sumc
	return os.WriteFile(filepath.Join(s.dir, name+".sha256"), []byte(sum+"\n"), 0o644)
}

// writeSegmentChecked validates before it starts the goroutine (a return
// there leaves nothing behind) and receives before its first later return.
func (s *segmentStore) writeSegmentChecked(name string, data []byte) error {
	if name == "" || strings.ContainsRune(name, filepath.Separator) {
		return fmt.Errorf("bad segment name %q", name)
	}
	sumc := make(chan string)
	go func() {
		h := sha256.Sum256(data)
		sumc <- hex.EncodeToString(h[:])
	}()
	err := os.WriteFile(filepath.Join(s.dir, name), data, 0o644)
	sum := <-sumc
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(s.dir, name+".sha256"), []byte(sum+"\n"), 0o644)
}

// openAndCompact hands the manifest to a compaction goroutine. When the
// manifest cannot be loaded it returns without sending or closing, and the
// goroutine waits on its receive forever.
func (s *segmentStore) openAndCompact() error {
	manifestc := make(chan manifest)
	go func() {
		m := <-manifestc // want "GL101"
		s.compact(m)
	}()
	m, err := loadManifest(s.dir)
	if err != nil {
		return err
	}
	manifestc <- m
	return nil
}

// openAndCompactSafe closes the channel on the error path: the goroutine's
// receive completes on every path.
func (s *segmentStore) openAndCompactSafe() error {
	manifestc := make(chan manifest)
	go func() {
		m, ok := <-manifestc
		if !ok {
			return
		}
		s.compact(m)
	}()
	m, err := loadManifest(s.dir)
	if err != nil {
		close(manifestc)
		return err
	}
	manifestc <- m
	return nil
}

// open cleans temporary files once the directory lock is held. If the lock
// is taken by another process, open returns before close(lockHeld) and the
// cleaner waits forever.
func (s *segmentStore) open() error {
	lockHeld := make(chan struct{})
	go func() {
		<-lockHeld // want "GL101"
		s.removeStaleTemps()
	}()
	lock, err := os.OpenFile(filepath.Join(s.dir, "LOCK"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("segment store %s is locked: %w", s.dir, err)
	}
	s.lock = lock
	close(lockHeld)
	return nil
}

// streamSegment copies a segment through an io.Pipe. The helper closes the
// read side once streamSegment returns, which unblocks the writer when dst
// failed early; defer close(done) serves its receive on every path.
func (s *segmentStore) streamSegment(name string, dst io.Writer) error {
	f, err := os.Open(filepath.Join(s.dir, name))
	if err != nil {
		return err
	}
	defer f.Close()
	pr, pw := io.Pipe()
	done := make(chan struct{})
	defer close(done)
	go func() {
		<-done
		pr.Close()
	}()
	go func() {
		_, err := io.Copy(pw, f)
		pw.CloseWithError(err)
	}()
	_, err = io.Copy(dst, pr)
	return err
}
