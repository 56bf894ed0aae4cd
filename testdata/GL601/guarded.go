package gl601

import (
	"errors"
	"fmt"
	"net"
	"os"
)

// A single-value assertion on a path where a comma-ok check of the same
// variable to the same type has succeeded cannot panic, and stays silent.
// The guard counts only when: the asserted expression is the same plain
// identifier (a local variable or parameter, the same declaration), the type
// is written the same, every path to the assertion goes through the branch
// where the check's `ok` is true, and the variable is not assigned between
// the check and the assertion.

// isTimeout re-asserts inside the `if v, ok := …; ok` body.
func isTimeout(err error) bool {
	if _, ok := err.(net.Error); ok {
		return err.(net.Error).Timeout() // ok: guarded by the comma-ok check above
	}
	return false
}

// pathOf re-asserts after an early return on `!ok`.
func pathOf(err error) string {
	_, ok := err.(*os.PathError)
	if !ok {
		return ""
	}
	return err.(*os.PathError).Path // ok: guarded by the comma-ok check above
}

// opOf has the check in the if header and returns when it fails.
func opOf(err error) string {
	if _, ok := err.(*net.OpError); !ok {
		return ""
	}
	return err.(*net.OpError).Op // ok: guarded by the comma-ok check above
}

// The cases below are reported: the guard does not cover them.

// elseBranch asserts exactly where the check failed.
func elseBranch(v interface{}) string {
	if _, ok := v.(fmt.Stringer); ok {
		return "stringer"
	} else {
		return v.(fmt.Stringer).String() // want "GL601"
	}
}

// otherType checked one type and asserts another.
func otherType(err error) string {
	if _, ok := err.(*os.PathError); ok {
		return err.(*os.LinkError).Op // want "GL601"
	}
	return ""
}

// otherVariable checked a different variable.
func otherVariable(err, cause error) string {
	if _, ok := err.(*os.PathError); ok {
		return cause.(*os.PathError).Path // want "GL601"
	}
	return ""
}

// reassigned overwrites the variable between the check and the assertion.
func reassigned(err error) string {
	if _, ok := err.(*os.PathError); ok {
		err = errors.Unwrap(err)
		return err.(*os.PathError).Path // want "GL601"
	}
	return ""
}

// notReturning checks without leaving: the assertion is reached when the
// check failed too.
func notReturning(err error) string {
	_, ok := err.(*os.PathError)
	if !ok {
		fmt.Fprintln(os.Stderr, "not a path error")
	}
	return err.(*os.PathError).Path // want "GL601"
}
