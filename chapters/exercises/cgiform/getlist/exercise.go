//go:build !solution

package getlist

import "github.com/basehttpserver/basehttpserver/cgiform"

// ANCHOR: todo
// describe returns the order in form as two lines, such as
//
//	size: large
//	toppings: ham, olives
//
// The size is "medium" when the form has none, and the toppings are "none".
func describe(form *cgiform.FieldStorage) string {
	size := form.GetValue("size", "medium")
	// TODO: list every topping, in the order they were sent, not only the first.
	toppings := form.GetValue("topping", "none")
	return "size: " + size + "\ntoppings: " + toppings + "\n"
}

// ANCHOR_END: todo
