package harness_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
	go118 "github.com/structfuzz/structfuzz/harness/internal/go-118-fuzz-build/testing"
)

// Under go-118-fuzz-build, Fuzz is called once per libFuzzer input with an
// F that carries it: the input reaches the target at once (decoded
// leniently, for a harness no libFuzzer target owns), and nothing of the
// go test path runs: no seed folder is read, F.Fuzz is never called.
func TestFuzzRunsGo118Input(t *testing.T) {
	type msg struct {
		Op   uint8 `fuzz:"min=1,max=4"`
		Name string
	}
	var got []msg
	h := harness.New(func(m *msg) { got = append(got, *m) }, harness.Options{})
	// A seed folder that would fail the go test path: a file that does not
	// decode strictly.
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "seed"), []byte{9, 9, 9}, 0o644); err != nil {
		t.Fatal(err)
	}
	enc, err := codec.Marshal(msg{Op: 3, Name: "ok"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"canonical", enc},
		{"out of range", []byte{0, 1, 0, 0, 0, 'x'}}, // Op 0: lenient decoding maps it in
		{"empty", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want msg
			if err := codec.UnmarshalLenient(tc.data, &want); err != nil {
				t.Fatal(err)
			}
			if want.Op == 0 {
				t.Fatal("lenient decoding left Op out of range")
			}
			got = got[:0]
			f := &go118.F{Data: tc.data}
			h.Fuzz(f, bad)
			if len(got) != 1 || got[0] != want {
				t.Fatalf("the target saw %+v, want [%+v]", got, want)
			}
			if len(f.Logged) != 0 {
				t.Fatalf("Fuzz logged or failed on go-118-fuzz-build's F: %q", f.Logged)
			}
		})
	}
	if s := h.Stats(); s.Runs != 3 || s.Calls != 3 {
		t.Errorf("Stats() = %d runs, %d calls; want 3 and 3", s.Runs, s.Calls)
	}
}
