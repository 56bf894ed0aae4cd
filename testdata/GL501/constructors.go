package gl501

// Config is built by its constructors.
type Config struct {
	Name    string
	Retries int
}

// NewConfig returns a pointer to what it allocates: on the heap.
func NewConfig(name string) *Config {
	return &Config{Name: name, Retries: 3} // want "GL501"
}

// NewDefault returns the address of a local: moved to the heap.
func NewDefault() *Config {
	c := Config{Retries: 1} // want "GL501"
	return &c
}

// MakeConfig returns a value: the caller decides where it lives.
func MakeConfig(name string) Config {
	return Config{Name: name, Retries: 3}
}

// Init fills a value the caller owns.
func (c *Config) Init(name string) {
	c.Name = name
	c.Retries = 3
}

// Lookup returns a pointer it did not allocate.
func Lookup(all []*Config, name string) *Config {
	for _, c := range all {
		if c.Name == name {
			return c
		}
	}
	return nil
}
