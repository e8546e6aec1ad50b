package main

import (
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseUninstrumented(t *testing.T) {
	good := map[string][]string{
		"std":                            {"std"},
		"std,example.com/app/render/...": {"std", "example.com/app/render/..."},
		"unicode/utf8,strings":           {"unicode/utf8", "strings"},
		"example.com/app/...":            {"example.com/app/..."},
		"none":                           nil,
	}
	for v, want := range good {
		got, err := parseUninstrumented(v)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("parseUninstrumented(%q) = %q, %v; want %q", v, got, err, want)
		}
	}
	bad := map[string]string{
		"":                   "empty list",
		" ":                  "empty list",
		"std,":               "empty package pattern",
		"std,,strings":       "empty package pattern",
		"all":                "libFuzzer blind",
		"std,none":           "none stands alone",
		"cmd":                "toolchain",
		"./render":           "relative patterns",
		"../x/...":           "relative patterns",
		"/abs/path":          "want an import path",
		"example.com/x/":     "want an import path",
		"std strings":        "cannot appear",
		"example.com/x=-N":   "cannot appear",
		"example.com//x":     "want an import path",
		"-gcflags=all=-d=no": "cannot appear",
	}
	for v, want := range bad {
		_, err := parseUninstrumented(v)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseUninstrumented(%q): error %v, want one saying %q", v, err, want)
		}
	}
}

// The flag is repeatable, and build and run both take it.
func TestUninstrumentedFlagAccumulates(t *testing.T) {
	var b buildFlags
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	b.register(fs)
	if err := fs.Parse([]string{"-uninstrumented", "std", "-uninstrumented=example.com/a/...,example.com/b", "pkg"}); err != nil {
		t.Fatal(err)
	}
	want := []string{"std", "example.com/a/...", "example.com/b"}
	if !slices.Equal(b.uninstrumented, want) {
		t.Errorf("uninstrumented = %q, want %q", b.uninstrumented, want)
	}
	fs = flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(new(strings.Builder))
	b = buildFlags{}
	b.register(fs)
	if err := fs.Parse([]string{"-uninstrumented="}); err == nil || !strings.Contains(err.Error(), "-uninstrumented: empty list") {
		t.Errorf("-uninstrumented=: error %v, want one naming the flag and the empty list", err)
	}
}

// Without the flag, native mode leaves std out; the flag replaces that
// default, and none instruments std again. go-fuzz mode has no default.
func TestUninstrumentedDefault(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{nil, []string{"std"}},
		{[]string{"-uninstrumented", "none"}, nil},
		{[]string{"-uninstrumented", "example.com/a"}, []string{"example.com/a"}},
		{[]string{"-uninstrumented", "std", "-uninstrumented", "example.com/a"}, []string{"std", "example.com/a"}},
		{[]string{"-mode", "go-fuzz"}, nil},
	} {
		var b buildFlags
		fs := flag.NewFlagSet("build", flag.ContinueOnError)
		b.register(fs)
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		if got := b.extraUninstrumented(); !slices.Equal(got, c.want) {
			t.Errorf("%q: left out %q, want %q", c.args, got, c.want)
		}
	}
}

// Each pattern of -uninstrumented turns instrumentation off after the
// all= that turns it on: go build applies the last matching -gcflags.
func TestNativeFlagsUninstrumented(t *testing.T) {
	flags := nativeFlags("", []string{"std", "example.com/app/render/..."})
	all := slices.Index(flags, "-gcflags=all=-d=libfuzzer")
	for _, want := range []string{"-gcflags=std=-d=libfuzzer=0", "-gcflags=example.com/app/render/...=-d=libfuzzer=0"} {
		if i := slices.Index(flags, want); i < 0 || i < all {
			t.Errorf("nativeFlags: %s at %d, all= at %d; want it after all=:\n%s", want, i, all, strings.Join(flags, "\n"))
		}
	}
}

// The flag reaches the go build command line of a real build (printed by
// -v), and the build still succeeds; go-fuzz mode refuses patterns it
// cannot pass to go-fuzz-build -preserve.
func TestUninstrumentedReachesGoBuild(t *testing.T) {
	setup(t)
	archive := filepath.Join(t.TempDir(), "fuzz.a")
	goBuild := func(args ...string) string {
		t.Helper()
		_, stderr, code := structfuzz(t, nil, append([]string{"build", "-v", "-archive", archive}, args...)...)
		if code != 0 {
			t.Fatalf("build %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
		for _, l := range strings.Split(stderr, "\n") {
			if strings.HasPrefix(l, "+ go build") && strings.Contains(l, "-buildmode=c-archive") {
				return l
			}
		}
		t.Fatalf("build -v %s printed no go build command:\n%s", strings.Join(args, " "), stderr)
		return ""
	}
	if line := goBuild("."); !strings.Contains(line, " -gcflags=std=-d=libfuzzer=0") {
		t.Errorf("a default native build does not leave std uninstrumented:\n%s", line)
	}
	line := goBuild("-uninstrumented", "example.com/sample/noisy/...", ".")
	want := " -gcflags=example.com/sample/noisy/...=-d=libfuzzer=0"
	if !strings.Contains(line, want) || strings.Index(line, want) < strings.Index(line, "-gcflags=all=-d=libfuzzer ") {
		t.Errorf("the go build command does not end instrumentation of the pattern after all=; want %q in\n%s", want, line)
	}
	if strings.Contains(line, "-gcflags=std=") {
		t.Errorf("-uninstrumented given, yet the default std is still on the go build command:\n%s", line)
	}

	_, stderr, code := structfuzz(t, nil, "build", "-mode", "go-fuzz", "-uninstrumented", "std", "-archive", archive+"2", ".")
	if code == 0 || !strings.Contains(stderr, "go-fuzz mode takes import paths only") {
		t.Errorf("build -mode go-fuzz -uninstrumented std: exit %d, want a failure explaining the patterns:\n%s", code, stderr)
	}
	for _, v := range []string{"", "./noisy", "std,"} {
		_, stderr, code = structfuzz(t, nil, "build", "-uninstrumented="+v, "-archive", archive+"3", ".")
		if code == 0 || !strings.Contains(stderr, "-uninstrumented") {
			t.Errorf("build -uninstrumented=%q: exit %d, want a failure naming the flag:\n%s", v, code, stderr)
		}
	}
}
