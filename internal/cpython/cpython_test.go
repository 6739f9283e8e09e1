package cpython

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fakePython writes an executable python3 into a fresh directory that reports version
// and fails to import the module named missing, and returns the directory.
func fakePython(t *testing.T, name, version, missing string) string {
	dir := t.TempDir()
	script := "#!/bin/sh\n" +
		"case \"$2\" in\n" +
		"*version_info*) echo " + version + " ;;\n" +
		"'import " + missing + "') echo \"ModuleNotFoundError: No module named '" + missing + "'\" >&2; exit 1 ;;\n" +
		"esac\n"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// reset forgets what an earlier lookup found.
func reset() {
	found.once = sync.Once{}
	found.path, found.reason, found.modules = "", "", nil
}

func TestFind(t *testing.T) {
	t.Setenv("CPYTHON", "")
	for _, tt := range []struct {
		name, version, missing string // the fake interpreter on PATH
		modules                []string
		wantErr                string // "" if Find succeeds
	}{
		{"python3.11", "3.11", "cgi", []string{"socketserver"}, ""},
		{"python3", "3.11", "nosuch", []string{"cgi", "http.server"}, ""},
		{"python3", "3.13", "cgi", []string{"cgi"}, "no CPython 3.11: python3.11 not found, python3 is 3.13"},
		{"python3", "3.11", "cgi", []string{"http.server", "cgi"}, "cannot import cgi: ModuleNotFoundError: No module named 'cgi'"},
		{"python", "3.11", "cgi", nil, "no CPython 3.11: python3.11 not found, python3 not found"},
	} {
		t.Run(tt.name+"-"+tt.version, func(t *testing.T) {
			t.Setenv("PATH", fakePython(t, tt.name, tt.version, tt.missing))
			reset()
			defer reset()
			path, err := Find(tt.modules...)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Find(%q): %v", tt.modules, err)
			case tt.wantErr == "" && filepath.Base(path) != tt.name:
				t.Errorf("Find(%q) = %s, want the fake %s", tt.modules, path, tt.name)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Find(%q) = %q, %v; want error %q", tt.modules, path, err, tt.wantErr)
			case err != nil && strings.Contains(err.Error(), "\n"):
				t.Errorf("Find(%q): error of several lines: %q", tt.modules, err)
			}
		})
	}
}

func TestFindCPYTHON(t *testing.T) {
	dir := fakePython(t, "mypython", "3.11", "cgi")
	t.Setenv("PATH", fakePython(t, "python3.11", "3.11", "cgi"))
	t.Setenv("CPYTHON", filepath.Join(dir, "mypython"))
	reset()
	defer reset()
	if path, err := Find(); err != nil || path != filepath.Join(dir, "mypython") {
		t.Errorf("Find() = %q, %v; want $CPYTHON", path, err)
	}
}

func TestRequired(t *testing.T) {
	for _, tt := range []struct {
		required, ci string
		want         bool
	}{
		{"", "", false},
		{"1", "", true},
		{"", "true", true},
		{"0", "false", false},
	} {
		t.Setenv("CPYTHON_REQUIRED", tt.required)
		t.Setenv("CI", tt.ci)
		if got := Required(); got != tt.want {
			t.Errorf("CPYTHON_REQUIRED=%q CI=%q: Required() = %v, want %v", tt.required, tt.ci, got, tt.want)
		}
	}
}
