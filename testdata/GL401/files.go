// Package gl401 holds the testdata of GL401 (defer inside a loop).
//
// A deferred call runs when the enclosing function returns, not at the end
// of the loop iteration: files, locks and buffers pile up until then. A
// `defer` statement is reported when a `for` loop of the same function
// (function literals are functions of their own) encloses it; the primary
// span starts at the `defer` keyword.
package gl401

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// checksums keeps every file open until all of them are hashed.
func checksums(paths []string) (map[string]string, error) {
	sums := make(map[string]string, len(paths))
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("checksum %s: %w", p, err)
		}
		defer f.Close() // want "GL401"
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return nil, fmt.Errorf("checksum %s: %w", p, err)
		}
		sums[p] = hex.EncodeToString(h.Sum(nil))
	}
	return sums, nil
}

// countLines uses a three-clause loop.
func countLines(dir string, names []string) (int, error) {
	total := 0
	for i := 0; i < len(names); i++ {
		f, err := os.Open(filepath.Join(dir, names[i]))
		if err != nil {
			return 0, err
		}
		defer f.Close() // want "GL401"
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			total++
		}
	}
	return total, nil
}

// extractAll nests the defers of a gzip reader and a file inside a loop;
// both are reported.
func extractAll(archives []string, dst string) error {
	for _, a := range archives {
		f, err := os.Open(a)
		if err != nil {
			return err
		}
		defer f.Close() // want "GL401"
		zr, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		defer zr.Close() // want "GL401"
		if err := untar(tar.NewReader(zr), dst); err != nil {
			return fmt.Errorf("%s: %w", a, err)
		}
	}
	return nil
}

func untar(tr *tar.Reader, dst string) error {
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		out, err := os.Create(filepath.Join(dst, filepath.Clean(hdr.Name)))
		if err != nil {
			return err
		}
		defer out.Close() // want "GL401"
		if _, err := io.Copy(out, tr); err != nil {
			return err
		}
	}
}

// rotate defers only in one branch of an if inside the loop.
func rotate(logs []string, keep int) error {
	for i, name := range logs {
		if i < keep {
			continue
		}
		if f, err := os.OpenFile(name, os.O_RDWR, 0); err == nil {
			defer f.Close() // want "GL401"
			if err := f.Truncate(0); err != nil {
				return err
			}
		}
	}
	return nil
}
