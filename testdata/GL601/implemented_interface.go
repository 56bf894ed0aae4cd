package gl601

import (
	"io"
	"net"
)

// An assertion to an interface the variable's declared interface type
// already has the methods of cannot fail on a non-nil value. Found 340
// times in github.com/go-playground/validator's translations
// (`fe.(error).Error()` with `fe validator.FieldError`).

// fieldError includes error, like validator.FieldError.
type fieldError interface {
	error
	Field() string
}

// tagged has an Error method of its own.
type tagged interface {
	Tag() string
	Error() string
}

func describe(fe fieldError) string {
	return fe.Field() + ": " + fe.(error).Error() // ok: fieldError embeds error
}

func describeTagged(t tagged) string {
	return t.(error).Error() // ok: tagged has Error() string
}

func sameInterface(r io.Reader) io.Reader {
	return r.(io.Reader) // ok: the declared type itself
}

// timeout asserts an interface of another package named like an error.
func timeout(e net.Error) string {
	return e.(error).Error() // ok: net.Error is an error interface
}

// Still reported: the declared type lacks the methods.

func fromAny(v interface{}) error {
	return v.(error) // want "GL601"
}

func closerOf(r io.Reader) io.Closer {
	return r.(io.Closer) // want "GL601"
}
