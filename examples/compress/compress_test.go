package compress

import (
	"bytes"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/examples/internal/crashtest"
	"github.com/structfuzz/structfuzz/mutator"
)

// FuzzCompress fuzzes Open with Go's own fuzzer: go test -fuzz=FuzzCompress.
func FuzzCompress(f *testing.F) {
	target.Harness().Fuzz(f, "testdata/structfuzz/corpus")
}

func TestOpen(t *testing.T) {
	tests := []struct {
		name    string
		plain   string
		records int
		first   []string
		err     string
	}{
		{name: "empty v1", plain: "SFZ1\x01", records: 0},
		{name: "records v1", plain: "SFZ1\x01\x01\x02hi\x02\x00", records: 2},
		{name: "v2 empty index", plain: "SFZ1\x02\x01\x00\x01\x01a", records: 1},
		{name: "v2 index", plain: "SFZ1\x02\x02\x02\x01\x00\x01\x01a\x02\x01b", records: 2, first: []string{"b", "a"}},
		{name: "bad magic", plain: "SFZ2\x01", err: "not a bundle"},
		{name: "short", plain: "SFZ1", err: "not a bundle"},
		{name: "bad version", plain: "SFZ1\x03", err: "unsupported version 3"},
		{name: "truncated index", plain: "SFZ1\x02\x00\x05\x00", err: "truncated index"},
		{name: "duplicate index", plain: "SFZ1\x02\x02\x02\x01\x01\x01\x01a\x02\x01b", err: "record 1 twice"},
		{name: "wrong count", plain: "SFZ1\x02\x02\x00\x01\x01a", err: "declares 2 records, has 1"},
		{name: "bad kind", plain: "SFZ1\x01\x07\x00", err: "bad kind 7"},
		{name: "bad length", plain: "SFZ1\x01\x01\x05abc", err: "bad length"},
		{name: "index past the end", plain: "SFZ1\x02\x01\x01\x05\x01\x01a", err: "index names record 5 of 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Open(&Upload{Name: "u", Body: Deflate([]byte(tt.plain))})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Open = %v, %v; want error containing %q", b, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Records) != tt.records || len(b.First) != len(tt.first) {
				t.Fatalf("Open: %d records, %d first; want %d, %d", len(b.Records), len(b.First), tt.records, len(tt.first))
			}
			for i, r := range b.First {
				if string(r.Data) != tt.first[i] {
					t.Errorf("First[%d] = %q, want %q", i, r.Data, tt.first[i])
				}
			}
		})
	}
	if _, err := Open(&Upload{Body: Deflated("not deflate")}); err == nil {
		t.Error("Open accepted a body that is not DEFLATE")
	}
}

// TestMutate checks that the hook edits the plain bytes: every result is
// still a valid DEFLATE stream.
func TestMutate(t *testing.T) {
	m := mutator.New(1)
	u := &Upload{Body: Deflate([]byte("SFZ1\x01"))}
	changed := 0
	for i := 0; i < 200; i++ {
		before := bytes.Clone(u.Body)
		if err := m.Mutate(u, 4096); err != nil {
			t.Fatal(err)
		}
		if _, err := u.Body.Inflate(); err != nil {
			t.Fatalf("mutation %d: body no longer inflates: %v", i, err)
		}
		if !bytes.Equal(before, u.Body) {
			changed++
		}
	}
	if changed < 50 {
		t.Errorf("only %d of 200 mutations changed the body", changed)
	}
}

const wantPanic = "index out of range"

func TestPlantedBug(t *testing.T) {
	// Version 2, one index entry naming record 1 of 1.
	u := &Upload{Body: Deflate([]byte("SFZ1\x02\x01\x01\x01\x01\x01a"))}
	crashtest.MustPanic(t, wantPanic, func() { Check(u) })
}

// TestCrashInput replays a crash input the fuzzer found.
func TestCrashInput(t *testing.T) {
	crashtest.Replay(t, target.Harness(), Check, "testdata/crash/index-one-past", wantPanic)
}
