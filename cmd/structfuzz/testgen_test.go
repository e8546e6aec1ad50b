package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
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

// structfuzz seed writes corpus files from JSON values (several in one
// file), and says what is missing for texts when the target has no parse
// function.
func TestSeedCommand(t *testing.T) {
	mod := ownSample(t)
	js := filepath.Join(t.TempDir(), "seeds.json")
	os.WriteFile(js, []byte(`{"Op": 8, "Name": "a"} {"Op": 2, "Args": [1, 2]}`), 0o644)
	_, stderr, code := structfuzzIn(t, mod, nil, "seed", ".", js)
	corpus := filepath.Join(mod, "testdata", "structfuzz", "corpus")
	if code != 0 || !strings.Contains(stderr, "wrote 2 new corpus files into "+corpus) {
		t.Fatalf("seed: exit %d, %s", code, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(corpus, "[0-9a-f]*"))
	if _, err := os.Stat(filepath.Join(corpus, ".structfuzz", "schema.json")); len(files) != 2 || err != nil {
		t.Fatalf("the corpus holds %v, and its schema: %v", files, err)
	}
	if out, stderr, code := structfuzzIn(t, mod, nil, "print", ".", corpus); code != 0 || !strings.Contains(out, `"Name": "a"`) {
		t.Fatalf("print of the seeds: exit %d, %s%s", code, out, stderr)
	}
	if _, stderr, code := structfuzzIn(t, mod, nil, "seed", "-text", ".", js); code == 0 || !strings.Contains(stderr, "SetParse") {
		t.Fatalf("seed -text with no parse function: exit %d, %s", code, stderr)
	}
}

// structfuzz cover reports what the corpus reaches: the report names the
// package's file, and an input that goes deeper (the planted crash, whose
// panic is recovered) raises the share.
func TestCoverCommand(t *testing.T) {
	mod := ownSample(t)
	share := func(seeds string) float64 {
		t.Helper()
		dir := t.TempDir()
		js := filepath.Join(t.TempDir(), "seeds.json")
		os.WriteFile(js, []byte(seeds), 0o644)
		if _, stderr, code := structfuzzIn(t, mod, nil, "seed", "-o", dir, ".", js); code != 0 {
			t.Fatalf("seed: %s", stderr)
		}
		html := filepath.Join(t.TempDir(), "cover.html")
		_, stderr, code := structfuzzIn(t, mod, nil, "cover", "-o", html, ".", dir)
		m := regexp.MustCompile(`they reach ([0-9.]+)% of the statements of example.com/sample/\.\.\.`).FindStringSubmatch(stderr)
		if code != 0 || m == nil {
			t.Fatalf("cover: exit %d, %s", code, stderr)
		}
		if page, err := os.ReadFile(html); err != nil || !strings.Contains(string(page), "example.com/sample/sample.go") || strings.Contains(string(page), "main.go") {
			t.Fatalf("the report does not show sample.go alone (%v)", err)
		}
		f, _ := strconv.ParseFloat(m[1], 64)
		return f
	}
	shallow := share(`{"Op": 1}`)
	deep := share(`{"Op": 1} {"Op": 8, "Args": [1, -1, 2], "Reply": {"Version": 3}}`)
	if shallow <= 0 || deep <= shallow {
		t.Fatalf("coverage %v%% with one shallow input, %v%% with the crash too: want it to grow", shallow, deep)
	}
	if _, stderr, code := structfuzzIn(t, mod, nil, "cover", "."); code == 0 || !strings.Contains(stderr, "no corpus yet") {
		t.Fatalf("cover with no corpus: exit %d, %s", code, stderr)
	}
}
