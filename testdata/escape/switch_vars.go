package escape

// Each clause of a type switch declares its own variable: the one whose
// address leaves is moved to the heap where its clause is.

var switchKept []*Point

func keepPoint(p *Point) { switchKept = append(switchKept, p) }

// KeepPoint keeps the address of the clause's copy of a Point.
func KeepPoint(x any) {
	switch v := x.(type) {
	case int:
		_ = v + 1
	case Point:
		keepPoint(&v)
	}
}
