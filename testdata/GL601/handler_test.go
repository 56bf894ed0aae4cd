package gl601

import (
	"context"
	"testing"
)

// Tests assert freely: a panic fails the test with a stack trace, which is
// what a wrong type should do there. GL601 does not check _test.go files.
func TestRequestUser(t *testing.T) {
	ctx := context.WithValue(context.Background(), testUserKey{}, "ada")
	if got := ctx.Value(testUserKey{}).(string); got != "ada" { // ok: test file
		t.Fatalf("user = %q", got)
	}
}

type testUserKey struct{}
