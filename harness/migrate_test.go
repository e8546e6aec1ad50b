package harness_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
	"github.com/structfuzz/structfuzz/harness/internal/schematest/add"
	"github.com/structfuzz/structfuzz/harness/internal/schematest/enum"
	"github.com/structfuzz/structfuzz/harness/internal/schematest/reorder"
	"github.com/structfuzz/structfuzz/harness/internal/schematest/split"
	"github.com/structfuzz/structfuzz/harness/internal/schematest/unions"
	"github.com/structfuzz/structfuzz/harness/internal/schematest/v0"
)

// version is one version of schematest's Msg: what the tests need of its
// harness, whatever the Go type.
type version struct {
	check   func(dirs ...string) harness.CorpusReport
	migrate func(dir string, opts harness.MigrateOptions) (harness.MigrateReport, error)
	record  func(dir string) error
	decode  func(data []byte) error
	toJSON  func(data []byte) ([]byte, error)
	replay  func(t *testing.T, dir string)
	fuzz    func(f *testing.F, dir string)
}

func versionOf[T any]() version {
	h := harness.New(func(*T) {}, harness.Options{})
	return version{
		check: h.CheckCorpus, migrate: h.Migrate, record: h.RecordSchema,
		decode: func(data []byte) error { _, err := h.Decode(data); return err },
		toJSON: h.ToJSON,
		replay: func(t *testing.T, dir string) { h.Replay(t, dir) },
		fuzz:   func(f *testing.F, dir string) { h.Fuzz(f, dir) },
	}
}

var versions = map[string]version{
	"v0":      versionOf[v0.Msg](),
	"reorder": versionOf[reorder.Msg](),
	"unions":  versionOf[unions.Msg](),
	"enum":    versionOf[enum.Msg](),
	"split":   versionOf[split.Msg](),
	"add":     versionOf[add.Msg](),
}

// oldCorpus writes 300 distinct inputs of v0.Msg, made by the harness's
// own mutation pipeline, into a new folder with v0's schema recorded.
func oldCorpus(t *testing.T) string {
	t.Helper()
	h := harness.New(func(*v0.Msg) {}, harness.Options{})
	dir := t.TempDir()
	seen := map[string]bool{}
	data, _ := codec.Marshal(v0.Msg{Op: v0.OpGet})
	for seed := uint64(0); len(seen) < 300 && seed < 100000; seed++ {
		if seed%7 == 0 {
			data, _ = codec.Marshal(v0.Msg{Op: v0.OpGet}) // start again, for variety
		}
		data = h.Mutate(data, 64, seed)
		if data == nil || seen[string(data)] {
			continue
		}
		seen[string(data)] = true
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("in-%03d", len(seen))), data, 0o644)
	}
	if len(seen) < 300 {
		t.Fatalf("made %d distinct inputs", len(seen))
	}
	if err := h.RecordSchema(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// fields returns the readable form of an input as its top-level fields.
func fields(t *testing.T, v version, data []byte) map[string]json.RawMessage {
	t.Helper()
	js, err := v.toJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	for k, raw := range m {
		var b bytes.Buffer
		json.Compact(&b, raw)
		m[k] = b.Bytes()
	}
	return m
}

// Five changes of v0.Msg. Before schemas, the first four decoded many old
// inputs silently with another meaning (the count is checked below), and
// nothing could rewrite a corpus.
func TestTypeChangesAreDetectedAndMigrated(t *testing.T) {
	cases := []struct {
		version string
		diff    []string // in the report, each
		dropped []string
		silent  bool // old inputs decode as the new type with another meaning
	}{
		{"reorder", []string{"Msg: fields reordered: A, B, Op, Pos, Name, Body, Tags, now B, A, Op, Pos, Name, Body, Tags"}, nil, true},
		{"unions", []string{"Msg.Body: union variants reordered: tags 1=Circle 2=Square, now 1=Square 2=Circle"}, nil, true},
		{"enum", []string{"Msg.Op: enum values changed from {1=Get, 2=Put, 3=Del} to {2=Get, 3=Put, 1=Del}", "1 was Get, now Del"}, nil, true},
		{"split", []string{"Msg.Pos: field split into PosX, PosY? (Pos removed; PosX, PosY added)"}, []string{"Msg.Pos"}, true},
		{"add", []string{"Msg.Extra: field added (field 3 of 8; old inputs lack it)"}, nil, false},
	}
	old := versions["v0"]
	for _, c := range cases {
		t.Run(c.version, func(t *testing.T) {
			dir := oldCorpus(t)
			originals := map[string][]byte{}
			files, _ := filepath.Glob(filepath.Join(dir, "in-*"))
			for _, f := range files {
				originals[filepath.Base(f)], _ = os.ReadFile(f)
			}
			cur := versions[c.version]

			// Without the schema, how many old inputs would run with a new meaning?
			silent := 0
			for _, data := range originals {
				if cur.decode(data) == nil {
					silent++
				}
			}
			t.Logf("%d of 300 old inputs decode strictly as the new type", silent)
			if c.silent && silent == 0 {
				t.Errorf("expected old inputs to decode silently as the new type (the danger this guards against)")
			}

			// Detected, with the right diff, and not OK.
			r := cur.check(dir)
			if r.OK() || len(r.Schemas) != 1 || !r.Schemas[0].Breaking() {
				t.Fatalf("CheckCorpus: OK %v, %d schema diffs:\n%s", r.OK(), len(r.Schemas), r)
			}
			report := r.String()
			for _, w := range append(c.diff, "structfuzz migrate PKG "+dir) {
				if !strings.Contains(report, w) {
					t.Errorf("report lacks %q:\n%s", w, report)
				}
			}
			if err := cur.record(dir); err == nil || !strings.Contains(err.Error(), c.diff[0]) {
				t.Errorf("RecordSchema over another schema: %v", err)
			}
			// Replay and Fuzz refuse to run the old inputs (in a child process).
			for _, entry := range []string{"TestReplayVersion", "FuzzVersion"} {
				out, err := runChild(entry, c.version, dir)
				if err == nil || !strings.Contains(out, c.diff[0]) || strings.Contains(out, "target ran") {
					t.Errorf("%s over the old corpus: err %v:\n%s", entry, err, out)
				}
			}

			// A dry run changes nothing.
			dry, err := cur.migrate(dir, harness.MigrateOptions{DryRun: true})
			if err != nil || dry.Migrated+dry.Unchanged != 300 || len(dry.Failed) != 0 {
				t.Fatalf("dry run: %v\n%s", err, dry)
			}
			for name, data := range originals {
				if now, _ := os.ReadFile(filepath.Join(dir, name)); !bytes.Equal(now, data) {
					t.Fatalf("the dry run changed %s", name)
				}
			}

			// Migrate recovers all 300, equal by field name.
			m, err := cur.migrate(dir, harness.MigrateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			t.Log(m.String())
			if m.Files != 300 || m.Migrated+m.Unchanged != 300 || len(m.Failed) != 0 {
				t.Fatalf("migrated %d, unchanged %d, failed %d of %d:\n%s", m.Migrated, m.Unchanged, len(m.Failed), m.Files, m)
			}
			var dropped []string
			for _, d := range m.Dropped {
				dropped = append(dropped, d.Path)
				if d.Files != 300 {
					t.Errorf("dropped %s from %d files, want 300", d.Path, d.Files)
				}
			}
			if !slices.Equal(dropped, c.dropped) {
				t.Errorf("dropped %q, want %q", dropped, c.dropped)
			}
			for name, data := range originals {
				now, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				if err := cur.decode(now); err != nil {
					t.Fatalf("%s after migration: %v", name, err)
				}
				was, is := fields(t, old, data), fields(t, cur, now)
				for k, v := range was {
					if w, ok := is[k]; ok && !bytes.Equal(v, w) {
						t.Fatalf("%s: field %s was %s, now %s", name, k, v, w)
					}
				}
				for k, v := range is {
					if _, ok := was[k]; !ok && string(v) != "0" {
						t.Fatalf("%s: new field %s is %s, want 0", name, k, v)
					}
				}
				if kept, _ := os.ReadFile(filepath.Join(m.Backup, name)); !bytes.Equal(kept, data) {
					t.Fatalf("%s: the backup does not hold the original", name)
				}
			}
			if r := cur.check(dir); !r.OK() || len(r.Schemas) != 0 || r.Files != 300 {
				t.Fatalf("after migration:\n%s", r)
			}
			if r := old.check(m.Backup); !r.OK() || r.Files != 300 {
				t.Fatalf("the backup is not the old corpus:\n%s", r)
			}
			if out, err := runChild("TestReplayVersion", c.version, dir); err != nil {
				t.Fatalf("Replay after migration: %v\n%s", err, out)
			}
		})
	}
}

// runChild runs a test of this binary over dir with version v.
func runChild(entry, v, dir string) (string, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^"+entry+"$", "-test.v")
	cmd.Env = append(os.Environ(), "STRUCTFUZZ_TEST_VERSION="+v, "STRUCTFUZZ_TEST_DIR="+dir)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestReplayVersion replays STRUCTFUZZ_TEST_DIR with a version of Msg
// (run by TestTypeChangesAreDetectedAndMigrated).
func TestReplayVersion(t *testing.T) {
	v, ok := versions[os.Getenv("STRUCTFUZZ_TEST_VERSION")]
	if !ok {
		t.Skip("run by TestTypeChangesAreDetectedAndMigrated")
	}
	v.replay(t, os.Getenv("STRUCTFUZZ_TEST_DIR"))
}

// FuzzVersion seeds Fuzz with STRUCTFUZZ_TEST_DIR and a version of Msg.
func FuzzVersion(f *testing.F) {
	v, ok := versions[os.Getenv("STRUCTFUZZ_TEST_VERSION")]
	if !ok {
		f.Skip("run by TestTypeChangesAreDetectedAndMigrated")
	}
	v.fuzz(f, os.Getenv("STRUCTFUZZ_TEST_DIR"))
}
