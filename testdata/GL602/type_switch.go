package gl602

import (
	"errors"
	"fmt"
	"io"
)

// In a type switch, the variable bound in `default:` or in a case listing
// several types has the switched value's type: an error only when the
// switched value is one. Its name is only a guess; a known type wins.
// Found in the standard library's encoding/gob and text/template/parse
// (`switch err := e.(type) { … default: panic(fmt.Sprintf("%v", err)) }`).

type timeoutError struct{}

func (timeoutError) Error() string { return "timeout" }

type tempError struct{}

func (tempError) Error() string { return "temporary" }

func describe(v interface{}) error {
	switch err := v.(type) {
	case nil:
		return nil
	case error:
		return fmt.Errorf("failed: %v", err) // want "GL602"
	default:
		return fmt.Errorf("unexpected value %v", err) // ok: err is an interface{}
	}
}

func recovered(f func()) (out error) {
	defer func() {
		switch err := recover().(type) {
		case nil:
		case string, fmt.Stringer:
			out = fmt.Errorf("panic: %v", err) // ok: a string or a Stringer, not an error
		default:
			out = fmt.Errorf("panic: %v", err) // ok: the value of recover()
		}
	}()
	f()
	return nil
}

func classify(err error) error {
	switch e := err.(type) {
	case timeoutError, tempError:
		return fmt.Errorf("retry: %v", e) // want "GL602"
	case nil:
		return nil
	default:
		return fmt.Errorf("permanent: %v", e) // want "GL602"
	}
}

// A name never overrides a known type.
func lastLine(lines []string) error {
	for _, errLine := range lines {
		if errLine != "" {
			return fmt.Errorf("last error line: %v", errLine) // ok: a string
		}
	}
	var readErr = io.EOF.Error()
	return errors.New(fmt.Errorf("read: %v", readErr).Error()) // ok: a string
}
