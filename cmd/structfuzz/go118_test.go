package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGo118FuzzBuild builds the sample's go test fuzz function FuzzMsg
// (func(f *testing.F), calling Harness().Fuzz) the way OSS-Fuzz's
// compile_native_go_fuzzer does: go-118-fuzz-build makes the archive, and
// the plain clang line links it. The binary must fuzz with structfuzz's
// custom mutator and crossover and find the planted bug, go-118-fuzz-build
// must leave the sources as they were, and the same fuzz function must
// still pass under plain go test and replay the crash there.
func TestGo118FuzzBuild(t *testing.T) {
	setup(t)
	need(t, "clang with libFuzzer", haveLibFuzzer())
	cxx, err := exec.LookPath("clang++")
	need(t, "clang++", err == nil)
	tool, err := exec.LookPath("go-118-fuzz-build")
	need(t, "go-118-fuzz-build (cd tools && go install github.com/AdamKorcz/go-118-fuzz-build)", err == nil)

	// go-118-fuzz-build rewrites the fuzz function's file while it
	// builds: a copy of the sample of this test's own.
	mod := ownSample(t)
	before, err := os.ReadFile(filepath.Join(mod, "fuzz_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	var dir string // the folder of the first run, with its crash file
	for _, tc := range []struct {
		name  string
		flags []string
	}{
		{"compile_native_go_fuzzer", nil},
		// The README's build lines for a faster binary.
		{"preserve", []string{"-preserve", "github.com/structfuzz/structfuzz/*,reflect,internal/reflectlite,internal/abi,sync,sync/atomic,internal/sync,math/rand/v2"}},
	} {
		work := t.TempDir()
		archive := filepath.Join(work, "fuzz_msg.a")
		args := append(append([]string{"-o", archive, "-func", "FuzzMsg"}, tc.flags...), ".")
		build := exec.Command(tool, args...)
		build.Dir = mod
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("%s: go-118-fuzz-build: %v\n%s", tc.name, err, out)
		}
		bin := filepath.Join(work, "fuzz_msg")
		// $CXX $CXXFLAGS $LIB_FUZZING_ENGINE $fuzzer.a -o $OUT/$fuzzer
		if out, err := exec.Command(cxx, "-fsanitize=fuzzer", archive, "-o", bin).CombinedOutput(); err != nil {
			t.Fatalf("%s: link: %v\n%s", tc.name, err, out)
		}
		after, err := os.ReadFile(filepath.Join(mod, "fuzz_test.go"))
		if err != nil || !bytes.Equal(before, after) {
			t.Fatalf("%s: go-118-fuzz-build did not restore fuzz_test.go (%v)", tc.name, err)
		}
		out, code, d := fuzz(t, bin, "-seed=1", "-runs=2000000")
		if code == 0 || !strings.Contains(out, plantedPanic) {
			t.Fatalf("%s: the planted bug was not found (exit %d):\n%s", tc.name, code, tail(out))
		}
		if !strings.Contains(out, "INFO: found LLVMFuzzerCustomMutator") || !customMS.MatchString(out) || !strings.Contains(out, "CustomCrossOver") {
			t.Fatalf("%s: the custom mutator and crossover did not run:\n%s", tc.name, tail(out))
		}
		t.Logf("%s: %s", tc.name, lastLine(out, "#"))
		if dir == "" {
			dir = d
		}
	}

	// Plain go test runs the fuzz function's seeds (none) and passes; the
	// crash file, a structfuzz encoding, fails the replay test.
	test := exec.Command("go", "test", "-run", "FuzzMsg", ".")
	test.Dir = mod
	if out, err := test.CombinedOutput(); err != nil {
		t.Fatalf("go test -run FuzzMsg: %v\n%s", err, out)
	}
	crashers := filepath.Join(mod, "testdata", "structfuzz", "crashers")
	if err := os.MkdirAll(crashers, 0o755); err != nil {
		t.Fatal(err)
	}
	crash := crashFile(t, dir)
	data, err := os.ReadFile(crash)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(crashers, filepath.Base(crash)), data, 0o644); err != nil {
		t.Fatal(err)
	}
	replay := exec.Command("go", "test", "-run", "TestReplay", ".")
	replay.Dir = mod
	rout, err := replay.CombinedOutput()
	if err == nil || !strings.Contains(string(rout), replayedPanic) || !strings.Contains(string(rout), `"Op": 8`) {
		t.Fatalf("go test did not fail on the crash with the planted panic (%v):\n%s", err, rout)
	}
}
