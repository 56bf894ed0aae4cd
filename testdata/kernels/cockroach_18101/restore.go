// Package cockroach18101 is modelled on the shape of cockroach#18101: a
// restore splits spans in a goroutine that hands each ready span on an
// unbuffered channel with a plain send, while the importing loop returns as
// soon as the context is done, leaving the splitter blocked.
package cockroach18101

import (
	"context"
	"errors"
)

type importEntry struct {
	span string
}

var errImport = errors.New("import failed")

func splitAndScatter(ctx context.Context, entries []importEntry, readyForImportCh chan<- importEntry) {
	defer close(readyForImportCh)
	for _, e := range entries {
		readyForImportCh <- e // want "GL101"
	}
}

func importSpan(ctx context.Context, e importEntry) error {
	if e.span == "" {
		return errImport
	}
	return nil
}

func restore(ctx context.Context, entries []importEntry) error {
	readyForImportCh := make(chan importEntry)
	go splitAndScatter(ctx, entries, readyForImportCh)
	for entry := range readyForImportCh {
		select {
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if err := importSpan(ctx, entry); err != nil {
			return err
		}
	}
	return nil
}

// splitAndScatterFixed has the shape we recall the upstream fix took: each send also watches
// the context, so the splitter returns once the importer gave up.
func splitAndScatterFixed(ctx context.Context, entries []importEntry, readyForImportCh chan<- importEntry) {
	defer close(readyForImportCh)
	for _, e := range entries {
		select {
		case readyForImportCh <- e:
		case <-ctx.Done():
			return
		}
	}
}

func restoreFixed(ctx context.Context, entries []importEntry) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	readyForImportCh := make(chan importEntry)
	go splitAndScatterFixed(ctx, entries, readyForImportCh)
	for entry := range readyForImportCh {
		if err := importSpan(ctx, entry); err != nil {
			return err
		}
	}
	return nil
}

func runRestores(ctx context.Context, entries []importEntry) error {
	if err := restoreFixed(ctx, entries); err != nil {
		return err
	}
	return restore(ctx, entries)
}
