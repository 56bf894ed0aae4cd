package gl602

import (
	"errors"
	"fmt"
	"io"
	"testing"
)

// The operand that is the expectation of a check is not a cause: it is
// often nil, and %w of nil prints %!w(<nil>).

func checkErr(got, want error) error {
	if !errors.Is(got, want) {
		return fmt.Errorf("got %v, want %v", got, want) // ok: observed and expected
	}
	return nil
}

func TestReadErrors(t *testing.T) {
	cases := []struct {
		in      string
		wantErr error
	}{
		{"", io.EOF},
		{"x", nil},
	}
	for _, tt := range cases {
		_, err := io.ReadFull(readerOf(tt.in), make([]byte, 1))
		if !errors.Is(err, tt.wantErr) {
			t.Error(fmt.Errorf("ReadFull(%q): %v (expected: %v)", tt.in, err, tt.wantErr)) // ok: both compared
		}
		if err != nil && tt.wantErr == nil {
			t.Error(fmt.Errorf("ReadFull(%q) failed: %v", tt.in, err)) // want "GL602"
		}
		expErr := tt.wantErr
		if err != expErr {
			t.Error(fmt.Errorf("mismatch for %q: %v", tt.in, expErr)) // ok: the expectation
		}
	}
}

type stringReader struct{ s string }

func (r *stringReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	n := copy(p, r.s)
	r.s = r.s[n:]
	return n, nil
}

func readerOf(s string) io.Reader { return &stringReader{s} }
