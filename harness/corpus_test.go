package harness_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
)

// writeCorpus writes good valid inputs and bad ones that do not decode
// into a new folder, and returns it.
func writeCorpus(t *testing.T, good, bad int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range good {
		v := hBatch{Note: fmt.Sprint(i % 100), Packets: []hPacket{{Op: uint8(1 + i%4)}}}
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("good-%03d", i)), encode(t, v), 0o644)
	}
	for i := range bad {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("bad-%03d", i)), []byte{0xff, 0, 0, 0, byte(i)}, 0o644)
	}
	return dir
}

func TestCheckCorpus(t *testing.T) {
	h := harness.New(func(*hBatch) {}, harness.Options{})
	cases := []struct {
		name      string
		good, bad int
		ok        bool
		names     int      // bad files named
		want      []string // in the report
	}{
		{"empty", 0, 0, true, 0, []string{"0 files, all decode"}},
		{"all good", 300, 0, true, 0, []string{"300 files, all decode as harness_test.hBatch"}},
		{"two bad", 298, 2, false, 2, []string{"2 of 300 files do not decode as harness_test.hBatch", "bad-000: codec: unmarshal hBatch.Packets", "bad length"}},
		{"many bad", 2, 298, false, harness.MaxReportedFiles, []string{"298 of 300 files do not decode", "bad-004", "... and 293 more"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeCorpus(t, c.good, c.bad)
			r := h.CheckCorpus(dir, filepath.Join(dir, "missing"))
			if r.OK() != c.ok || r.Files != c.good+c.bad || r.Bad != c.bad || len(r.Failures) != c.names {
				t.Fatalf("OK %v, Files %d, Bad %d, %d named; want %v, %d, %d, %d", r.OK(), r.Files, r.Bad, len(r.Failures), c.ok, c.good+c.bad, c.bad, c.names)
			}
			s := r.String()
			if !strings.HasPrefix(s, "structfuzz: corpus "+dir) {
				t.Errorf("report does not start with structfuzz: and the folder:\n%s", s)
			}
			for _, w := range c.want {
				if !strings.Contains(s, w) {
					t.Errorf("report lacks %q:\n%s", w, s)
				}
			}
			if strings.Contains(s, "bad-005") {
				t.Errorf("report names more than %d files:\n%s", harness.MaxReportedFiles, s)
			}
		})
	}
}

// FuzzSeedsFromEnv is FuzzBatch over the seed folder named by
// STRUCTFUZZ_TEST_SEEDS; TestFuzzFailsOnSeedsThatDoNotDecode runs it.
func FuzzSeedsFromEnv(f *testing.F) {
	dir := os.Getenv("STRUCTFUZZ_TEST_SEEDS")
	if dir == "" {
		f.Skip("run by TestFuzzFailsOnSeedsThatDoNotDecode")
	}
	h := harness.New(func(*hBatch) {}, harness.Options{})
	h.Fuzz(f, dir)
}

// On main, Fuzz decoded its seeds leniently: a seed of an older type ran
// as some other value and the test passed.
func TestFuzzFailsOnSeedsThatDoNotDecode(t *testing.T) {
	cases := []struct {
		name      string
		good, bad int
		fail      bool
	}{
		{"good seeds", 20, 0, false},
		{"bad seeds", 20, 3, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeCorpus(t, c.good, c.bad)
			cmd := exec.Command(os.Args[0], "-test.run=^FuzzSeedsFromEnv$", "-test.v")
			cmd.Env = append(os.Environ(), "STRUCTFUZZ_TEST_SEEDS="+dir)
			out, err := cmd.CombinedOutput()
			if (err != nil) != c.fail {
				t.Fatalf("err = %v, want failure %v:\n%s", err, c.fail, out)
			}
			if c.fail && !strings.Contains(string(out), "3 of 23 files do not decode") {
				t.Fatalf("the failure does not carry the corpus report:\n%s", out)
			}
		})
	}
}

// The helper program's corpus, schema and migrate commands, which the
// structfuzz command runs.
func TestToolMainCorpusCommands(t *testing.T) {
	tool := func(h harness.Tool, args ...string) (string, string, int) {
		var out, errOut bytes.Buffer
		code := harness.ToolMain(h, args, nil, &out, &errOut)
		return out.String(), errOut.String(), code
	}
	dir := writeCorpus(t, 4, 1)
	h := harness.New(func(*hBatch) {}, harness.Options{})
	out, _, code := tool(h, "corpus", "-record", dir)
	if code != harness.ExitCorpusBad || !strings.Contains(out, "1 of 5 files do not decode") {
		t.Fatalf("corpus over a bad file: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, harness.SchemaDir, harness.SchemaFile)); err == nil {
		t.Fatal("a schema was recorded beside a file that does not decode")
	}
	os.Remove(filepath.Join(dir, "bad-000"))
	if out, _, code = tool(h, "corpus", "-record", dir); code != 0 || !strings.Contains(out, "4 files, all decode") {
		t.Fatalf("corpus: exit %d\n%s", code, out)
	}
	text, err := os.ReadFile(filepath.Join(dir, harness.SchemaDir, harness.SchemaTextFile))
	if err != nil || !strings.Contains(string(text), "1. Op uint8 range [1, 4]") {
		t.Fatalf("schema.txt: %v\n%s", err, text)
	}
	if out, _, code = tool(h, "schema"); code != 0 || out != string(text) {
		t.Fatalf("schema: exit %d\n%s", code, out)
	}

	// The type changes: a field is added.
	type hBatch2 struct {
		Packets []hPacket `fuzz:"maxlen=4"`
		Count   uint8
		Note    string `fuzz:"maxlen=8,utf8"`
	}
	h2 := harness.New(func(*hBatch2) {}, harness.Options{})
	if out, _, code = tool(h2, "corpus", "-record", dir); code != harness.ExitSchemaChanged || !strings.Contains(out, "hBatch2.Count: field added") {
		t.Fatalf("corpus after a type change: exit %d\n%s", code, out)
	}
	if out, _, code = tool(h2, "migrate", "-n", dir); code != 0 || !strings.Contains(out, "would migrate (dry run, nothing written) 4 of 4 files") {
		t.Fatalf("migrate -n: exit %d\n%s", code, out)
	}
	if out, _, code = tool(h2, "migrate", dir); code != 0 || !strings.Contains(out, "migrated 4 of 4 files") {
		t.Fatalf("migrate: exit %d\n%s", code, out)
	}
	if out, _, code = tool(h2, "corpus", dir); code != 0 {
		t.Fatalf("corpus after migrate: exit %d\n%s", code, out)
	}
	if _, errOut, code := tool(h2, "migrate", t.TempDir()); code != 1 || !strings.Contains(errOut, "no recorded schema") {
		t.Fatalf("migrate without a schema: exit %d %s", code, errOut)
	}
}

type (
	hLevel     uint8 // 1, 2
	hLevelMore uint8 // 1, 2, 3: a value appended
	hLogV1     struct{ L hLevel }
	hLogV2     struct{ L hLevelMore }
)

func init() {
	codec.RegisterEnum[hLevel](1, 2)
	codec.RegisterEnum[hLevelMore](1, 2, 3)
}

// An additive change keeps every old input's meaning: it is reported,
// and the corpus still runs.
func TestAdditiveSchemaChangeOnlyWarns(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a"), encode(t, hLogV1{L: 2}), 0o644)
	if err := harness.New(func(*hLogV1) {}, harness.Options{}).RecordSchema(dir); err != nil {
		t.Fatal(err)
	}
	ran := 0
	h := harness.New(func(*hLogV2) { ran++ }, harness.Options{})
	r := h.CheckCorpus(dir)
	if !r.OK() || len(r.Schemas) != 1 || r.Schemas[0].Breaking() {
		t.Fatalf("OK %v, %d diffs:\n%s", r.OK(), len(r.Schemas), r)
	}
	for _, w := range []string{"but the schema recorded with them differs", "hLogV2.L: enum values changed from {1, 2} to {1, 2, 3} (3 added)", "These changes keep the meaning of old inputs"} {
		if !strings.Contains(r.String(), w) {
			t.Errorf("report lacks %q:\n%s", w, r)
		}
	}
	h.Replay(t, dir)
	if ran != 1 {
		t.Fatalf("Replay ran %d inputs", ran)
	}
}
