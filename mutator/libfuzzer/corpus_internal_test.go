package libfuzzer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
)

type corpusV1 struct {
	X uint8
	Y uint16
}

// corpusV2 is corpusV1 with its fields swapped: old inputs would decode
// with X and Y exchanged.
type corpusV2 struct {
	Y uint16
	X uint8
}

func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCheckCorpusAtStart(t *testing.T) {
	good, _ := codec.Marshal(corpusV1{X: 1, Y: 2})
	v1 := harness.New(func(*corpusV1) {}, harness.Options{})

	// A folder with a file that does not decode is reported, not fatal,
	// and gets no schema.
	mixed := t.TempDir()
	writeFiles(t, mixed, map[string][]byte{"good": good, "old": {0xff}})
	var out bytes.Buffer
	if code := checkCorpus(&out, v1, []string{"-runs=0", mixed, "-seed=1"}); code != 0 {
		t.Fatalf("exit %d for a corpus with a bad file:\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "1 of 2 files do not decode") || !strings.Contains(out.String(), "old:") {
		t.Errorf("the report does not name the bad file:\n%s", out.String())
	}
	if _, err := os.Stat(filepath.Join(mixed, harness.SchemaDir, harness.SchemaFile)); err == nil {
		t.Error("a schema was recorded beside files that do not decode")
	}

	// A healthy folder says nothing and gets the schema, as does the
	// artifact folder.
	clean, arts := t.TempDir(), t.TempDir()+"/"
	writeFiles(t, clean, map[string][]byte{"good": good})
	out.Reset()
	if code := checkCorpus(&out, v1, []string{clean, "-artifact_prefix=" + arts}); code != 0 || out.Len() != 0 {
		t.Fatalf("exit %d, output %q for a healthy corpus", code, out.String())
	}
	for _, dir := range []string{clean, arts} {
		if _, err := os.Stat(filepath.Join(dir, harness.SchemaDir, harness.SchemaFile)); err != nil {
			t.Errorf("no schema recorded in %s: %v", dir, err)
		}
	}

	// The same folder read as a type whose fields moved stops the binary.
	v2 := harness.New(func(*corpusV2) {}, harness.Options{})
	out.Reset()
	if code := checkCorpus(&out, v2, []string{clean}); code != harness.ExitSchemaChanged || !strings.Contains(out.String(), "structfuzz migrate") {
		t.Fatalf("exit %d, want %d with the schema change and migrate:\n%s", code, harness.ExitSchemaChanged, out.String())
	}
}

func TestCorpusDirs(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "input")
	writeFiles(t, dir, map[string][]byte{"input": {1}})
	got := corpusDirs([]string{"-runs=1", dir, file, "-" + dir, filepath.Join(dir, "missing")})
	if len(got) != 1 || got[0] != dir {
		t.Errorf("corpusDirs = %q, want [%q]", got, dir)
	}
}
