//go:build go1.24

package gl401

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The Go 1.22 and Go 1.24 forms of a benchmark's loop are unbounded too.

func BenchmarkRangeN(b *testing.B) {
	dir := b.TempDir()
	for i := range b.N {
		p := filepath.Join(dir, strconv.Itoa(i))
		defer os.Remove(p) // want "GL401"
	}
}

func BenchmarkLoop(b *testing.B) {
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		defer os.Remove(filepath.Join(dir, strconv.Itoa(i))) // want "GL401"
	}
}

func TestRangeInt(t *testing.T) {
	dir := t.TempDir()
	for i := range 3 {
		defer os.Remove(filepath.Join(dir, strconv.Itoa(i))) // ok: three cases
	}
}
