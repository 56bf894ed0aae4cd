package gl503

// Item is stored by address.
type Item struct{ ID int }

var registry []*Item

// Register keeps the address of each loop variable: before Go 1.22 (this
// module says 1.19) they are all the same variable.
func Register(items []Item) {
	for _, it := range items { // want "GL503"
		registry = append(registry, &it)
	}
}

// RegisterIndexed keeps the address of each element.
func RegisterIndexed(items []Item) {
	for i := range items {
		registry = append(registry, &items[i])
	}
}

// Copy keeps a copy of each element.
func Copy(items []Item) {
	for _, it := range items {
		c := it
		_ = c.ID
	}
}
