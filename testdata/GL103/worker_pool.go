// Package gl103 holds the testdata of GL103 (range over a channel nobody
// closes).
//
// `for v := range ch` ends only when ch is closed. When ch is made in this
// package, no code of the package ever closes it (under any of its names:
// local variable, parameter, struct field), and it is never handed to code
// outside the package, the loop cannot end: once the senders are done it
// blocks forever. The finding is reported on the `for ... range` line.
package gl103

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"sync"
)

type compressJob struct {
	src string
	dst string
}

type compressResult struct {
	job compressJob
	err error
}

func compressFile(j compressJob) error {
	in, err := os.Open(j.src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(j.dst)
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(out)
	if _, err := io.Copy(zw, in); err != nil {
		out.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// compressWorker drains jobs until the channel is closed, which never
// happens: compressAll sends every job and forgets close(jobs). The workers
// block in their range once the queue is empty and wg.Wait never returns.
func compressWorker(jobs <-chan compressJob, results chan<- compressResult, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs { // want "GL103"
		results <- compressResult{job: j, err: compressFile(j)}
	}
}

func compressAll(files []string, workers int) []error {
	jobs := make(chan compressJob)
	results := make(chan compressResult, len(files))
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go compressWorker(jobs, results, &wg)
	}
	for _, f := range files {
		jobs <- compressJob{src: f, dst: f + ".gz"}
	}
	wg.Wait()
	close(results)
	var errs []error
	for r := range results { // results is closed just above
		if r.err != nil {
			errs = append(errs, r.err)
		}
	}
	return errs
}

type fileDigest struct {
	path string
	sum  string
	err  error
}

func digestFile(p string) fileDigest {
	f, err := os.Open(p)
	if err != nil {
		return fileDigest{path: p, err: err}
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fileDigest{path: p, err: err}
	}
	return fileDigest{path: p, sum: hex.EncodeToString(h.Sum(nil))}
}

// digestAll starts one goroutine per file and ranges over their results.
// Nobody closes digests, so after the last result the loop blocks forever
// and digestAll never returns.
func digestAll(paths []string) map[string]string {
	digests := make(chan fileDigest)
	for _, p := range paths {
		go func(p string) {
			digests <- digestFile(p)
		}(p)
	}
	sums := make(map[string]string, len(paths))
	for d := range digests { // want "GL103"
		if d.err == nil {
			sums[d.path] = d.sum
		}
	}
	return sums
}

func headStatus(u string) (int, error) {
	resp, err := http.Head(u)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// checkLinks runs closures as workers; the feeding loop never closes queue,
// so the workers never leave their range and wg.Wait hangs.
func checkLinks(urls []string, workers int) map[string]int {
	queue := make(chan string)
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		statuses = make(map[string]int, len(urls))
	)
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range queue { // want "GL103"
				code, err := headStatus(u)
				if err != nil {
					code = -1
				}
				mu.Lock()
				statuses[u] = code
				mu.Unlock()
			}
		}()
	}
	for _, u := range urls {
		queue <- u
	}
	wg.Wait()
	return statuses
}
