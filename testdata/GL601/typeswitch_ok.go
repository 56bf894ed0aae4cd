package gl601

import (
	"fmt"
	"strconv"
	"time"
)

// Type switches dispatch on the dynamic type and never panic.
// Nothing in this file is reported.

// toString formats a JSON scalar.
func toString(v interface{}) string {
	switch x := v.(type) { // ok: type switch with a binding
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	default:
		return fmt.Sprint(x)
	}
}

// kind only needs the type.
func kind(v interface{}) string {
	switch v.(type) { // ok: type switch without a binding
	case map[string]interface{}:
		return "object"
	case []interface{}:
		return "array"
	default:
		return "scalar"
	}
}

// durationSetting accepts a number of seconds or a Go duration string.
func durationSetting(settings map[string]interface{}, key string) (time.Duration, error) {
	switch d := settings[key].(type) { // ok: type switch on a map value
	case float64:
		return time.Duration(d * float64(time.Second)), nil
	case string:
		return time.ParseDuration(d)
	case nil:
		return 0, nil
	default:
		return 0, fmt.Errorf("setting %q: unexpected type %T", key, d)
	}
}

// walk visits a decoded document recursively, with a type switch in a
// closure and an init statement in the switch header.
func walk(doc interface{}, visit func(path string, leaf interface{})) {
	var rec func(path string, v interface{})
	rec = func(path string, v interface{}) {
		switch n := v.(type) { // ok: type switch in a function literal
		case map[string]interface{}:
			for k, child := range n {
				rec(path+"."+k, child)
			}
		case []interface{}:
			for i, child := range n {
				rec(path+"["+strconv.Itoa(i)+"]", child)
			}
		default:
			visit(path, n)
		}
	}
	rec("", doc)
}

// count uses a type switch with an init statement.
func count(items []interface{}) (ints, strs int) {
	for _, it := range items {
		switch v := it; v.(type) { // ok: type switch with an init statement
		case int:
			ints++
		case string:
			strs++
		}
	}
	return ints, strs
}
