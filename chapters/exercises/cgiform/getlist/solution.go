//go:build solution

package getlist

import (
	"strings"

	"github.com/basehttpserver/basehttpserver/cgiform"
)

// describe returns the order in form as two lines, such as
//
//	size: large
//	toppings: ham, olives
//
// The size is "medium" when the form has none, and the toppings are "none".
func describe(form *cgiform.FieldStorage) string {
	size := form.GetValue("size", "medium")
	// GetList gives every value of a repeated name, in order; GetValue
	// gives only the first (where Python's getvalue would give a list).
	toppings := "none"
	if list := form.GetList("topping"); len(list) > 0 {
		toppings = strings.Join(list, ", ")
	}
	return "size: " + size + "\ntoppings: " + toppings + "\n"
}
