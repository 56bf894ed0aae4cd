package escape

// Elements of a slice, array or map literal written without their type:
// each `{…}` of a `[]*T` literal is a `&T{…}` of its own.

// Routes is a table built at each call and returned: every element is
// allocated on the heap.
func Routes() []*Node {
	return []*Node{
		{Val: 1},
		{Val: 2},
	}
}

// Grid nests elided literals two deep.
func Grid() [][]*Point {
	return [][]*Point{{{X: 1}}, {{Y: 2}}}
}

// ByName keeps its elements in a map.
func ByName() map[string]*Point {
	return map[string]*Point{"origin": {}}
}

// Local stays in the frame: nothing of the table leaves it.
func Local() int {
	table := []*Point{{X: 1}, {X: 2}}
	sum := 0
	for _, p := range table {
		sum += p.X
	}
	return sum
}

type buf []byte

// grow makes a new buffer of one of two sizes: both are made at each call
// of an inlined copy.
func (b buf) grow(n int) buf {
	if n <= cap(b) {
		return b[:n]
	}
	if n == 1 {
		return make(buf, 1)
	}
	return make(buf, n, 2*n)
}

// Grown keeps what grow makes.
func Grown(b buf, n int) buf {
	return b.grow(n)
}
