package harness_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/harness"
)

// print reads every input a user has: canonical files, raw bytes (read
// leniently, saying so), the corpus files go test -fuzz writes, and
// folders of them; what it cannot read is an error naming the file.
func TestPrintReadsEverything(t *testing.T) {
	h := harness.New(func(*hBatch) {}, harness.Options{})
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := encode(t, hBatch{Note: "x"})
	goFuzz := func(arg string) []byte { return []byte("go test fuzz v1\n" + arg + "\n") }
	for _, tc := range []struct {
		name string
		data []byte
		code int
		out  string // in stdout
		note string // in stderr, or "" for no output there
	}{
		{"canonical", good, 0, `"Note": "x"`, ""},
		{"raw bytes", []byte{0xff, 1, 2}, 0, `"Note"`, "not a valid encoding of harness_test.hBatch"},
		{"go test -fuzz, canonical", goFuzz(fmt.Sprintf("[]byte(%q)", good)), 0, `"Note": "x"`, ""},
		{"go test -fuzz, raw", goFuzz(`[]byte("\xff\x01")`), 0, `"Note"`, "a go test -fuzz input, decoded leniently"},
		{"go test -fuzz, structure-aware", goFuzz(fmt.Sprintf("[]byte(%q)", harness.JoinSteps(good, 1, 2))), 0, `"Note"`, "a structure-aware go test -fuzz input: its base value decoded leniently, then 2 typed mutations"},
		{"go test -fuzz, two values", goFuzz("[]byte(\"a\")\nint(3)"), 1, "", "of 2 values"},
		{"go test -fuzz, a string", goFuzz(`string("a")`), 1, "", `not the []byte Harness.Fuzz takes`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := write(strings.ReplaceAll(tc.name, " ", "-"), tc.data)
			var out, errOut bytes.Buffer
			code := harness.ToolMain(h, []string{"print", f}, nil, &out, &errOut)
			if code != tc.code || !strings.Contains(out.String(), tc.out) {
				t.Fatalf("exit %d, stdout %q; want %d and %q (stderr %q)", code, out.String(), tc.code, tc.out, errOut.String())
			}
			if tc.note == "" && errOut.Len() != 0 || !strings.Contains(errOut.String(), tc.note) {
				t.Fatalf("stderr %q, want %q", errOut.String(), tc.note)
			}
		})
	}

	// A folder stands for its files, hidden ones left out.
	corpus := filepath.Join(dir, "corpus")
	if err := os.MkdirAll(filepath.Join(corpus, ".structfuzz"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"b", "a", ".hidden"} {
		if err := os.WriteFile(filepath.Join(corpus, name), encode(t, hBatch{Note: fmt.Sprint(i)}), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut bytes.Buffer
	if code := harness.ToolMain(h, []string{"print", corpus}, nil, &out, &errOut); code != 0 {
		t.Fatalf("print of a folder: exit %d, %s", code, errOut.String())
	}
	s := out.String()
	ia, ib := strings.Index(s, "// "+filepath.Join(corpus, "a")), strings.Index(s, "// "+filepath.Join(corpus, "b"))
	if ia < 0 || ib < ia || strings.Contains(s, "hidden") || strings.Count(s, `"Note"`) != 2 {
		t.Fatalf("print of a folder:\n%s", s)
	}
}

// The golit command (structfuzz test) reads the same files: a go test
// -fuzz corpus file of a canonical input gives the value's literal, not
// marked lenient; raw bytes give the lenient value's, marked.
func TestGoLiteralReadsGoFuzzFiles(t *testing.T) {
	h := harness.New(func(*hBatch) {}, harness.Options{})
	dir := t.TempDir()
	canon := filepath.Join(dir, "canon")
	os.WriteFile(canon, []byte(fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", encode(t, hBatch{Note: "lit"}))), 0o644)
	raw := filepath.Join(dir, "raw")
	os.WriteFile(raw, []byte{0xff, 0xfe}, 0o644)
	var out, errOut bytes.Buffer
	if code := harness.ToolMain(h, []string{"golit", "github.com/structfuzz/structfuzz/harness_test", canon, raw}, nil, &out, &errOut); code != 0 {
		t.Fatalf("golit: exit %d, %s", code, errOut.String())
	}
	var lits []struct {
		File, Expr string
		Lenient    bool
		Err        string `json:"error"`
	}
	if err := json.Unmarshal(out.Bytes(), &lits); err != nil || len(lits) != 2 {
		t.Fatalf("golit printed %s (%v)", out.String(), err)
	}
	if l := lits[0]; l.Err != "" || l.Lenient || !strings.Contains(l.Expr, `&hBatch{Note: "lit"}`) {
		t.Errorf("go test -fuzz file: %+v", l)
	}
	if l := lits[1]; l.Err != "" || !l.Lenient || !strings.HasPrefix(l.Expr, "&hBatch{") {
		t.Errorf("raw bytes: %+v", l)
	}
}

// The replay command (structfuzz cover's helper) runs the target on every
// input, a raw one leniently, and goes on after a panic.
func TestToolReplayRunsEveryInput(t *testing.T) {
	var seen []string
	h := harness.New(func(b *hBatch) {
		seen = append(seen, b.Note)
		if b.Note == "boom" {
			panic("boom")
		}
	}, harness.Options{})
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a"), encode(t, hBatch{Note: "boom"}), 0o644)
	os.WriteFile(filepath.Join(dir, "b"), encode(t, hBatch{Note: "ok"}), 0o644)
	os.WriteFile(filepath.Join(dir, "c"), []byte{0xff, 0xff, 0xff}, 0o644)
	var out, errOut bytes.Buffer
	if code := harness.ToolMain(h, []string{"replay", dir}, nil, &out, &errOut); code != 0 {
		t.Fatalf("replay: exit %d, %s", code, errOut.String())
	}
	if got := out.String(); got != "3 inputs, 3 ran the target, 1 of them panicked\n" || len(seen) != 3 {
		t.Fatalf("replay said %q; the target saw %q", got, seen)
	}
}

// The replay command leaves out libFuzzer's timeout artifacts, and stops
// at an input that hangs the target, reporting what ran: structfuzz cover
// must not hang.
func TestToolReplayDoesNotHang(t *testing.T) {
	defer harness.SetReplayTimeout(200 * time.Millisecond)()
	block := make(chan struct{})
	defer close(block)
	h := harness.New(func(b *hBatch) {
		if b.Note == "hang" {
			<-block
		}
	}, harness.Options{})
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a"), encode(t, hBatch{Note: "ok"}), 0o644)
	os.WriteFile(filepath.Join(dir, "b"), encode(t, hBatch{Note: "hang"}), 0o644)
	os.WriteFile(filepath.Join(dir, "c"), encode(t, hBatch{Note: "ok"}), 0o644)
	os.WriteFile(filepath.Join(dir, "timeout-1"), encode(t, hBatch{Note: "hang"}), 0o644)
	var out, errOut bytes.Buffer
	if code := harness.ToolMain(h, []string{"replay", dir}, nil, &out, &errOut); code != 0 {
		t.Fatalf("replay: exit %d, %s", code, errOut.String())
	}
	if got := out.String(); got != "3 inputs, 1 ran the target, 0 of them panicked, 1 hung\n" || !strings.Contains(errOut.String(), "b did not return within") {
		t.Fatalf("replay said %q, %q", got, errOut.String())
	}
	out.Reset()
	os.Remove(filepath.Join(dir, "b"))
	if code := harness.ToolMain(h, []string{"replay", dir}, nil, &out, &errOut); code != 0 || out.String() != "2 inputs, 2 ran the target, 0 of them panicked (1 timeout and out-of-memory artifacts left out)\n" {
		t.Fatalf("replay: exit %d, said %q", code, out.String())
	}
}
