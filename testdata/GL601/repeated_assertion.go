package gl601

import (
	"go/ast"
	"go/token"
)

// Once a single-value assertion x.(T) has run, x holds a T: a later x.(T)
// on every path from it cannot panic (the first one would have), so only
// the first is reported. Found in cmd/compile (noder, walk), govaluate and
// vishvananda/netlink, which assert the same variable several times in a
// row.

// setPos asserts twice in a row: only the first can fail.
func setPos(n ast.Node, pos token.Pos) {
	n.(*ast.Ident).NamePos = pos // want "GL601"
	n.(*ast.Ident).Obj = nil     // ok: the assertion above already succeeded
}

// addFloats asserts each operand once per expression, then again.
func addFloats(left, right interface{}) (float64, float64) {
	sum := left.(float64) + right.(float64) // want "GL601" "GL601"
	diff := left.(float64) - right.(float64)
	return sum, diff
}

// Still reported: the first assertion does not dominate the second, the
// type differs, or the variable changed in between.

func branches(n ast.Node, ident bool) string {
	if ident {
		return n.(*ast.Ident).Name // want "GL601"
	}
	return n.(*ast.Ident).String() // want "GL601"
}

func otherTypeAfter(n ast.Node) token.Pos {
	_ = n.(*ast.Ident)           // want "GL601"
	return n.(*ast.File).Package // want "GL601"
}

func changed(n ast.Node, next func() ast.Node) string {
	name := n.(*ast.Ident).Name // want "GL601"
	n = next()
	return name + n.(*ast.Ident).Name // want "GL601"
}

// shortCircuit: an assertion in the right operand of && runs only when the
// left operand is true, so it guards nothing after the statement
// (cmd/compile/internal/escape, batch.finish).
func shortCircuit(n ast.Node, check bool) string {
	isMain := check && n.(*ast.Ident).Name == "main" // want "GL601"
	if isMain {
		return "main"
	}
	return n.(*ast.Ident).Name // want "GL601"
}

// leftOperand: the left operand always runs, and guards what follows.
func leftOperand(n ast.Node) string {
	if n.(*ast.Ident).Name == "" || n.Pos() == token.NoPos { // want "GL601"
		return ""
	}
	return n.(*ast.Ident).Name // ok: the left operand above always ran
}
