package gl601

import "strconv"

// In a case of a type switch that lists one type, the switched variable
// holds that type: asserting it again cannot panic.
// Found in golang.org/x/tools/go/ssa/interp and govaluate.

func format(v interface{}) string {
	switch x := v.(type) {
	case int:
		return strconv.Itoa(v.(int)) // ok: the case guarantees an int
	case int64, int32:
		_ = x
		return strconv.FormatInt(v.(int64), 10) // want "GL601"
	case string:
		return v.(string) + x // ok: the case guarantees a string
	}
	return ""
}

// Without a binding too: the case lists the type (found in
// github.com/IBM/sarama's client.go).
func formatNoBinding(v interface{}) string {
	switch v.(type) {
	case string:
		return v.(string) // ok: the case guarantees a string
	}
	return ""
}
