package gl602

import (
	"fmt"
	"log"
)

// The value of recover() is an interface{}, not an error, even when the
// variable is named err: %w cannot wrap it (go vet rejects %w of a
// non-error). Found in go.uber.org/zap (zapcore.Field.AddTo) and
// onsi/gomega (gstruct).

func safeRun(job func()) (err error) {
	defer func() {
		if err := recover(); err != nil {
			log.Printf("job panicked: %v", err)
		}
	}()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("job panicked: %v", r) // ok: r is not an error
		}
	}()
	job()
	return nil
}

func collectPanics(fns []func()) (errs []error) {
	for _, fn := range fns {
		func() {
			defer func() {
				if err := recover(); err != nil {
					errs = append(errs, fmt.Errorf("panic: %v", err)) // ok: recover() returns interface{}
				}
			}()
			fn()
		}()
	}
	return errs
}
