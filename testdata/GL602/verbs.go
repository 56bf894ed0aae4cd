package gl602

import (
	"fmt"
	"os"
)

// Format-string parsing: explicit argument indexes, escaped percent signs,
// flags.

// indexed uses explicit argument indexes: %[1]v is the error.
func indexed(path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("stat %[2]s: %[1]v", err, path) // want "GL602"
	}
	return nil
}

// indexedNonError points the %v at the path, not at the error.
func indexedNonError(path string, err error) error {
	return fmt.Errorf("stat %[2]v failed: %[1]q", err, path) // ok: %[2]v is the path, the error is %q
}

// escapedPercent: `%%` consumes no operand, so the %v still maps to err.
func escapedPercent(used int, err error) error {
	return fmt.Errorf("disk at %d%%: %v", used, err) // want "GL602"
}

// escapedVerb: `%%v` is a literal "%v", not a verb.
func escapedVerb(verb string) error {
	return fmt.Errorf("unsupported directive %%v in template, got %q", verb) // ok: %%v is escaped
}

// plusV: %+v of an error is the deliberate way to print a stack trace with
// errors packages that implement fmt.Formatter; %#v prints the Go syntax.
func plusV(err error) error {
	return fmt.Errorf("panic in handler: %+v", err) // ok: %+v is deliberate
}

func sharpV(err error) error {
	return fmt.Errorf("bad value %#v", err) // ok: %#v is deliberate
}

// mixed has several verbs; only the error operand is reported.
func mixed(host string, port int, err error) error {
	return fmt.Errorf("dial %s:%d after %v retries: %v", host, port, 3, err) // want "GL602"
}

// errorMethodWithV: err.Error() with %v is reported like %s.
func errorMethodWithV(err error) error {
	return fmt.Errorf("sync failed: %v", err.Error()) // want "GL602"
}

// numbered err2 follows the err naming convention.
func numbered(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create: %w", err) // ok: %w
	}
	if _, err2 := f.WriteString("ok\n"); err2 != nil {
		f.Close()
		return fmt.Errorf("write %s: %s", path, err2) // want "GL602"
	}
	return f.Close()
}
