package gl103

import (
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
)

// Ranges over channels that do get closed, or that belong to code outside
// the package. Nothing in this file is reported.

// listFiles walks root and closes out when the walk is done.
func listFiles(root string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		_ = filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
			if err == nil && fi.Mode().IsRegular() {
				out <- p
			}
			return nil
		})
	}()
	return out
}

func totalSize(root string) int64 {
	var n int64
	files := listFiles(root)
	for p := range files {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// digestAllClosed is the fix of digestAll: a separate goroutine closes
// digests once every sender is done.
func digestAllClosed(paths []string) map[string]string {
	digests := make(chan fileDigest)
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			digests <- digestFile(p)
		}(p)
	}
	go func() {
		wg.Wait()
		close(digests)
	}()
	sums := make(map[string]string, len(paths))
	for d := range digests {
		if d.err == nil {
			sums[d.path] = d.sum
		}
	}
	return sums
}

// feedJobs closes the queue through its parameter name.
func feedJobs(jobs chan<- compressJob, files []string) {
	for _, f := range files {
		jobs <- compressJob{src: f, dst: f + ".gz"}
	}
	close(jobs)
}

// compressAllClosed is the fix of compressAll: feedJobs closes jobs after
// the last send, so the workers leave their range.
func compressAllClosed(files []string, workers int) int {
	jobs := make(chan compressJob)
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed int
	)
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := compressFile(j); err != nil {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			}
		}()
	}
	feedJobs(jobs, files)
	wg.Wait()
	return failed
}

// DrainLines copies lines until the caller closes the channel. The channel
// is a parameter of an exported function: it comes from outside.
func DrainLines(lines <-chan string, w io.Writer) error {
	var firstErr error
	for l := range lines {
		if _, err := io.WriteString(w, l+"\n"); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// reloadOnHangup: sigs is handed to signal.Notify, which owns the sending
// side; the loop is meant to run for the life of the process.
func reloadOnHangup(reload func() error) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGHUP)
	for range sigs {
		if err := reload(); err != nil {
			log.Printf("reload: %v", err)
		}
	}
}
