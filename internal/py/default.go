package py

// OrDefault returns v, or def if v is the zero value, negative or empty: an
// unset setting takes Python's default, as a class attribute would.
func OrDefault[T ~int | ~int64 | ~string](v, def T) T {
	var zero T
	if v <= zero {
		return def
	}
	return v
}
