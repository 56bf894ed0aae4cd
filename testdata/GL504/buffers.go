package gl504

import "io"

// WriteAll allocates a buffer per iteration and hands it to an interface.
func WriteAll(w io.Writer, sizes []int) {
	for _, n := range sizes {
		buf := make([]byte, n) // want "GL504"
		w.Write(buf)
	}
}

// WriteReused allocates once.
func WriteReused(w io.Writer, sizes []int) {
	buf := make([]byte, 0, 1024)
	for _, n := range sizes {
		buf = buf[:0]
		for i := 0; i < n; i++ {
			buf = append(buf, 'x')
		}
		w.Write(buf)
	}
}

// Count uses a local buffer that does not escape.
func Count(sizes []int) int {
	total := 0
	for _, n := range sizes {
		buf := make([]byte, n)
		total += len(buf)
	}
	return total
}
