package escape

import (
	"sync"
	"time"
)

// The literal of a package initializer is a function of its own: what it
// returns escapes, and is reported (the initializer's own data is static).
var pointPool = sync.Pool{New: func() any { return new(Point) }}

// GetPoint takes a point from the pool.
func GetPoint() *Point {
	return pointPool.Get().(*Point)
}

// AfterTimer: the timer keeps its function for later.
func AfterTimer(d time.Duration, n *int) *time.Timer {
	return time.AfterFunc(d, func() { *n++ })
}
