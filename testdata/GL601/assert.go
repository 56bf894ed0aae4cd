// Package gl601 holds the testdata of GL601 (unchecked type assertion).
//
// A single-value assertion x.(T) panics when x holds another dynamic type.
// Every such assertion outside a type switch is reported; the primary span
// starts at the asserted expression (the first character of x), so the
// expectation sits on the line where x starts.
package gl601

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Config is what the loader builds from a decoded JSON document.
type Config struct {
	Name     string
	Replicas int
	Labels   map[string]string
	Debug    bool
}

// decodeConfig builds a Config from a generic JSON document: every field
// assertion panics on a document with the wrong shape.
func decodeConfig(raw []byte) (*Config, error) {
	var doc map[string]interface{}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	cfg := &Config{
		Name:     doc["name"].(string),                       // want "GL601"
		Replicas: int(doc["replicas"].(float64)),             // want "GL601"
		Debug:    doc["debug"] != nil && doc["debug"].(bool), // want "GL601"
	}
	labels := doc["labels"].(map[string]interface{}) // want "GL601"
	cfg.Labels = make(map[string]string, len(labels))
	for k, v := range labels {
		cfg.Labels[k] = v.(string) // want "GL601"
	}
	return cfg, nil
}

// Handler registry keyed by route, stored as interface{} for historical
// reasons.
type registry struct {
	routes map[string]interface{}
}

func (r *registry) serve(w http.ResponseWriter, req *http.Request) {
	h := r.routes[req.URL.Path]
	h.(http.Handler).ServeHTTP(w, req) // want "GL601"
}

// lookupPort returns the assertion directly.
func lookupPort(settings map[string]interface{}) int {
	return settings["port"].(int) // want "GL601"
}

// logValue passes the assertion as a call argument.
func logValue(w io.Writer, v interface{}) {
	fmt.Fprintln(w, strings.ToUpper(v.(string))) // want "GL601"
}

// closeResource asserts to an interface type: it panics just the same when
// the dynamic type lacks the method.
func closeResource(res interface{}) error {
	c := res.(io.Closer) // want "GL601"
	return c.Close()
}

// unwrapPayload asserts twice in a chain; each assertion can panic on its
// own and each is reported, both starting at `msg`.
func unwrapPayload(msg interface{}) string {
	return msg.(fmt.Stringer).(fmt.Stringer).String() // want "GL601" "GL601"
}

// mustBeReader discards the value: `_ = x.(T)` still panics, it is an
// unchecked assertion used as a check.
func mustBeReader(v interface{}) {
	_ = v.(io.Reader) // want "GL601"
}

// assignExisting assigns with `=` to an existing variable.
func assignExisting(values []interface{}) []string {
	out := make([]string, len(values))
	for i := range values {
		out[i] = values[i].(string) // want "GL601"
	}
	return out
}

// twoOnOneLine has two independent assertions on one line: two findings.
func twoOnOneLine(a, b interface{}) (int, string) {
	n, s := a.(int), b.(string) // want "GL601" "GL601"
	return n, s
}
