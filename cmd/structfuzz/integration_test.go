package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// The integration tests build the sample target of testdata/sample (a
// copy in a temporary folder) into libFuzzer binaries with the structfuzz
// command, and run them. They need clang and libFuzzer (and go-fuzz-build
// for the go-fuzz mode): without them they skip, unless
// STRUCTFUZZ_REQUIRE_LIBFUZZER=1, as CI sets, makes that a failure.

const requireEnv = "STRUCTFUZZ_REQUIRE_LIBFUZZER"

var (
	setupOnce sync.Once
	setupErr  error
	sfBin     string // the structfuzz command
	sampleDir string // the copy of the sample module
	scratch   string

	binMu sync.Mutex
	bins  = map[string]string{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if scratch != "" {
		os.RemoveAll(scratch)
	}
	os.Exit(code)
}

// need skips (or, in CI, fails) a test whose tool is missing.
func need(t *testing.T, what string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv(requireEnv) == "1" {
		t.Fatalf("%s is missing, and %s=1 requires it", what, requireEnv)
	}
	t.Skipf("%s is missing (set %s=1 to make this a failure)", what, requireEnv)
}

func haveLibFuzzer() bool {
	clang, err := exec.LookPath("clang")
	if err != nil {
		return false
	}
	dir, err := os.MkdirTemp("", "sf-probe")
	if err != nil {
		return false
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "p.c")
	os.WriteFile(src, []byte("#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return 0; }\n"), 0o644)
	return exec.Command(clang, "-fsanitize=fuzzer", src, "-o", filepath.Join(dir, "p")).Run() == nil
}

// setup builds the command and copies the sample module.
func setup(t *testing.T) {
	t.Helper()
	setupOnce.Do(func() {
		scratch, setupErr = os.MkdirTemp("", "structfuzz-it")
		if setupErr != nil {
			return
		}
		sfBin = filepath.Join(scratch, "structfuzz")
		if out, err := exec.Command("go", "build", "-o", sfBin, ".").CombinedOutput(); err != nil {
			setupErr = fmt.Errorf("building the command: %v\n%s", err, out)
			return
		}
		sampleDir = filepath.Join(scratch, "sample")
		setupErr = copyModule("testdata/sample", sampleDir)
	})
	if setupErr != nil {
		t.Fatal(setupErr)
	}
}

// copyModule copies the sample module and points its replace directive at
// this checkout.
func copyModule(from, to string) error {
	root, err := filepath.Abs("../..")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			// The sample's other packages (noisy, badtype).
			if err := copyModule(filepath.Join(from, e.Name()), filepath.Join(to, e.Name())); err != nil {
				return err
			}
			continue
		}
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		if e.Name() == "go.mod" {
			data = bytes.Replace(data, []byte("=> ../../../.."), []byte("=> "+root), 1)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// structfuzz runs the command in the sample module.
func structfuzz(t *testing.T, stdin []byte, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return structfuzzIn(t, sampleDir, stdin, args...)
}

// binary builds (once) the sample's fuzz function fn in a mode.
func binary(t *testing.T, mode, fn string) string {
	t.Helper()
	return binaryWith(t, mode, fn)
}

// binaryWith is binary built with extra flags of structfuzz build.
func binaryWith(t *testing.T, mode, fn string, extra ...string) string {
	t.Helper()
	setup(t)
	need(t, "clang with libFuzzer", haveLibFuzzer())
	if mode == "go-fuzz" {
		_, err := exec.LookPath("go-fuzz-build")
		need(t, "go-fuzz-build", err == nil)
	}
	binMu.Lock()
	defer binMu.Unlock()
	key := strings.Join(append([]string{mode, fn}, extra...), "-")
	if b, ok := bins[key]; ok {
		return b
	}
	out := filepath.Join(scratch, "bin-"+key)
	args := append(append([]string{"build", "-mode", mode, "-func", fn}, extra...), "-o", out, ".")
	_, stderr, code := structfuzz(t, nil, args...)
	if code != 0 {
		t.Fatalf("structfuzz build -mode %s -func %s failed:\n%s", mode, fn, stderr)
	}
	bins[key] = out
	return out
}

// fuzz runs a libFuzzer binary in a fresh folder and returns its output
// (libFuzzer logs to stderr) and exit code.
func fuzz(t *testing.T, bin string, args ...string) (string, int, string) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		code = -1
		if x, ok := err.(*exec.ExitError); ok {
			code = x.ExitCode()
		}
	}
	return string(out), code, dir
}

const plantedPanic = "panic: runtime error: index out of range"

// replayedPanic is how Replay, under go test, reports the planted bug's
// panic: in the failing file's subtest, with the input's value after it.
const replayedPanic = "the target panicked: runtime error: index out of range"

var customMS = regexp.MustCompile(`MS: \d+ [^\n]*Custom`)

// crashFile returns the one crash file libFuzzer wrote in dir.
func crashFile(t *testing.T, dir string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "crash-*"))
	if len(m) != 1 {
		t.Fatalf("want one crash file in %s, found %v", dir, m)
	}
	return m[0]
}

func TestFindsPlantedBug(t *testing.T) {
	for _, mode := range []string{"native", "go-fuzz"} {
		for _, seed := range []string{"1", "2"} {
			t.Run(mode+"/seed"+seed, func(t *testing.T) {
				bin := binary(t, mode, "Fuzz")
				out, code, dir := fuzz(t, bin, "-seed="+seed, "-runs=2000000")
				if code == 0 || !strings.Contains(out, plantedPanic) {
					t.Fatalf("the planted bug was not found (exit %d):\n%s", code, tail(out))
				}
				if !strings.Contains(out, "INFO: found LLVMFuzzerCustomMutator") || !customMS.MatchString(out) {
					t.Fatalf("the custom mutator did not run:\n%s", tail(out))
				}
				crashFile(t, dir)
				t.Logf("%s, seed %s: %s", mode, seed, lastLine(out, "#"))
			})
		}
	}
}

func TestReplayCrashUnderGoTest(t *testing.T) {
	bin := binary(t, "native", "Fuzz")
	_, _, dir := fuzz(t, bin, "-seed=3", "-runs=2000000")
	crash := crashFile(t, dir)
	crashers := filepath.Join(sampleDir, "testdata", "structfuzz", "crashers")
	if err := os.MkdirAll(crashers, 0o755); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(crash)
	dst := filepath.Join(crashers, filepath.Base(crash))
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(dst)
	cmd := exec.Command("go", "test", "-run", "TestReplay", ".")
	cmd.Dir = sampleDir
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go test passed on a crash file:\n%s", out)
	}
	if !strings.Contains(string(out), replayedPanic) || !strings.Contains(string(out), "sample.handle") || !strings.Contains(string(out), `"Op": 8`) {
		t.Fatalf("go test did not fail with the planted panic:\n%s", out)
	}
}

func TestPrintEncodeRoundTrip(t *testing.T) {
	bin := binary(t, "native", "Fuzz")
	_, _, dir := fuzz(t, bin, "-seed=4", "-runs=2000000")
	crash := crashFile(t, dir)
	js, stderr, code := structfuzz(t, nil, "print", ".", crash)
	if code != 0 || !strings.Contains(js, `"Op": 8`) {
		t.Fatalf("print failed (exit %d): %s%s", code, js, stderr)
	}
	enc, stderr, code := structfuzz(t, []byte(js), "encode", ".")
	want, _ := os.ReadFile(crash)
	if code != 0 || enc != string(want) {
		t.Fatalf("encode(print(crash)) differs from the crash file (exit %d): %s", code, stderr)
	}

	// A seed written by hand reproduces the bug.
	seed := `{"Op": 8, "Args": [1, -1, 2], "Reply": {"Version": 3}}`
	out := filepath.Join(t.TempDir(), "seed")
	if _, stderr, code := structfuzz(t, []byte(seed), "encode", "-o", out, "."); code != 0 {
		t.Fatalf("encode of a hand-written seed failed: %s", stderr)
	}
	log, code, _ := fuzz(t, bin, out)
	if code == 0 || !strings.Contains(log, plantedPanic) {
		t.Fatalf("the hand-written seed did not crash the target:\n%s", tail(log))
	}

	// An input that is no valid encoding (a raw-mode crash) is shown as
	// the lenient decoder reads it, and print says so, with the type.
	bad := filepath.Join(t.TempDir(), "bad")
	os.WriteFile(bad, []byte{1, 2, 3}, 0o644)
	js, stderr, code = structfuzz(t, nil, "print", ".", bad)
	if code != 0 || !strings.Contains(stderr, "not a valid encoding of sample.Msg") || !strings.Contains(stderr, "lenient") || !strings.Contains(js, `"Op"`) {
		t.Fatalf("print of an input that is no valid encoding: exit %d, %s%s", code, js, stderr)
	}
}

func TestRunCommandReportsCrash(t *testing.T) {
	binary(t, "native", "Fuzz") // warm the build cache
	_, stderr, code := structfuzz(t, nil, "run", ".", "--", "-seed=5", "-runs=2000000")
	defer os.RemoveAll(filepath.Join(sampleDir, "testdata", "structfuzz"))
	if code == 0 {
		t.Fatalf("run exited 0:\n%s", tail(stderr))
	}
	for _, want := range []string{plantedPanic, "the input that crashed", `"Op": 8`, "replay it with", "-max_len=", "-dict="} {
		if !strings.Contains(stderr, want) {
			t.Fatalf("run output lacks %q:\n%s", want, tail(stderr))
		}
	}
}

func TestMissingClangSaysWhatToInstall(t *testing.T) {
	setup(t)
	cmd := exec.Command(sfBin, "build", ".")
	cmd.Dir = sampleDir
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(mustLookPath(t, "go")), "CC=")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("build without clang succeeded")
	}
	for _, want := range []string{"clang not found", "apt-get install clang libfuzzer-14-dev", "go test -fuzz"} {
		if !strings.Contains(string(out), want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
}

func mustLookPath(t *testing.T, name string) string {
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func tail(s string) string {
	lines := strings.Split(s, "\n")
	if len(lines) > 40 {
		lines = lines[len(lines)-40:]
	}
	return strings.Join(lines, "\n")
}

// lastLine returns the last line of s that starts with prefix.
func lastLine(s, prefix string) string {
	last := ""
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			last = l
		}
	}
	return last
}

// TestOSSFuzzRecipe follows the README's OSS-Fuzz build.sh: an archive
// from structfuzz, linked by the plain line OSS-Fuzz runs.
func TestOSSFuzzRecipe(t *testing.T) {
	setup(t)
	need(t, "clang with libFuzzer", haveLibFuzzer())
	cxx, err := exec.LookPath("clang++")
	need(t, "clang++", err == nil)
	work := t.TempDir()
	archive := filepath.Join(work, "fuzz_sample.a")
	if _, stderr, code := structfuzz(t, nil, "build", "-archive", archive, "-func", "Fuzz", "."); code != 0 {
		t.Fatalf("structfuzz build -archive: %s", stderr)
	}
	bin := filepath.Join(work, "fuzz_sample")
	// $CXX $CXXFLAGS $LIB_FUZZING_ENGINE archive -o $OUT/fuzzer, with
	// LIB_FUZZING_ENGINE=-fsanitize=fuzzer.
	if out, err := exec.Command(cxx, "-fsanitize=fuzzer", archive, "-o", bin).CombinedOutput(); err != nil {
		t.Fatalf("link: %v\n%s", err, out)
	}
	out, code, _ := fuzz(t, bin, "-seed=9", "-runs=2000000")
	if code == 0 || !strings.Contains(out, plantedPanic) || !customMS.MatchString(out) {
		t.Fatalf("the OSS-Fuzz build did not find the bug with the custom mutator (exit %d):\n%s", code, tail(out))
	}
}
