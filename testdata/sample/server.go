// Package sample is the demo that README's first command runs golint-rs on:
// a small file-serving handler with the defer and error-handling mistakes
// that reviews keep catching.
package sample

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"
)

type ctxKey struct{}

// Store loads documents from disk.
type Store struct {
	root string
}

// Concat opens every named document and copies them to w, in order.
func (s *Store) Concat(w io.Writer, names []string) error {
	start := time.Now()
	defer log.Printf("concat of %d documents took %v", len(names), time.Since(start)) // want "GL404"
	for _, name := range names {
		f, err := os.Open(s.root + "/" + name)
		if err != nil {
			return fmt.Errorf("open %s: %v", name, err) // want "GL602"
		}
		defer f.Close() // want "GL401"
		if _, err := io.Copy(w, f); err != nil {
			return fmt.Errorf("copy %s: %w", name, err)
		}
	}
	return nil
}

// ServeHTTP serves the documents named in the query string.
func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	user := r.Context().Value(ctxKey{}).(string) // want "GL601"
	if err := s.Concat(w, r.URL.Query()["doc"]); err != nil {
		log.Printf("user %s: %v", user, err)
		http.Error(w, "not found", http.StatusNotFound)
	}
}

// WithUser returns a request whose context carries the user name.
func WithUser(r *http.Request, user string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), ctxKey{}, user))
}

// User returns the user name carried by the context, if any.
func User(ctx context.Context) (string, bool) {
	u, ok := ctx.Value(ctxKey{}).(string)
	return u, ok
}

// Timed logs how long serving a request took, measured when it ends.
func Timed(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		defer func() { log.Printf("%s took %v", r.URL.Path, time.Since(start)) }()
		next.ServeHTTP(w, r)
	})
}
