package escape

// The compiler inlines only tiny functions into a big one, big counted in
// nodes before inlining: ninety calls are a few hundred nodes, whatever
// inlining them costs.

var total int

// spin is called ninety times.
func spin(n int) {
	for i := 0; i < n; i++ {
		total += i * n
		if total > 1<<30 {
			total /= 2
		}
		switch {
		case total%3 == 0:
			total++
		case total%5 == 0:
			total += 2
		case total%7 == 0:
			total += 3
		}
	}
}

var boxes []*Box

// Box is what keep allocates.
type Box struct{ n, m int }

// keep is inlined at cost beyond the limit of a big caller.
func keep(n int) {
	b := &Box{n: n, m: n * 2}
	if n > 10 {
		b.m = n
	}
	boxes = append(boxes, b)
}

// ManyCalls is not big: the allocation of keep is made (and escapes) here.
func ManyCalls() {
	spin(0)
	spin(1)
	spin(2)
	spin(3)
	spin(4)
	spin(5)
	spin(6)
	spin(7)
	spin(8)
	spin(9)
	spin(10)
	spin(11)
	spin(12)
	spin(13)
	spin(14)
	spin(15)
	spin(16)
	spin(17)
	spin(18)
	spin(19)
	spin(20)
	spin(21)
	spin(22)
	spin(23)
	spin(24)
	spin(25)
	spin(26)
	spin(27)
	spin(28)
	spin(29)
	spin(30)
	spin(31)
	spin(32)
	spin(33)
	spin(34)
	spin(35)
	spin(36)
	spin(37)
	spin(38)
	spin(39)
	spin(40)
	spin(41)
	spin(42)
	spin(43)
	spin(44)
	spin(45)
	spin(46)
	spin(47)
	spin(48)
	spin(49)
	spin(50)
	spin(51)
	spin(52)
	spin(53)
	spin(54)
	spin(55)
	spin(56)
	spin(57)
	spin(58)
	spin(59)
	spin(60)
	spin(61)
	spin(62)
	spin(63)
	spin(64)
	spin(65)
	spin(66)
	spin(67)
	spin(68)
	spin(69)
	spin(70)
	spin(71)
	spin(72)
	spin(73)
	spin(74)
	spin(75)
	spin(76)
	spin(77)
	spin(78)
	spin(79)
	spin(80)
	spin(81)
	spin(82)
	spin(83)
	spin(84)
	spin(85)
	spin(86)
	spin(87)
	spin(88)
	spin(89)
	keep(1)
}
