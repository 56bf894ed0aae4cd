package gl602

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"
)

// Nothing in this file is reported.

var errNotFound = errors.New("not found")

// openWrapped wraps with %w.
func openWrapped(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err) // ok: %w
	}
	return f, nil
}

// closeAfterFailure already wraps one error with %w. Before Go 1.20 a
// format may hold only one %w, so the second error can only be formatted
// with %v: once the format has a %w, the call is silent.
func closeAfterFailure(f io.Closer, writeErr error) error {
	if closeErr := f.Close(); closeErr != nil {
		return fmt.Errorf("write: %w (close also failed: %v)", writeErr, closeErr) // ok: the format already has a %w
	}
	return fmt.Errorf("write: %w", writeErr) // ok: %w
}

// lookup wraps a sentinel with %w and formats the key with %v.
func lookup(m map[string]string, key string) (string, error) {
	v, ok := m[key]
	if !ok {
		return "", fmt.Errorf("key %v: %w", key, errNotFound) // ok: %v of a string, %w of the error
	}
	return v, nil
}

// nonErrors formats strings and numbers, one of them named like an error
// but declared int.
func nonErrors(name string, errCount int, attempts int) error {
	return fmt.Errorf("%s: %v errors after %d attempts", name, errCount, attempts) // ok: errCount is an int
}

// lastErrString is a string whose name ends in Err: its declared type wins.
func lastErrString(lines []string) error {
	var lastErr string
	for _, l := range lines {
		if len(l) > 0 && l[0] == '!' {
			lastErr = l[1:]
		}
	}
	return fmt.Errorf("remote reported: %s", lastErr) // ok: lastErr is a string
}

// otherVerbs formats errors with verbs that are not %v or %s.
func otherVerbs(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("unexpected error %q of type %T", err, err) // ok: %q and %T
}

// dynamicFormat passes a format that is not a literal: the rule cannot see
// the verbs.
func dynamicFormat(format string, err error) error {
	return fmt.Errorf(format, err) // ok: format is not a literal
}

// sprintfIsOutOfScope builds the message with Sprintf; GL602 only looks at
// fmt.Errorf.
func sprintfIsOutOfScope(err error) error {
	return errors.New(fmt.Sprintf("flush: %v", err)) // ok: not fmt.Errorf
}

// logging is not wrapping.
func logging(err error) {
	log.Printf("flush failed: %v", err)               // ok: log.Printf
	fmt.Fprintf(os.Stderr, "flush failed: %s\n", err) // ok: not fmt.Errorf
}

// parsePort wraps the strconv error with %w and prints the input with %q.
func parsePort(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("port %q: %w", s, err) // ok: %w
	}
	if n <= 0 || n > 65535 {
		return 0, fmt.Errorf("port %d out of range", n) // ok: no error operand
	}
	return n, nil
}
