package escape

// Values of a type without pointers (numbers, and named types, arrays
// and structs of them) carry no address: what flows through them is
// nothing, only their own address can escape.

type kind uint8

type flag uintptr

func (f flag) kind() kind { return kind(f & 0x1f) }

type kindError struct{ k kind }

func (e *kindError) Error() string { return "wrong kind" }

// mustBe panics with the flag's kind: the error escapes, the flag is a
// number.
func (f flag) mustBe(k kind) {
	if f.kind() != k {
		panic(&kindError{f.kind()}) // escapes
	}
}

// value embeds its flag: `v.mustBe(k)` passes `v.flag`, not `v`.
type value struct {
	ptr *int
	flag
}

// SetInt: the variable `v` points to stays on the stack.
func SetInt(n int) int {
	x := 0
	v := value{ptr: &x, flag: flag(n)}
	v.mustBe(2)
	*v.ptr = n
	return x
}

// addr turns a pointer into a number: nothing of the pointer is kept.
func addr(p *int) uintptr {
	return uintptr(kind(*p))
}

// AddrOf: x does not move to the heap.
func AddrOf() uintptr {
	x := 1
	return addr(&x)
}

var counts []*int

// Shared: the address of a number is what escapes (moved to the heap).
func Shared() int {
	n := 0 // moved to the heap
	counts = append(counts, &n)
	return n
}
