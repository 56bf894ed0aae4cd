// Package methodexpr exercises method expressions on type literals and
// labels in a row, both valid since Go 1.0 and rare enough that parsers
// forget them.
package methodexpr

import "io"

// T has a method promoted into struct literals.
type T struct{}

// Name returns the name.
func (T) Name() string { return "t" }

// Dispatch calls methods through method expressions.
func Dispatch(w io.Writer, r io.Reader) (string, error) {
	name := struct{ T }.Name(struct{ T }{})
	write := interface{ Write([]byte) (int, error) }.Write
	if _, err := write(w, []byte(name)); err != nil {
		return "", err
	}
	read := (interface{ Read([]byte) (int, error) }).Read
	buf := make([]byte, 8)
	n, err := read(r, buf)
	return string(buf[:n]), err
}

// Retry jumps to one of two labels that mark the same point.
func Retry(try func() bool) int {
	attempts := 0
again:
	attempts++
	if attempts > 3 {
		goto done
	}
	if !try() {
		goto again
	}
	goto finished
done:
finished:
	return attempts
}
