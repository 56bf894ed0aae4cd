package gl602

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"time"
)

// Job is a unit of work pulled from a queue.
type Job struct {
	ID      string
	Payload []byte
}

// Store persists job results.
type Store struct {
	db *sql.DB
}

func (s *Store) save(ctx context.Context, j Job) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("job %s: begin: %v", j.ID, err) // want "GL602"
	}
	if _, err = tx.ExecContext(ctx, "INSERT INTO results(id, body) VALUES(?, ?)", j.ID, j.Payload); err != nil {
		// Go 1.19 wraps only one error per call: with no %w at all, both
		// operands are reported, each on its own line.
		if rbErr := tx.Rollback(); rbErr != nil {
			return fmt.Errorf("job %s: insert failed (%v) and rollback failed: %v", j.ID,
				err,   // want "GL602"
				rbErr) // want "GL602"
		}
		return fmt.Errorf("job %s: insert: %v", j.ID, err) // want "GL602"
	}
	return tx.Commit()
}

// runWorker reports failures on a channel of errors.
func runWorker(ctx context.Context, s *Store, jobs <-chan Job, errc chan<- error) {
	for {
		select {
		case <-ctx.Done():
			return
		case j, ok := <-jobs:
			if !ok {
				return
			}
			if err := s.save(ctx, j); err != nil {
				errc <- fmt.Errorf("worker: %v", err) // want "GL602"
			}
		}
	}
}

// fetch shows the error stored by assignment (`err = …`) into a named
// result declared as error.
func fetch(ctx context.Context, client *http.Client, url string) (body []byte, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("build request: %v", err) // want "GL602"
	}
	resp, err := client.Do(req)
	if err != nil {
		err = fmt.Errorf("GET %s: %v", url, err) // want "GL602"
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
	}
	return readAll(resp)
}

func readAll(resp *http.Response) ([]byte, error) {
	buf := make([]byte, 0, 512)
	tmp := make([]byte, 512)
	for {
		n, err := resp.Body.Read(tmp)
		buf = append(buf, tmp[:n]...)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return buf, nil
			}
			return buf, fmt.Errorf("read body: %v", err) // want "GL602"
		}
	}
}

// retry logs the intermediate errors (log.Printf is out of scope) and
// formats the last one when giving up.
func retry(attempts int, op func() error) error {
	var lastErr error
	for i := 0; i < attempts; i++ {
		if lastErr = op(); lastErr == nil {
			return nil
		}
		log.Printf("attempt %d: %v", i+1, lastErr) // ok: log.Printf, not fmt.Errorf
		time.Sleep(time.Duration(i+1) * 100 * time.Millisecond)
	}
	return fmt.Errorf("giving up after %d attempts: %v", attempts, lastErr) // want "GL602"
}
