package libfuzzer

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/harness"
	"github.com/structfuzz/structfuzz/internal/dictfile"
)

// The binary adds the type's -max_len and a -dict of its words unless the
// command line gives them; the dictionary file is written once, named by
// its content; a folder it cannot write to leaves -dict out, saying so.
func TestDefaultFlags(t *testing.T) {
	type msg struct {
		A uint32
		S string `fuzz:"maxlen=9"`
	}
	p := harness.New(func(*msg) {}, harness.Options{})
	maxLen := "-max_len=" + strconv.Itoa(p.MaxLen())
	dir := t.TempDir()
	texts := []string{"GET", "x\"y"}

	add, note := defaultFlags([]string{"bin", "corpus", "-runs=5"}, p, texts, dir)
	if len(add) != 2 || add[0] != maxLen || !strings.HasPrefix(add[1], "-dict="+dir) || note != "" {
		t.Fatalf("defaultFlags = %q, %q; want %s and a -dict in %s", add, note, maxLen, dir)
	}
	path := strings.TrimPrefix(add[1], "-dict=")
	if got, err := os.ReadFile(path); err != nil || string(got) != string(dictfile.Format(texts)) {
		t.Fatalf("the dictionary file holds %q (%v)", got, err)
	}
	if again, _ := defaultFlags([]string{"bin"}, p, texts, dir); again[1] != add[1] {
		t.Errorf("the same words gave another file: %s, then %s", add[1], again[1])
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*")); len(files) != 1 {
		t.Errorf("the folder holds %v, want the one dictionary", files)
	}

	for _, tc := range []struct {
		name  string
		args  []string
		p     pipeline
		texts []string
		dir   string
		want  string // the added flags, joined
		note  string
	}{
		{"explicit flags win", []string{"bin", "-max_len=77", "-dict=mine"}, p, texts, dir, "", ""},
		{"explicit max_len", []string{"bin", "-max_len=77"}, p, nil, dir, "", ""},
		{"no target", []string{"bin"}, nil, texts, dir, "-dict=", ""},
		{"no words", []string{"bin"}, p, nil, dir, maxLen, ""},
		{"argv[0] is no flag", []string{"-max_len=1"}, p, nil, dir, maxLen, ""},
		{"folder not writable", []string{"bin"}, p, texts, filepath.Join(dir, "missing", "sub"), maxLen, "no -dict"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			add, note := defaultFlags(tc.args, tc.p, tc.texts, tc.dir)
			if got := strings.Join(add, " "); !strings.HasPrefix(got, tc.want) || tc.want == "" && got != "" {
				t.Errorf("added %q, want %q", got, tc.want)
			}
			if !strings.Contains(note, tc.note) || tc.note == "" && note != "" {
				t.Errorf("note %q, want %q", note, tc.note)
			}
		})
	}
}

// The stats line says what the target rejected (the reason cut short),
// what the mutations made and where the time went.
func TestStatsLine(t *testing.T) {
	s := harness.Stats{Runs: 9000, Rejected: 3, FirstRejection: errors.New(strings.Repeat("x", 300)),
		Mutations: 8192, NoResult: 40, PipelineTime: 3 * time.Second, HookTime: time.Second}
	got := statsLine(s, 10*time.Second)
	for _, want := range []string{"9000 inputs run, 3 rejected (the first: xxx", "...)", "8192 mutations, 40 made nothing", "took 30% of the time, hooks 10%"} {
		if !strings.Contains(got, want) {
			t.Errorf("statsLine = %q, lacks %q", got, want)
		}
	}
	if len(got) > 400 {
		t.Errorf("the line is %d bytes long: the reason was not cut", len(got))
	}
}
