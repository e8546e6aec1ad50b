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
	"testing"
	"time"
)

// structfuzzIn runs the command in dir.
func structfuzzIn(t *testing.T, dir string, stdin []byte, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, sfBin, args...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if err != nil {
		code = -1
		if x, ok := err.(*exec.ExitError); ok {
			code = x.ExitCode()
		}
	}
	return o.String(), e.String(), code
}

// ownSample copies the sample module into a folder of the test's own.
func ownSample(t *testing.T) string {
	t.Helper()
	setup(t)
	dir := filepath.Join(t.TempDir(), "sample")
	if err := copyModule("testdata/sample", dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// seedCorpus encodes n messages into dir's corpus with the encode command
// and returns their names.
func seedCorpus(t *testing.T, dir string, n int) []string {
	t.Helper()
	corpus := filepath.Join(dir, "testdata", "structfuzz", "corpus")
	if err := os.MkdirAll(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	var names []string
	for i := range n {
		js := fmt.Sprintf(`{"Hdr": {"Version": %d, "Flags": %d}, "Op": %d, "Name": "n%d", "Args": [%d]}`, i%7, i, []int{1, 2, 4, 8}[i%4], i, -i)
		name := filepath.Join(corpus, fmt.Sprintf("seed-%02d", i))
		if _, stderr, code := structfuzzIn(t, dir, []byte(js), "encode", "-o", name, "."); code != 0 {
			t.Fatalf("encode: %s", stderr)
		}
		names = append(names, name)
	}
	return names
}

var filesFound = regexp.MustCompile(`INFO:\s+(\d+) files found in (\S+)`)

// On main, run started libFuzzer on a corpus of old files without a word:
// libFuzzer loaded them, dropped those that did not decode, and said
// nothing. Now run prints the corpus report first and records the schema
// where every file decodes.
func TestRunPrintsCorpusReport(t *testing.T) {
	setup(t)
	need(t, "clang with libFuzzer", haveLibFuzzer())
	dir := ownSample(t)
	seedCorpus(t, dir, 3)
	corpus := filepath.Join(dir, "testdata", "structfuzz", "corpus")
	crashers := filepath.Join(dir, "testdata", "structfuzz", "crashers")
	for i := range 2 {
		os.WriteFile(filepath.Join(corpus, fmt.Sprintf("old-%d", i)), []byte{1, 2, 3}, 0o644)
	}
	_, stderr, code := structfuzzIn(t, dir, nil, "run", "-func", "FuzzSafe", ".", "--", "-runs=100", "-seed=1")
	if code != 0 {
		t.Fatalf("run: exit %d\n%s", code, tail(stderr))
	}
	for _, want := range []string{
		"structfuzz: corpus " + corpus + ", " + crashers + ": 2 of 5 files do not decode as sample.Msg",
		corpus + "/old-0: codec: unmarshal Msg.",
		corpus + "/old-1: codec: unmarshal Msg.",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("run output lacks %q:\n%s", want, tail(stderr))
		}
	}
	if _, err := os.Stat(filepath.Join(crashers, ".structfuzz", "schema.json")); err != nil {
		t.Errorf("no schema beside the crash folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(corpus, ".structfuzz", "schema.json")); err == nil {
		t.Errorf("a schema was recorded for a corpus whose files do not all decode")
	}

	// Without the old files the schema is recorded, and libFuzzer does not
	// take the schema files for inputs.
	for i := range 2 {
		os.Remove(filepath.Join(corpus, fmt.Sprintf("old-%d", i)))
	}
	entries, _ := os.ReadDir(corpus)
	inputs := 0 // the seeds and what the first run added
	for _, e := range entries {
		if e.Type().IsRegular() {
			inputs++
		}
	}
	_, stderr, code = structfuzzIn(t, dir, nil, "run", "-func", "FuzzSafe", ".", "--", "-runs=100", "-seed=1")
	if code != 0 || !strings.Contains(stderr, fmt.Sprintf("%d files, all decode as sample.Msg", inputs)) {
		t.Fatalf("run: exit %d\n%s", code, tail(stderr))
	}
	for _, f := range []string{"schema.json", "schema.txt"} {
		if _, err := os.Stat(filepath.Join(corpus, ".structfuzz", f)); err != nil {
			t.Errorf("no %s beside the corpus: %v", f, err)
		}
	}
	if m := filesFound.FindStringSubmatch(stderr); m == nil || m[1] != fmt.Sprint(inputs) {
		t.Errorf("libFuzzer found %v files in the corpus, want the %d inputs (not the schema files):\n%s", m, inputs, tail(stderr))
	}
}

// migrate after a type change: run refuses with the diff, migrate -n
// changes nothing, migrate rewrites every file by field name, run starts.
func TestMigrateCommand(t *testing.T) {
	setup(t)
	need(t, "clang with libFuzzer", haveLibFuzzer())
	dir := ownSample(t)
	names := seedCorpus(t, dir, 20)
	if _, stderr, code := structfuzzIn(t, dir, nil, "run", "-func", "FuzzSafe", ".", "--", "-runs=1", "-seed=1"); code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, tail(stderr))
	}
	before := map[string]string{}
	for _, n := range names {
		js, stderr, code := structfuzzIn(t, dir, nil, "print", ".", n)
		if code != 0 {
			t.Fatalf("print: %s", stderr)
		}
		before[n] = js
	}
	// Move Name before Op and add a field: old files would read Op's byte
	// as part of Name's length.
	src := filepath.Join(dir, "sample.go")
	code0, _ := os.ReadFile(src)
	changed := strings.Replace(string(code0), "\tOp    Op\n\tName  string  `fuzz:\"maxlen=16\"`\n",
		"\tName  string  `fuzz:\"maxlen=16\"`\n\tNew   uint16\n\tOp    Op\n", 1)
	if changed == string(code0) {
		t.Fatal("the sample's Msg is not as expected")
	}
	os.WriteFile(src, []byte(changed), 0o644)

	_, stderr, code := structfuzzIn(t, dir, nil, "run", "-func", "FuzzSafe", ".", "--", "-runs=1")
	if code == 0 {
		t.Fatalf("run started on a corpus of another layout:\n%s", tail(stderr))
	}
	for _, want := range []string{"Msg: fields reordered: Hdr, Op, Name, Args, Reply, now Hdr, Name, Op, Args, Reply", "Msg.New: field added", "structfuzz migrate example.com/sample"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("run output lacks %q:\n%s", want, tail(stderr))
		}
	}

	out, stderr, code := structfuzzIn(t, dir, nil, "migrate", "-n", ".")
	if code != 0 || !strings.Contains(out, "would migrate (dry run, nothing written) 20 of 20 files") {
		t.Fatalf("migrate -n: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = structfuzzIn(t, dir, nil, "migrate", ".")
	if code != 0 || !strings.Contains(out, "migrated 20 of 20 files") || !strings.Contains(out, "originals and the old schema are kept in") {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, stderr)
	}
	for _, n := range names {
		js, stderr, code := structfuzzIn(t, dir, nil, "print", ".", n)
		if code != 0 {
			t.Fatalf("print after migrate: %s", stderr)
		}
		want := strings.Replace(before[n], "  \"Op\": ", "  \"New\": 0,\n  \"Op\": ", 1)
		want = moveLine(want, "  \"Name\": ", "  \"New\": ")
		if js != want {
			t.Fatalf("%s after migrate:\n%s\nwant\n%s", n, js, want)
		}
	}
	if _, stderr, code := structfuzzIn(t, dir, nil, "run", "-func", "FuzzSafe", ".", "--", "-runs=1"); code != 0 || !strings.Contains(stderr, "20 files, all decode") {
		t.Fatalf("run after migrate: exit %d\n%s", code, tail(stderr))
	}
}

// moveLine moves the line starting with prefix to just before the line
// starting with before.
func moveLine(s, prefix, before string) string {
	lines := strings.Split(s, "\n")
	var moved string
	var rest []string
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) && moved == "" {
			moved = l
			continue
		}
		rest = append(rest, l)
	}
	var out []string
	for _, l := range rest {
		if strings.HasPrefix(l, before) {
			out = append(out, moved)
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
