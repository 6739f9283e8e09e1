package basehttp

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// The overrides, one interface each, as io.Copy asks for WriterTo and
// ReaderFrom on their own. Every type embedding BaseHTTPRequestHandler has
// all four, its own or promoted; a method of the same name with another
// signature hides the promoted one, which resolve reports.
type (
	expect100Handler interface {
		HandleExpect100() (bool, error)
	}
	requestLogger interface {
		LogRequest(code int, size ...int)
	}
	errorLogger interface {
		LogError(format string, args ...any)
	}
	messageLogger interface {
		LogMessage(format string, args ...any)
	}
)

// overrides are the methods a user's type may define in place of
// BaseHTTPRequestHandler's, with the signature each must have. (Each
// interface type is found through a nil pointer to it: reflect.TypeFor
// needs Go 1.22, and go.mod admits 1.20.)
var overrides = []struct {
	name  string
	iface reflect.Type
}{
	{"HandleExpect100", reflect.TypeOf((*expect100Handler)(nil)).Elem()},
	{"LogRequest", reflect.TypeOf((*requestLogger)(nil)).Elem()},
	{"LogError", reflect.TypeOf((*errorLogger)(nil)).Elem()},
	{"LogMessage", reflect.TypeOf((*messageLogger)(nil)).Elem()},
}

// A methodTable is what resolve found on a handler type: the index of each
// Do method by the command it answers, DoGET at "GET".
type methodTable struct {
	typ reflect.Type
	do  map[string]int
}

// resolve checks a handler type once, as net/rpc checks a receiver at
// Register: every method whose name starts with "Do" must be a func() or a
// func() error, and every override must have its signature. It names the
// first method that does not.
func resolve(t reflect.Type) (*methodTable, error) {
	if t == nil {
		return nil, errors.New("basehttp: newHandler returned nil")
	}
	for _, o := range overrides {
		if t.Implements(o.iface) {
			continue
		}
		want := o.iface.Method(0).Type
		m, ok := t.MethodByName(o.name)
		if !ok {
			return nil, fmt.Errorf("basehttp: %s has no method %s (a field or an embedding hides it), want %s",
				t, o.name, want)
		}
		return nil, fmt.Errorf("basehttp: %s has method %s of type %s, want %s",
			t, o.name, methodType(m), want)
	}
	tbl := &methodTable{typ: t, do: map[string]int{}}
	// The methods are sorted by name, so the Do methods are a run of them:
	// finding it by bisection spares building every other method's type,
	// which is most of what resolve costs.
	first := sort.Search(t.NumMethod(), func(i int) bool { return t.Method(i).Name >= "Do" })
	for i := first; i < t.NumMethod(); i++ {
		m := t.Method(i)
		command, ok := strings.CutPrefix(m.Name, "Do")
		if !ok {
			break
		}
		if command == "" {
			continue
		}
		if !isDoMethodType(m.Type) {
			return nil, fmt.Errorf("basehttp: %s has method %s of type %s, want func() or func() error",
				t, m.Name, methodType(m))
		}
		tbl.do[command] = i
	}
	return tbl, nil
}

// errorType is the type error.
var errorType = reflect.TypeOf((*error)(nil)).Elem()

// isDoMethodType reports whether ft, a method's type with its receiver
// first, is that of a func() or a func() error.
func isDoMethodType(ft reflect.Type) bool {
	return ft.NumIn() == 1 && !ft.IsVariadic() &&
		(ft.NumOut() == 0 || ft.NumOut() == 1 && ft.Out(0) == errorType)
}

// methodType is the type of m as its callers see it, without the receiver.
func methodType(m reflect.Method) string {
	ft := m.Type
	in := make([]reflect.Type, 0, ft.NumIn())
	for i := 1; i < ft.NumIn(); i++ {
		in = append(in, ft.In(i))
	}
	out := make([]reflect.Type, 0, ft.NumOut())
	for i := 0; i < ft.NumOut(); i++ {
		out = append(out, ft.Out(i))
	}
	return reflect.FuncOf(in, out, ft.IsVariadic()).String()
}

// A boundMethod is a Do method bound to the user's value, and the command
// it answers.
type boundMethod struct {
	command string
	method  any // a func() or a func() error
}

// call calls the Do method that answers h.Command, reporting false when
// there is none. The method bound to the user's value is kept for the next
// request on the connection, which most often has the same command: binding
// it allocates.
func (h *BaseHTTPRequestHandler) call() (bool, error) {
	if h.bound.method == nil || h.bound.command != h.Command {
		i, ok := h.methods.do[h.Command]
		if !ok {
			return false, nil
		}
		// The command is copied, so as not to keep the request line it is
		// part of.
		h.bound.command = strings.Clone(h.Command)
		h.bound.method = bindDirect(h.outer, h.Command)
		if h.bound.method == nil {
			h.bound.method = reflect.ValueOf(h.outer).Method(i).Interface()
		}
	}
	if f, ok := h.bound.method.(func()); ok {
		f()
		return true, nil
	}
	return true, h.bound.method.(func() error)() // resolve allowed these two alone
}

// bindDirect returns the Do method that answers command as the compiler
// binds it, for GET, HEAD and POST, the commands of nearly every request,
// and nil for the others. A method that reflect binds is called through
// reflect's machinery, which costs about a sixth of what the framework
// spends on a request; one the compiler binds is called as any function.
func bindDirect(outer Handler, command string) any {
	switch command {
	case "GET":
		if m, ok := outer.(interface{ DoGET() error }); ok {
			return m.DoGET
		}
		if m, ok := outer.(interface{ DoGET() }); ok {
			return m.DoGET
		}
	case "HEAD":
		if m, ok := outer.(interface{ DoHEAD() error }); ok {
			return m.DoHEAD
		}
		if m, ok := outer.(interface{ DoHEAD() }); ok {
			return m.DoHEAD
		}
	case "POST":
		if m, ok := outer.(interface{ DoPOST() error }); ok {
			return m.DoPOST
		}
		if m, ok := outer.(interface{ DoPOST() }); ok {
			return m.DoPOST
		}
	}
	return nil
}
