package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// haveCC reports whether cgo has a C compiler: the helper program that
// check runs links mutator/libfuzzer, a cgo package, but needs no
// libFuzzer.
func haveCC() bool {
	out, err := exec.Command("go", "env", "CC").Output()
	if err != nil {
		return false
	}
	cc := strings.Fields(string(out))
	if len(cc) == 0 {
		return false
	}
	_, err = exec.LookPath(cc[0])
	return err == nil
}

// structfuzz check names a hook that reads global state, with its type,
// the path of the value and both results, and exits non-zero; on a
// healthy package it exits 0.
func TestCheckCommand(t *testing.T) {
	setup(t)
	need(t, "a C compiler for cgo", haveCC())
	stdout, stderr, code := structfuzz(t, nil, "check", "./noisy")
	if code != 1 || !strings.Contains(stderr, "PostProcess of noisy.Stamp is not deterministic: at Event.Stamp in input generated#") || !strings.Contains(stderr, `{"Serial":`) {
		t.Fatalf("check ./noisy: exit %d, want 1 naming PostProcess of noisy.Stamp:\n%s%s", code, stdout, stderr)
	}

	// Corpus files, given as a folder, are the inputs checked.
	corpus := t.TempDir()
	in, stderr, code := structfuzz(t, []byte(`{"Kind": 3}`), "encode", "./noisy")
	if code != 0 {
		t.Fatalf("encode: %s", stderr)
	}
	if err := os.WriteFile(filepath.Join(corpus, "seed1"), []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = structfuzz(t, nil, "check", "./noisy", corpus)
	if code != 1 || !strings.Contains(stderr, "in input "+filepath.Join(corpus, "seed1")) {
		t.Fatalf("check ./noisy CORPUS: exit %d, want 1 naming the corpus file:\n%s", code, stderr)
	}

	stdout, stderr, code = structfuzz(t, nil, "check", ".")
	if code != 0 || !strings.Contains(stdout, "sample.Msg: ok") {
		t.Fatalf("check of the healthy sample: exit %d:\n%s%s", code, stdout, stderr)
	}

	// check runs the type check too.
	_, stderr, code = structfuzz(t, nil, "check", "./badtype")
	if code != 1 || !strings.Contains(stderr, "Job.Done") {
		t.Fatalf("check ./badtype: exit %d, want 1 naming Job.Done:\n%s", code, stderr)
	}
}

// Regression: structfuzz build made a fuzzer for an input type that
// cannot be fuzzed (here a chan field); the binary then never ran its
// target. build, build -archive and run must fail first, with the type
// model's message and the path of the field.
func TestBuildChecksType(t *testing.T) {
	setup(t)
	need(t, "clang with libFuzzer", haveLibFuzzer())
	const want = "cannot fuzz badtype.Job: Job.Done: unsupported type chan bool"
	out := filepath.Join(t.TempDir(), "bad-fuzz")
	for _, args := range [][]string{
		{"build", "-o", out, "./badtype"},
		{"build", "-archive", out + ".a", "./badtype"},
		{"run", "./badtype", "--", "-runs=10"},
	} {
		_, stderr, code := structfuzz(t, nil, args...)
		if code == 0 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "cannot be fuzzed, so no fuzzer is built") {
			t.Errorf("structfuzz %s: exit %d, want a failure with %q:\n%s", strings.Join(args, " "), code, want, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("build made a binary for a type that cannot be fuzzed")
	}
	if _, err := os.Stat(out + ".a"); err == nil {
		t.Error("build -archive made an archive for a type that cannot be fuzzed")
	}
}
