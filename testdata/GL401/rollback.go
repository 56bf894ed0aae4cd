package gl401

import (
	"os"
	"path/filepath"
)

// Rollbacks registered per iteration: each deferred literal undoes what its
// iteration did, only when the function fails. They must run when the
// function returns, once the outcome is known; none of them is reported.

// mkdirAll creates each missing level of rel under root and removes the
// levels it created if a later one fails (named error result).
func mkdirAll(root string, parts []string) (err error) {
	current := root
	for _, p := range parts {
		current = filepath.Join(current, p)
		if mkErr := os.Mkdir(current, 0o755); mkErr != nil {
			if !os.IsExist(mkErr) {
				return mkErr
			}
			continue
		}
		dir := current
		defer func() {
			if err != nil {
				os.Remove(dir)
			}
		}()
	}
	return nil
}

// stageFiles writes every file and removes them all unless the whole batch
// was written (a flag declared before the loop, set after it).
func stageFiles(dir string, files map[string][]byte) error {
	committed := false
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
		defer func() {
			if !committed {
				os.Remove(path)
			}
		}()
	}
	committed = true
	return nil
}

// openAll defers a close guarded by the file of the iteration itself: the
// test is on the iteration's own value, not on the outcome, and every file
// stays open until the function returns.
func openAll(paths []string) (n int, err error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return n, err
		}
		defer func() { // want "GL401"
			if f != nil {
				f.Close()
			}
		}()
		n++
	}
	return n, nil
}
