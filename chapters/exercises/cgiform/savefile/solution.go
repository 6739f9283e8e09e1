//go:build solution

package savefile

import "strings"

// safeName returns the name under which to save a file the client called
// clientName: its last element, whether the client separated folders with
// '/' or with '\' (as browsers on Windows once did). It reports false when
// no usable name is left: "", "." or "..".
func safeName(clientName string) (string, bool) {
	// Cut at the last separator of either kind ourselves: filepath.Base
	// knows only the separators of the system the server runs on.
	name := clientName[strings.LastIndexAny(clientName, `/\`)+1:]
	switch name {
	case "", ".", "..":
		return "", false
	}
	return name, true
}
