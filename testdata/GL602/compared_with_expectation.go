package gl602

import (
	"fmt"
	"io"
)

// A format that reports the error as an observed result next to an
// expectation (`got %v`, `…; want …`) is not wrapping a cause: the error is
// often nil there, and %w would print %!w(<nil>). Found in the standard
// library's testing/iotest (TestReader), internal/trace and many tests.

func checkRead(r io.Reader, buf []byte) error {
	if n, err := r.Read(buf[:0]); n != 0 || err != nil {
		return fmt.Errorf("Read(0) = %d, %v, want 0, nil", n, err) // ok: err may be nil
	}
	if n, err := r.Read(buf); n != 0 || err != io.EOF {
		return fmt.Errorf("Read at EOF = %d, %v; wanted 0, EOF", n, err) // ok: err may be nil
	}
	return nil
}

func expectEOF(r io.Reader) error {
	_, err := r.Read(make([]byte, 1))
	if err != io.EOF {
		return fmt.Errorf("expected io.EOF, got %v", err) // ok: err may be nil
	}
	return nil
}

// Still reported: the error is the cause.
func readHeader(r io.Reader) ([]byte, error) {
	b := make([]byte, 8)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("read header (want 8 bytes): %v", err) // want "GL602"
	}
	return b, nil
}

// known false positive: err may be nil here (n != 1 alone takes the
// branch), and %w of nil prints %!w(<nil>); the IR keeps no operators, so
// the rule cannot tell `||` from `&&` (internal/trace.parseHeader).
func readOne(r io.Reader) (byte, error) {
	var b [1]byte
	n, err := r.Read(b[:])
	if err != nil || n != 1 {
		return 0, fmt.Errorf("read one byte: n=%d err=%v", n, err) // want "GL602"
	}
	return b[0], nil
}
