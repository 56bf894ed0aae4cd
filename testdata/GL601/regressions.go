package gl601

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// recoverDoesNotExcuse: a deferred recover turns the panic into an error,
// but the assertion is still unchecked and still reported.
func recoverDoesNotExcuse(v interface{}) (s string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("decode: %v", r)
		}
	}()
	return v.(string), nil // want "GL601"
}

// valueSwitch switches on the value of an assertion: it is not a type switch.
func valueSwitch(v interface{}) int {
	switch v.(string) { // want "GL601"
	case "low":
		return 1
	case "high":
		return 3
	}
	return 2
}

// inCondition asserts in an if condition and in a range expression.
func inCondition(opts map[string]interface{}) []string {
	var out []string
	if opts["verbose"].(bool) { // want "GL601"
		for _, n := range opts["names"].([]string) { // want "GL601"
			out = append(out, strings.TrimSpace(n))
		}
	}
	sort.Strings(out)
	return out
}

// multiLine: the finding is on the line where the asserted expression starts.
func multiLine(fields map[string]interface{}) string {
	return strings.Join(
		fields["tags"].([]string), // want "GL601"
		",",
	)
}

// generic asserts through any in generic code (Go 1.18+).
func generic[T any](values []interface{}) []T {
	out := make([]T, 0, len(values))
	for _, v := range values {
		out = append(out, v.(T)) // want "GL601"
	}
	return out
}

// A single-type case of a type switch on the same variable guarantees the
// dynamic type, with or without a binding: this assertion cannot panic.
func caseThenAssert(err error) string {
	switch err.(type) {
	case *wrapError:
		return err.(*wrapError).msg // ok: the case guarantees a *wrapError
	}
	return err.Error()
}

type wrapError struct {
	msg   string
	cause error
}

func (e *wrapError) Error() string { return e.msg + ": " + e.cause.Error() }
func (e *wrapError) Unwrap() error { return e.cause }

// errorsAsIsSilent: the type-safe alternative stays silent.
func errorsAsIsSilent(err error) string {
	var we *wrapError
	if errors.As(err, &we) {
		return we.msg
	}
	return ""
}
