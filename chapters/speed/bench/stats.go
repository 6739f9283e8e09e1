package main

import (
	"math"
	"sort"
)

// median returns the middle of xs (the mean of the two middle values for
// an even count), or NaN for none. It leaves xs as it is.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return (s[(len(s)-1)/2] + s[len(s)/2]) / 2
}

// span returns the smallest and the largest of xs, or NaN twice for none.
func span(xs []float64) (lo, hi float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	lo, hi = xs[0], xs[0]
	for _, x := range xs[1:] {
		lo = math.Min(lo, x)
		hi = math.Max(hi, x)
	}
	return lo, hi
}

// pairedRatios returns a[i]/b[i] for each round i that both measured: the
// ratio of two servers measured side by side in the same round, which the
// machine's drift from round to round affects less than a ratio of medians.
func pairedRatios(a, b []float64) []float64 {
	var r []float64
	for i := 0; i < len(a) && i < len(b); i++ {
		if b[i] != 0 && !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
			r = append(r, a[i]/b[i])
		}
	}
	return r
}
