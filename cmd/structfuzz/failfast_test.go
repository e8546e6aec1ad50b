package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// lateCheckSrc is a target whose union is registered in init, unless the
// environment says not to: the type passes every check made while
// building, and fails only in the running binary.
const lateCheckSrc = `package latecheck

import (
	"os"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator/libfuzzer"
)

type Shape interface{ isShape() }

type Box struct{ N uint8 }

func (Box) isShape() {}

type In struct {
	S Shape
	N uint8
}

func init() {
	if os.Getenv("LATECHECK_NO_UNION") == "" {
		codec.RegisterUnion[Shape](Box{})
	}
}

var target = libfuzzer.Target(func(*In) {})

func Fuzz(data []byte) int { return target.Fuzz(data) }
`

// lateCheckBinary builds the latecheck package, written into the sample
// module, in a mode.
func lateCheckBinary(t *testing.T, mode string) string {
	t.Helper()
	setup(t)
	need(t, "clang with libFuzzer", haveLibFuzzer())
	dir := filepath.Join(sampleDir, "latecheck")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "latecheck.go"), []byte(lateCheckSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "latecheck-"+mode)
	if _, stderr, code := structfuzz(t, nil, "build", "-mode", mode, "-o", out, "./latecheck"); code != 0 {
		t.Fatalf("structfuzz build -mode %s ./latecheck failed:\n%s", mode, stderr)
	}
	return out
}

// Regression: a binary whose input type cannot be fuzzed (here an
// interface left without variants) ran "Done 2000 runs" and exited 0
// without ever calling the target. It must stop at once with the type
// model's message and a non-zero status.
func TestBinaryStopsOnUnsupportedType(t *testing.T) {
	for _, mode := range []string{"native", "go-fuzz"} {
		t.Run(mode, func(t *testing.T) {
			if mode == "go-fuzz" {
				_, err := exec.LookPath("go-fuzz-build")
				need(t, "go-fuzz-build", err == nil)
			}
			bin := lateCheckBinary(t, mode)
			t.Setenv("LATECHECK_NO_UNION", "1")
			out, code, _ := fuzz(t, bin, "-runs=2000", "-seed=1")
			if code != 1 || !strings.Contains(out, "cannot fuzz latecheck.In: In.S: interface latecheck.Shape has no registered variants") || !strings.Contains(out, "no registered variants") || strings.Contains(out, "Done 2000 runs") {
				t.Fatalf("exit %d, want 1 with the type model's message and no Done line:\n%s", code, tail(out))
			}
		})
	}
}

var noneReached = regexp.MustCompile(`none of the \d+ inputs of this run reached the target`)

// Regression: a run in which no input reached the target (a corpus that
// no longer decodes, replayed with -runs=0) ended with exit status 0 and
// no word about it.
func TestRunWithoutTargetCallsSaysSo(t *testing.T) {
	bin := lateCheckBinary(t, "native")
	corpus := t.TempDir()
	for i, junk := range []string{"\x07\x07\x07\x07", "\n", "\xff\xff\xff"} {
		if err := os.WriteFile(filepath.Join(corpus, "old"+string(rune('a'+i))), []byte(junk), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, code, _ := fuzz(t, bin, "-runs=0", corpus)
	if code != 1 || !noneReached.MatchString(out) || !strings.Contains(out, "valid encoding of latecheck.In") {
		t.Fatalf("exit %d, want 1 with a message that no input reached the target:\n%s", code, tail(out))
	}
	// Before libFuzzer loads the corpus, the binary names what it will drop.
	if !strings.Contains(out, "3 of 3 files do not decode as latecheck.In") || !strings.Contains(out, "olda: ") {
		t.Fatalf("no corpus report at start:\n%s", tail(out))
	}
	// A healthy run says nothing of the kind.
	out, code, _ = fuzz(t, bin, "-runs=200", "-seed=2")
	if code != 0 || strings.Contains(out, "reached the target") {
		t.Fatalf("a healthy run: exit %d:\n%s", code, tail(out))
	}
}

// badHooksSrc is a target whose hooks misbehave as BADHOOK says: "panic"
// makes PostProcess panic once N is high (the custom mutator gets there
// within a few hundred mutations), "hang" makes Mutate loop forever.
const badHooksSrc = `package badhooks

import (
	"math/rand/v2"
	"os"

	"github.com/structfuzz/structfuzz/mutator"
	"github.com/structfuzz/structfuzz/mutator/libfuzzer"
)

type In struct {
	N uint8
	S string ` + "`fuzz:\"maxlen=8\"`" + `
}

var mode = os.Getenv("BADHOOK")

func (in *In) PostProcess(*rand.Rand) {
	if mode == "panic" && in.N >= 200 {
		panic("N is too high")
	}
}

func (in *In) Mutate(m *mutator.Mutator) {
	if mode == "hang" {
		for {
		}
	}
	m.MutateValue(in)
}

var target = libfuzzer.Target(func(*In) {})

func Fuzz(data []byte) int { return target.Fuzz(data) }
`

// Regression: a hook that panicked inside the custom mutator left the
// empty input as libFuzzer's artifact (`print` said "input too short"),
// and one that looped forever hung the fuzzer with no message. Each must
// be named, with an artifact that `print` shows and that reproduces it,
// and the process must exit as libFuzzer does for a crash or a timeout.
func TestMisbehavingHooksAreNamedWithAnArtifact(t *testing.T) {
	setup(t)
	need(t, "clang with libFuzzer", haveLibFuzzer())
	dir := filepath.Join(sampleDir, "badhooks")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "badhooks.go"), []byte(badHooksSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "badhooks")
	if _, stderr, code := structfuzz(t, nil, "build", "-o", bin, "./badhooks"); code != 0 {
		t.Fatalf("structfuzz build ./badhooks failed:\n%s", stderr)
	}
	tests := []struct {
		mode     string
		code     int
		message  *regexp.Regexp
		artifact string
		replay   string // replaying the artifact reports it again
	}{
		// S is printed as a JSON string, or as {"hex": ...} when it is
		// not valid UTF-8: which one depends on the run's path.
		{"panic", 77, regexp.MustCompile(`ERROR: structfuzz: PostProcess of badhooks\.In panicked on \{"N":2\d\d,"S":(".*"|\{"hex":"[0-9a-f]*"\})\}: N is too high`),
			"crash-", "PostProcess of badhooks.In panicked on"},
		{"hang", 70, regexp.MustCompile(`ERROR: structfuzz: a Mutate hook did not return within 1s: [^ ]*/badhooks\.\(\*In\)\.Mutate at [^ ]*badhooks\.go:\d+ \(during Mutate\)`),
			"timeout-", ""},
	}
	for _, tc := range tests {
		t.Run(tc.mode, func(t *testing.T) {
			t.Setenv("BADHOOK", tc.mode)
			t.Setenv("STRUCTFUZZ_HOOK_TIMEOUT", "1s")
			out, code, work := fuzz(t, bin, "-seed=3", "-runs=200000")
			if code != tc.code || !tc.message.MatchString(out) {
				t.Fatalf("exit %d, want %d and a message matching %s:\n%s", code, tc.code, tc.message, tail(out))
			}
			m, _ := filepath.Glob(filepath.Join(work, tc.artifact+"*"))
			if len(m) != 1 || !strings.Contains(out, "Test unit written to ./"+filepath.Base(m[0])) {
				t.Fatalf("want one %s artifact named in the output, found %v:\n%s", tc.artifact, m, tail(out))
			}
			t.Setenv("BADHOOK", "")
			js, stderr, code := structfuzz(t, nil, "print", "./badhooks", m[0])
			if code != 0 || !strings.Contains(js, `"N"`) {
				t.Fatalf("structfuzz print %s: exit %d\n%s%s", m[0], code, js, stderr)
			}
			if tc.replay != "" {
				t.Setenv("BADHOOK", tc.mode)
				out, code, _ := fuzz(t, bin, m[0])
				if code == 0 || !strings.Contains(out, tc.replay) {
					t.Fatalf("replaying %s: exit %d, want the failure again:\n%s", m[0], code, tail(out))
				}
			}
		})
	}
}
