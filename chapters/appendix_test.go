package chapters

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/internal/cpython"
	"github.com/google/go-cmp/cmp"
)

// Appendix A (appendix-names.md) has a table row for every public name of Python 3.11's
// socketserver, http.server and cgi, with the Go names that do its job. These tests keep
// it honest:
//
//   - TestAppendixGoNames: every Go name in the Go column, and any other backticked name
//     starting with socketserver., basehttp. or cgiform. in either appendix, is exported
//     by its package, as a package-level name or as a field or method of a type, promoted
//     through embedding or not.
//   - TestAppendixPythonNames: the rows name exactly the Python names of
//     testdata/appendix/python-names.txt, once each.
//   - TestAppendixPythonList: that list is what testdata/appendix/pynames.py prints,
//     introspecting the python3 of this machine.
//   - TestAppendixArticleNames: the section "The article's other names" has a row for each
//     of articleNames, the article's names outside the three modules; its Go column may
//     also name the standard library's (net/url.Parse), which `go doc` must know.

const (
	namesAppendix       = "appendix-names.md"
	differencesAppendix = "appendix-differences.md"
	pythonNames         = "testdata/appendix/python-names.txt"
	pythonScript        = "testdata/appendix/pynames.py"
)

// bookPackages are the packages whose names the Go column may hold.
var bookPackages = []string{"socketserver", "basehttp", "cgiform"}

// The section of the article's other names, whose rows belong to the pseudo-module article.
const (
	articleHeading = "## The article's other names"
	articleModule  = "article"
)

// articleNames are the names the article's programs use that are no names of the three
// modules (or that it spells as Python 2 did): the rows of the article's section.
var articleNames = []string{
	"urlparse.urlparse",
	"threading.currentThread().getName()",
	"self.headers.items()",
	"sorted(self.headers.items())",
	"self.wfile",
	"self.client_address",
	"self.address_string()",
	"self.sys_version",
}

// A nameRow is one row of an appendix table: a Python name and its Go counterparts.
type nameRow struct {
	line   int
	module string   // the Python module of the section: socketserver, http.server or cgi
	python string   // the name inside the module, e.g. BaseServer.serve_forever
	goCell string   // the Go column as written
	goes   []string // the Go names, e.g. socketserver.Server.ServeForever; none for "—"
	note   string
}

func (r nameRow) String() string { return fmt.Sprintf("%s:%d", namesAppendix, r.line) }

// noGoName is what the Go column holds for a Python name with no Go counterpart.
const noGoName = "—"

var (
	moduleHeading = regexp.MustCompile("^## `(socketserver|http\\.server|cgi)`")
	backticked    = regexp.MustCompile("`([^`]+)`")
	goCellSyntax  = regexp.MustCompile("^`[^`]+`(, `[^`]+`)*$")
)

// appendixRows reads the tables of the appendix. A table row belongs to the module of the
// last "## `module`" heading; other "## " headings end a module's section.
func appendixRows(t *testing.T) []nameRow {
	t.Helper()
	var rows []nameRow
	module := ""
	for i, line := range strings.Split(readFile(t, namesAppendix), "\n") {
		if strings.HasPrefix(line, "## ") {
			module = ""
			if m := moduleHeading.FindStringSubmatch(line); m != nil {
				module = m[1]
			} else if strings.TrimSpace(line) == articleHeading {
				module = articleModule
			}
		}
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|"), "|")
		for j := range cells {
			cells[j] = strings.TrimSpace(cells[j])
		}
		if cells[0] == "Python" || strings.Trim(cells[0], "-: ") == "" {
			continue // a header or a delimiter row
		}
		row := nameRow{line: i + 1, module: module}
		if len(cells) != 3 {
			t.Errorf("%s: a row has three cells, Python | Go | note, not %d", row, len(cells))
			continue
		}
		if module == "" {
			t.Errorf("%s: row outside a module's section (a \"## `socketserver`\" heading or the like)", row)
			continue
		}
		m := regexp.MustCompile("^`([^`]+)`$").FindStringSubmatch(cells[0])
		if m == nil {
			t.Errorf("%s: the Python cell is one name in backticks, not %q", row, cells[0])
			continue
		}
		row.python, row.goCell, row.note = m[1], cells[1], cells[2]
		switch {
		case row.goCell == noGoName && row.note == "":
			t.Errorf("%s: %s has no Go counterpart; the note must say why", row, row.python)
		case row.goCell == noGoName:
		case !goCellSyntax.MatchString(row.goCell):
			t.Errorf("%s: the Go cell is %q or names in backticks separated by \", \", not %q", row, noGoName, row.goCell)
		default:
			for _, m := range backticked.FindAllStringSubmatch(row.goCell, -1) {
				row.goes = append(row.goes, m[1])
			}
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		t.Fatalf("%s has no table rows", namesAppendix)
	}
	return rows
}

// TestAppendixGoNames checks that every Go name of the appendix exists.
func TestAppendixGoNames(t *testing.T) {
	api := readGoAPI(t, bookPackages...)
	for _, row := range appendixRows(t) {
		for _, name := range row.goes {
			if row.module == articleModule && !isBookName(name) {
				continue // a name of the standard library: TestAppendixArticleNames
			}
			if err := api.check(name); err != nil {
				t.Errorf("%s: Go name for Python's %s %s: %v", row, row.module, row.python, err)
			}
		}
	}
	// Names outside the Go column, in notes and prose of both appendices, that look like
	// the packages' names.
	qualified := regexp.MustCompile(`^(` + strings.Join(bookPackages, "|") + `)\.[A-Z]`)
	for _, file := range []string{namesAppendix, differencesAppendix} {
		for i, line := range strings.Split(readFile(t, file), "\n") {
			if cells := strings.Split(strings.TrimSpace(line), "|"); file == namesAppendix && len(cells) > 3 {
				line = cells[len(cells)-2] // a row of a names table: its note
			}
			for _, m := range backticked.FindAllStringSubmatch(line, -1) {
				if name := strings.TrimSuffix(m[1], "()"); qualified.MatchString(name) {
					if err := api.check(name); err != nil {
						t.Errorf("%s:%d: %v; if it is a Python name, write it without its module", file, i+1, err)
					}
				}
			}
		}
	}
}

// TestAppendixPythonNames checks that the appendix has a row for each Python name of the
// list, and none for a name the list lacks.
func TestAppendixPythonNames(t *testing.T) {
	want := map[string]bool{}
	for _, name := range readPythonNames(t) {
		want[name] = true
	}
	seen := map[string]nameRow{}
	for _, row := range appendixRows(t) {
		if row.module == articleModule {
			continue // TestAppendixArticleNames
		}
		key := row.module + ":" + row.python
		if first, ok := seen[key]; ok {
			t.Errorf("%s: a second row for Python's %s %s (the first is at line %d)", row, row.module, row.python, first.line)
		}
		seen[key] = row
		if !want[key] {
			t.Errorf("%s: stale row: %s lists no %s %s; fix the name or remove the row", row, pythonNames, row.module, row.python)
		}
	}
	for _, key := range readPythonNames(t) {
		if _, ok := seen[key]; !ok {
			module, name, _ := strings.Cut(key, ":")
			t.Errorf("%s: no row for Python's %s %s: add one to the `%s` section", namesAppendix, module, name, module)
		}
	}
}

// TestAppendixArticleNames checks that the article's section has a row for each of
// articleNames and for nothing else, once each, and that the standard library's names of
// its Go column exist, as `go doc` finds them.
func TestAppendixArticleNames(t *testing.T) {
	want := map[string]bool{}
	for _, name := range articleNames {
		want[name] = true
	}
	seen := map[string]bool{}
	for _, row := range appendixRows(t) {
		if row.module != articleModule {
			continue
		}
		switch {
		case seen[row.python]:
			t.Errorf("%s: a second row for the article's %s", row, row.python)
		case !want[row.python]:
			t.Errorf("%s: %s is none of articleNames; add it there or remove the row", row, row.python)
		}
		seen[row.python] = true
		for _, name := range row.goes {
			if isBookName(name) {
				continue // TestAppendixGoNames
			}
			if err := goDoc(name); err != nil {
				t.Errorf("%s: Go name for the article's %s: %v", row, row.python, err)
			}
		}
	}
	for _, name := range articleNames {
		if !seen[name] {
			t.Errorf("%s: no row for the article's %s in the section %q", namesAppendix, name, articleHeading)
		}
	}
}

// isBookName reports whether name is qualified by one of bookPackages.
func isBookName(name string) bool {
	pkg, _, _ := strings.Cut(name, ".")
	for _, p := range bookPackages {
		if pkg == p {
			return true
		}
	}
	return false
}

// goDoc returns an error unless `go doc` documents name, a standard library name such as
// net/url.Parse or net/url.URL.EscapedPath.
func goDoc(name string) error {
	slash := strings.LastIndex(name, "/")
	pkg, symbol, ok := strings.Cut(name[slash+1:], ".")
	if !ok {
		return fmt.Errorf("`%s` is not of the form pkg.Name or pkg.Type.Member", name)
	}
	out, err := exec.Command("go", "doc", name[:slash+1]+pkg, symbol).CombinedOutput()
	if err != nil {
		return fmt.Errorf("`%s`: go doc: %v\n%s", name, err, out)
	}
	return nil
}

// TestAppendixPythonList checks the committed list against python3's own introspection,
// where python3 is installed and is 3.11 (the script exits with status 3 for another version).
func TestAppendixPythonList(t *testing.T) {
	python := cpython.Require(t, "socketserver", "http.server", "cgi")
	var stderr bytes.Buffer
	cmd := exec.Command(python, pythonScript)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 3 {
		t.Skipf("%s: %s", pythonScript, bytes.TrimSpace(stderr.Bytes()))
	}
	if err != nil {
		t.Fatalf("python3 %s: %v\n%s", pythonScript, err, stderr.Bytes())
	}
	if diff := cmp.Diff(readFile(t, pythonNames), string(out)); diff != "" {
		t.Errorf("%s is not what python3 %s prints now (-file +python3); regenerate it with\n"+
			"\tpython3 chapters/%s > chapters/%s\nand update %s:\n%s",
			pythonNames, pythonScript, pythonScript, pythonNames, namesAppendix, diff)
	}
}

// readPythonNames returns the names of the list, MODULE:NAME, without its comment lines.
func readPythonNames(t *testing.T) []string {
	t.Helper()
	var names []string
	sc := bufio.NewScanner(strings.NewReader(readFile(t, pythonNames)))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			names = append(names, line)
		}
	}
	if len(names) == 0 {
		t.Fatalf("%s lists no names", pythonNames)
	}
	return names
}

// A goAPI is the exported API of some packages, read from their source files (tests aside):
// package-level names, and the fields and methods of each type, with the types it embeds.
// Every key is qualified by its package: "basehttp.HTTPServer".
type goAPI struct {
	names    map[string]bool            // consts, vars, funcs and types
	members  map[string]map[string]bool // type -> its own fields and methods (interface methods too)
	embedded map[string][]string        // type -> the types it embeds, whose members it promotes
}

func readGoAPI(t *testing.T, pkgs ...string) *goAPI {
	t.Helper()
	api := &goAPI{names: map[string]bool{}, members: map[string]map[string]bool{}, embedded: map[string][]string{}}
	fset := token.NewFileSet()
	for _, pkg := range pkgs {
		files, _ := filepath.Glob(filepath.Join("..", pkg, "*.go"))
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			api.addFile(pkg, f)
		}
		if len(files) == 0 {
			t.Fatalf("package %s has no Go files", pkg)
		}
	}
	return api
}

func (api *goAPI) addFile(pkg string, f *ast.File) {
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				api.add(pkg, d.Name.Name)
			} else if typ := typeName(pkg, d.Recv.List[0].Type); typ != "" {
				api.addMember(typ, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.ValueSpec:
					for _, name := range s.Names {
						api.add(pkg, name.Name)
					}
				case *ast.TypeSpec:
					api.add(pkg, s.Name.Name)
					api.addFields(pkg, pkg+"."+s.Name.Name, s.Type)
				}
			}
		}
	}
}

// addFields records the fields of a struct type, or the methods of an interface type.
func (api *goAPI) addFields(pkg, typ string, expr ast.Expr) {
	var fields *ast.FieldList
	switch e := expr.(type) {
	case *ast.StructType:
		fields = e.Fields
	case *ast.InterfaceType:
		fields = e.Methods
	default:
		return
	}
	for _, field := range fields.List {
		for _, name := range field.Names {
			api.addMember(typ, name.Name)
		}
		if len(field.Names) == 0 { // embedded: its fields and methods are promoted
			if inner := typeName(pkg, field.Type); inner != "" {
				api.embedded[typ] = append(api.embedded[typ], inner)
				api.addMember(typ, inner[strings.LastIndex(inner, ".")+1:])
			}
		}
	}
}

func (api *goAPI) add(pkg, name string) {
	if ast.IsExported(name) {
		api.names[pkg+"."+name] = true
	}
}

func (api *goAPI) addMember(typ, name string) {
	if !ast.IsExported(name) {
		return
	}
	if api.members[typ] == nil {
		api.members[typ] = map[string]bool{}
	}
	api.members[typ][name] = true
}

// typeName returns the qualified name of a named type expression, T, *T or pkg.T, or "".
func typeName(pkg string, expr ast.Expr) string {
	switch e := expr.(type) {
	case *ast.StarExpr:
		return typeName(pkg, e.X)
	case *ast.Ident:
		return pkg + "." + e.Name
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok {
			return x.Name + "." + e.Sel.Name
		}
	}
	return ""
}

// check returns an error unless name, pkg.Name or pkg.Type.Member, is in the API.
func (api *goAPI) check(name string) error {
	parts := strings.Split(name, ".")
	switch {
	case len(parts) < 2 || len(parts) > 3:
		return fmt.Errorf("`%s` is not of the form pkg.Name or pkg.Type.Member", name)
	case !api.names[parts[0]+"."+parts[1]]:
		return fmt.Errorf("`%s`: package %s exports no %s", name, parts[0], parts[1])
	case len(parts) == 3 && !api.hasMember(parts[0]+"."+parts[1], parts[2], map[string]bool{}):
		return fmt.Errorf("`%s`: %s.%s has no exported field or method %s, of its own or promoted", name, parts[0], parts[1], parts[2])
	}
	return nil
}

func (api *goAPI) hasMember(typ, member string, visited map[string]bool) bool {
	if visited[typ] {
		return false
	}
	visited[typ] = true
	if api.members[typ][member] {
		return true
	}
	for _, inner := range api.embedded[typ] {
		if api.hasMember(inner, member, visited) {
			return true
		}
	}
	return false
}

// TestAppendixGoAPIReader checks the API reader on names the appendix relies on, found and not.
func TestAppendixGoAPIReader(t *testing.T) {
	api := readGoAPI(t, bookPackages...)
	for name, want := range map[string]bool{
		"socketserver.Server":                                  true, // a type
		"socketserver.NewTCPServer":                            true, // a func
		"basehttp.DefaultServerVersion":                        true, // a const in a group
		"cgiform.ErrTruncated":                                 true, // a var in a group
		"cgiform.Options.MaxBytes":                             true, // a field
		"cgiform.FieldStorage.GetValue":                        true, // a method
		"socketserver.Handler.Setup":                           true, // an interface method
		"basehttp.BaseHTTPRequestHandler.Rfile":                true, // a field promoted across packages
		"basehttp.BaseHTTPRequestHandler.Finish":               true, // a method promoted twice
		"basehttp.HTTPServer.ServeForever":                     true, // promoted through a pointer
		"basehttp.BaseHTTPRequestHandler.StreamRequestHandler": true, // the embedded field itself
		"basehttp.Handler.Handle":                              true, // an embedded interface's method
		"socketserver.Server.NoSuchMethod":                     false,
		"socketserver.Server.mixin":                            false, // unexported
		"basehttp.NoSuchName":                                  false,
		"socketserver.Server.Addr.Network":                     false, // too deep
		"net.Conn":                                             false, // not a book package
	} {
		if err := api.check(name); (err == nil) != want {
			t.Errorf("check(%q) = %v, want found=%v", name, err, want)
		}
	}
}
