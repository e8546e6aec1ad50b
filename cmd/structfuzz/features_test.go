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

// libFuzzer's own features must keep working with the custom mutator.

// corpusFiles lists the files in dir with their contents.
func corpusFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() {
			continue // .structfuzz, the schema the binary records beside its corpus
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = data
	}
	return files
}

// decodes asserts every file decodes as the sample's input type, but for
// the one-byte "\n" that libFuzzer runs, and keeps, when it starts from an
// empty corpus: the target rejects it, but libFuzzer keeps its first input
// whatever the target returns.
func decodes(t *testing.T, dir string) {
	t.Helper()
	var paths []string
	for name, data := range corpusFiles(t, dir) {
		if string(data) != "\n" {
			paths = append(paths, filepath.Join(dir, name))
		}
	}
	if len(paths) == 0 {
		return
	}
	if _, stderr, code := structfuzz(t, nil, append([]string{"print", "."}, paths...)...); code != 0 {
		t.Fatalf("corpus files do not decode: %s", stderr)
	}
}

func TestRunsAndSeedFlags(t *testing.T) {
	bin := binary(t, "native", "FuzzSafe")
	out, code, _ := fuzz(t, bin, "-seed=1234", "-runs=3000")
	if code != 0 || !strings.Contains(out, "INFO: Seed: 1234") || !strings.Contains(out, "Done 3000 runs") {
		t.Fatalf("exit %d:\n%s", code, tail(out))
	}
}

// TestMaxLen fuzzes the planted bug's target with value profiling, whose
// comparisons give the corpus several entries (FuzzSafe returns at once,
// and its corpus stays at one or two files, too few for the size check
// to mean much). The bug itself needs an encoding of at least 28 bytes,
// so under -max_len=24 it cannot crash.
func TestMaxLen(t *testing.T) {
	bin := binary(t, "native", "Fuzz")
	corpus := t.TempDir()
	out, code, _ := fuzz(t, bin, "-seed=1", "-runs=20000", "-max_len=24", "-use_value_profile=1", corpus)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, tail(out))
	}
	files := corpusFiles(t, corpus)
	if len(files) < 3 {
		t.Fatalf("only %d corpus files", len(files))
	}
	if _, err := os.Stat(filepath.Join(corpus, ".structfuzz", "schema.json")); err != nil {
		t.Fatalf("the binary recorded no schema beside its corpus: %v", err)
	}
	for name, data := range files {
		if len(data) > 24 {
			t.Fatalf("%s is %d bytes, over -max_len=24", name, len(data))
		}
	}
	decodes(t, corpus)
}

func TestMerge(t *testing.T) {
	bin := binary(t, "native", "FuzzSafe")
	big, small := t.TempDir(), t.TempDir()
	if out, code, _ := fuzz(t, bin, "-seed=2", "-runs=20000", big); code != 0 {
		t.Fatalf("exit %d:\n%s", code, tail(out))
	}
	out, code, _ := fuzz(t, bin, "-merge=1", small, big)
	if code != 0 || !strings.Contains(out, "MERGE-OUTER") {
		t.Fatalf("merge: exit %d:\n%s", code, tail(out))
	}
	nb, ns := len(corpusFiles(t, big)), len(corpusFiles(t, small))
	if ns == 0 || ns > nb {
		t.Fatalf("merge kept %d of %d files", ns, nb)
	}
	decodes(t, small)
}

func TestMinimizeCrash(t *testing.T) {
	bin := binary(t, "native", "Fuzz")
	_, _, dir := fuzz(t, bin, "-seed=6", "-runs=2000000")
	crash := crashFile(t, dir)
	minimized := filepath.Join(t.TempDir(), "min")
	out, code, _ := fuzz(t, bin, "-minimize_crash=1", "-runs=3000", "-exact_artifact_path="+minimized, crash)
	if code != 0 {
		t.Fatalf("minimize_crash: exit %d:\n%s", code, tail(out))
	}
	orig, _ := os.ReadFile(crash)
	small, err := os.ReadFile(minimized)
	if err != nil {
		t.Fatalf("no minimized crash: %v\n%s", err, tail(out))
	}
	if len(small) > len(orig) {
		t.Fatalf("minimized crash is %d bytes, the original %d", len(small), len(orig))
	}
	if log, code, _ := fuzz(t, bin, minimized); code == 0 || !strings.Contains(log, plantedPanic) {
		t.Fatalf("the minimized input does not crash:\n%s", tail(log))
	}
	t.Logf("minimized %d -> %d bytes", len(orig), len(small))
}

func TestFork(t *testing.T) {
	bin := binary(t, "native", "Fuzz")
	out, code, dir := fuzz(t, bin, "-fork=2", "-seed=7", "-runs=2000000", "-ignore_crashes=0")
	if code == 0 || !strings.Contains(out, "crash") {
		t.Fatalf("fork mode did not find the bug (exit %d):\n%s", code, tail(out))
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "crash-*")); len(m) == 0 {
		t.Fatalf("fork mode wrote no crash file:\n%s", tail(out))
	}
}

// libFuzzer's -dict reaches the strings the custom mutator makes. The
// binary is built without the embedded dictionary, which holds the word
// too (see TestEmbeddedDictionary).
func TestDict(t *testing.T) {
	bin := binaryWith(t, "native", "FuzzDict", "-dict=false")
	dict := filepath.Join(t.TempDir(), "names.dict")
	os.WriteFile(dict, []byte("magic=\"xyzzy-plugh\"\n"), 0o644)
	out, code, _ := fuzz(t, bin, "-seed=8", "-runs=2000000", "-dict="+dict)
	if !strings.Contains(out, "Dictionary: 1 entries") {
		t.Fatalf("the dictionary was not loaded:\n%s", tail(out))
	}
	if code == 0 || !strings.Contains(out, "sample: the magic name") {
		t.Fatalf("the dictionary word did not reach the string (exit %d):\n%s", code, tail(out))
	}
}

// A native build embeds the literals of the target's source: the magic
// name FuzzDict compares with reaches the string with no -dict. (libFuzzer
// finds it without, from the comparison itself, later: seeds 8 to 10 took
// 6.5k to 17k executions without the words, 1.6k to 3.8k with them.)
func TestEmbeddedDictionary(t *testing.T) {
	bin := binary(t, "native", "FuzzDict")
	out, code, _ := fuzz(t, bin, "-seed=8", "-runs=2000000")
	if code == 0 || !strings.Contains(out, "sample: the magic name") {
		t.Fatalf("the literal of the source did not reach the string (exit %d):\n%s", code, tail(out))
	}
}

// The pipeline's own code is not the target's coverage. FuzzSafe returns at
// once, so whatever coverage a run reports beyond libFuzzer's own entry
// points is the pipeline's: with the custom mutator it must be the same as
// in raw mode, where the pipeline only decodes. (The harness's generic
// methods, compiled into the user's package and instrumented with it, used
// to add 7 edges of their own, and libFuzzer kept inputs for them.)
func TestPipelineIsNotCoverage(t *testing.T) {
	bin := binary(t, "native", "FuzzSafe")
	cov := func(raw bool) int {
		t.Helper()
		if raw {
			t.Setenv("STRUCTFUZZ_RAW", "1")
		} else {
			t.Setenv("STRUCTFUZZ_RAW", "")
		}
		out, code, _ := fuzz(t, bin, "-seed=1", "-runs=20000")
		m := regexp.MustCompile(`DONE +cov: (\d+)`).FindStringSubmatch(out)
		if code != 0 || m == nil {
			t.Fatalf("exit %d, no final coverage:\n%s", code, tail(out))
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	custom, raw := cov(false), cov(true)
	if custom != raw {
		t.Errorf("a target that does nothing reaches %d edges with the custom mutator and %d in raw mode: the pipeline's own branches count as coverage", custom, raw)
	}
}

// A built binary knows its defaults: run bare, it adds the input type's
// -max_len and a -dict of the embedded literals, which libFuzzer loads;
// flags given on the command line win.
func TestBinaryAddsItsDefaults(t *testing.T) {
	bin := binary(t, "native", "FuzzDict")
	tmp := t.TempDir()
	run := func(args ...string) string {
		cmd := exec.Command(bin, args...)
		cmd.Dir = t.TempDir()
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", bin, args, err, tail(string(out)))
		}
		return string(out)
	}
	out := run("-runs=100", "-seed=1")
	m := regexp.MustCompile(`structfuzz: added -max_len=(\d+) -dict=(\S+) \(`).FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "Dictionary: ") || strings.Contains(out, "-max_len is not provided") {
		t.Fatalf("the bare binary did not add and use its defaults:\n%s", tail(out))
	}
	if n, _ := strconv.Atoi(m[1]); n <= 0 || n >= 4096 {
		t.Fatalf("-max_len=%s, want the sample type's bound", m[1])
	}
	if dict, err := os.ReadFile(m[2]); err != nil || !strings.Contains(string(dict), `"xyzzy-plugh"`) || filepath.Dir(m[2]) != tmp {
		t.Fatalf("the dictionary %s: %q, %v", m[2], dict, err)
	}

	out = run("-runs=100", "-seed=1", "-max_len=50", "-dict="+m[2])
	if strings.Contains(out, "structfuzz: added") {
		t.Fatalf("flags given explicitly were added again:\n%s", tail(out))
	}
}

// build writes into the module's .structfuzz/bin unless -o says otherwise,
// and the binary prints its stats line beside libFuzzer's (unless
// STRUCTFUZZ_STATS=0).
func TestBuildOutputAndStatsLine(t *testing.T) {
	need(t, "clang with libFuzzer", haveLibFuzzer())
	mod := ownSample(t)
	_, stderr, code := structfuzzIn(t, mod, nil, "build", "-func", "FuzzSafe", ".")
	bin := filepath.Join(mod, ".structfuzz", "bin", "sample-fuzz")
	if code != 0 || !strings.Contains(stderr, bin) {
		t.Fatalf("build: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatal(err)
	}
	for _, env := range []string{"", "STRUCTFUZZ_STATS=0"} {
		cmd := exec.Command(bin, "-runs=20000", "-seed=3")
		cmd.Dir = t.TempDir()
		cmd.Env = append(os.Environ(), env)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", env, err, tail(string(out)))
		}
		line := regexp.MustCompile(`structfuzz: \d+ inputs run, \d+ rejected.*; \d+ mutations, \d+ made nothing; the mutation pipeline took \d+% of the time, hooks \d+%`)
		if got := line.MatchString(string(out)); got != (env == "") {
			t.Fatalf("%q: the stats line printed: %v\n%s", env, got, tail(string(out)))
		}
	}
}
