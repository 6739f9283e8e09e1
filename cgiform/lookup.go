package cgiform

// Fields returns the fields named key, in order (Python's form[key], which
// is one field, or a list when the name repeats).
func (fs *FieldStorage) Fields(key string) []*FieldStorage {
	var found []*FieldStorage
	for _, f := range fs.List {
		if f.Name == key {
			found = append(found, f)
		}
	}
	return found
}

// GetValue returns the first value of the fields named key, or def if there
// is none (Python's getvalue, which returns a list when the name repeats:
// see GetList).
func (fs *FieldStorage) GetValue(key, def string) string { return fs.GetFirst(key, def) }

// GetFirst returns the first value of the fields named key, or def if
// there is none (Python's getfirst).
func (fs *FieldStorage) GetFirst(key, def string) string {
	if found := fs.Fields(key); len(found) > 0 {
		return found[0].Value()
	}
	return def
}

// GetList returns the values of the fields named key, in order, or nil if
// there is none (Python's getlist).
func (fs *FieldStorage) GetList(key string) []string {
	var values []string
	for _, f := range fs.Fields(key) {
		values = append(values, f.Value())
	}
	return values
}

// Keys returns the distinct field names in the order they first appear
// (Python's keys, in a set's order), or nil for a field that has data
// (where Python raises TypeError).
func (fs *FieldStorage) Keys() []string {
	var keys []string
	seen := make(map[string]bool)
	for _, f := range fs.List {
		if !seen[f.Name] {
			seen[f.Name] = true
			keys = append(keys, f.Name)
		}
	}
	return keys
}

// Contains reports whether a field is named key (Python's "key in form").
func (fs *FieldStorage) Contains(key string) bool { return len(fs.Fields(key)) > 0 }

// Len returns the number of distinct field names (Python's len(form)).
func (fs *FieldStorage) Len() int { return len(fs.Keys()) }
