// Package gl602 holds the testdata of GL602 (fmt.Errorf formats an error
// with %v or %s instead of wrapping it with %w).
//
// A finding is reported per offending operand; its primary span starts at
// the operand (the error argument), so the expectation sits on the
// line where that argument starts.
package gl602

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Config is the service configuration.
type Config struct {
	Listen  string            `json:"listen"`
	DataDir string            `json:"data_dir"`
	Peers   []string          `json:"peers"`
	Env     map[string]string `json:"env"`
}

// LoadConfig reads a JSON config file. Every error is formatted with %v or
// %s, so errors.Is(err, fs.ErrNotExist) is false for the caller.
func LoadConfig(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open config %s: %v", path, err) // want "GL602"
	}
	defer f.Close()

	var cfg Config
	if err := json.NewDecoder(f).Decode(&cfg); err != nil {
		return nil, fmt.Errorf("decode config %s: %s", path, err) // want "GL602"
	}
	// The declared result of validate is error: evidence without the name.
	if problem := validate(&cfg); problem != nil {
		return nil, fmt.Errorf("invalid config %s: %v", path, problem) // want "GL602"
	}
	return &cfg, nil
}

// validate's declared result is error.
func validate(cfg *Config) error {
	if cfg.Listen == "" {
		return fmt.Errorf("listen address is empty")
	}
	return nil
}

// parseEnvFile's last declared result is error.
func parseEnvFile(r io.Reader) (map[string]string, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	env := make(map[string]string)
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			env[k] = v
		}
	}
	return env, nil
}

// mergeEnv gets its error from a call of a package function whose declared
// last result is error, into a variable with an unconventional name.
func mergeEnv(cfg *Config, r io.Reader) error {
	env, cause := parseEnvFile(r)
	if cause != nil {
		return fmt.Errorf("env file: %v", cause) // want "GL602"
	}
	for k, v := range env {
		cfg.Env[k] = v
	}
	return nil
}

// checkDataDir formats the result of an error-returning call directly.
func checkDataDir(cfg *Config) error {
	if !filepath.IsAbs(cfg.DataDir) {
		return fmt.Errorf("data dir: %v", validate(cfg)) // want "GL602"
	}
	return nil
}

// writeDefaults has a parameter of type error and a `var e error`.
func writeDefaults(path string, prev error) error {
	var writeFailure error
	b, err := json.MarshalIndent(Config{Listen: ":8080"}, "", "  ")
	if err != nil {
		return fmt.Errorf("marshal defaults: %v", err) // want "GL602"
	}
	if writeFailure = os.WriteFile(path, b, 0o644); writeFailure != nil {
		return fmt.Errorf("write %s (previous attempt: %s): %v", path, prev, writeFailure) // want "GL602" "GL602"
	}
	return nil
}

// readSecret passes err.Error() to %s: the string keeps the text and loses
// the chain just the same.
func readSecret(dir, name string) (string, error) {
	b, readErr := os.ReadFile(filepath.Join(dir, name))
	if readErr != nil {
		return "", fmt.Errorf("read secret %q: %s", name, readErr.Error()) // want "GL602"
	}
	return strings.TrimSpace(string(b)), nil
}
