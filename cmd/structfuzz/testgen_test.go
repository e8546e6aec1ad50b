package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// findTarget finds the variable holding the target among the package's
// files: the only one, the one the fuzz function uses, or the one named;
// and says what is wrong otherwise.
func TestFindTarget(t *testing.T) {
	const lf = `import "github.com/structfuzz/structfuzz/mutator/libfuzzer"` + "\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		fn    string
		named string
		want  string // the call, or an error's text after "error: "
	}{
		{"one", map[string]string{"a.go": lf + "var target = libfuzzer.Target(handle)"}, "Fuzz", "", "target.Harness().Call"},
		{"instantiated TargetWith in a test file", map[string]string{
			"a_test.go": lf + "var (\n\tx int\n\tt2 = libfuzzer.TargetWith[Msg](handle, opts)\n)"}, "Fuzz", "", "t2.Harness().Call"},
		{"harness.New, aliased", map[string]string{
			"a.go": `import hs "github.com/structfuzz/structfuzz/harness"` + "\nvar h = hs.New(fn, hs.Options{})"}, "Fuzz", "", "h.Call"},
		{"two, the fuzz function uses one", map[string]string{
			"a.go": lf + "var a = libfuzzer.Target(f)\nvar b = libfuzzer.Target(g)\nfunc FuzzB(data []byte) int { return b.Fuzz(data) }"},
			"FuzzB", "", "b.Harness().Call"},
		{"two, named", map[string]string{"a.go": lf + "var a, b = libfuzzer.Target(f), libfuzzer.Target(g)"}, "Fuzz", "a", "a.Harness().Call"},
		{"two, ambiguous", map[string]string{"a.go": lf + "var a, b = libfuzzer.Target(f), libfuzzer.Target(g)"}, "Fuzz", "", "error: several targets (a, b)"},
		{"named wrong", map[string]string{"a.go": lf + "var a = libfuzzer.Target(f)"}, "Fuzz", "zz", "error: no package-level variable zz"},
		{"none", map[string]string{"a.go": "var a = other.Target(f)"}, "Fuzz", "", "error: no package-level variable made by"},
		{"external test package ignored", map[string]string{
			"a.go":        lf + "var a = libfuzzer.Target(f)",
			"a_x_test.go": "package p_test\n" + lf + "var b = libfuzzer.Target(g)"}, "Fuzz", "", "a.Harness().Call"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range tc.files {
				if !strings.HasPrefix(src, "package ") {
					src = "package p\n" + src
				}
				if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := findTarget(&target{ImportPath: "example.com/p", Dir: dir, Name: "p", Func: tc.fn}, tc.named)
			if want, ok := strings.CutPrefix(tc.want, "error: "); ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("findTarget = %q, %v; want an error containing %q", got, err, want)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("findTarget = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// A crash the native binary found becomes a regression test with
// `structfuzz test`: the file it writes compiles, and go test fails on it
// with the planted panic, without the crash file. Writing it again needs
// -f; a file of raw bytes (a raw-mode crash) is decoded leniently, and the
// test says so.
func TestCrashToRegressionTest(t *testing.T) {
	bin := binary(t, "native", "Fuzz")
	_, _, dir := fuzz(t, bin, "-seed=6", "-runs=2000000")
	crash := crashFile(t, dir)
	mod := ownSample(t)

	_, stderr, code := structfuzzIn(t, mod, nil, "test", ".", crash)
	if code != 0 {
		t.Fatalf("structfuzz test failed (exit %d):\n%s", code, stderr)
	}
	written, _ := filepath.Glob(filepath.Join(mod, "crash_*_test.go"))
	if len(written) != 1 || !strings.Contains(stderr, "go test -run '^TestCrash") {
		t.Fatalf("wrote %v; said:\n%s", written, stderr)
	}
	src, _ := os.ReadFile(written[0])
	if !strings.Contains(string(src), "target.Harness().Call(&Msg{") || !strings.Contains(string(src), "Op:") {
		t.Fatalf("the test does not build a Msg and call the target:\n%s", src)
	}
	name := "TestCrash" + strings.TrimSuffix(strings.TrimPrefix(filepath.Base(written[0]), "crash_"), "_test.go")
	run := exec.Command("go", "test", "-run", "^"+name+"$", ".")
	run.Dir = mod
	out, err := run.CombinedOutput()
	if err == nil || !strings.Contains(string(out), plantedPanic) {
		t.Fatalf("the regression test did not fail with the planted panic (%v):\n%s", err, out)
	}

	if _, stderr, code := structfuzzIn(t, mod, nil, "test", ".", crash); code == 0 || !strings.Contains(stderr, "-f overwrites") {
		t.Fatalf("writing the test again without -f: exit %d, %s", code, stderr)
	}
	if _, stderr, code := structfuzzIn(t, mod, nil, "test", "-f", ".", crash); code != 0 {
		t.Fatalf("-f: exit %d, %s", code, stderr)
	}

	raw := filepath.Join(t.TempDir(), "raw-crash")
	if err := os.WriteFile(raw, []byte{8, 1, 2, 8, 3}, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := structfuzzIn(t, mod, nil, "test", ".", raw); code != 0 {
		t.Fatalf("a raw crash: exit %d, %s", code, stderr)
	}
	all, _ := filepath.Glob(filepath.Join(mod, "crash_*_test.go"))
	if len(all) != 2 {
		t.Fatalf("want two test files, have %v", all)
	}
	for _, f := range all {
		if f == written[0] {
			continue
		}
		if src, _ := os.ReadFile(f); !strings.Contains(string(src), "lenient decoding") {
			t.Fatalf("the raw crash's test does not say it was decoded leniently:\n%s", src)
		}
	}
}
