package harness_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
)

// Seeds from Go values: post-processed, encoded, named by their SHA-1,
// written once, with the schema recorded beside them; a value that does
// not encode is an error naming it.
func TestSeedValues(t *testing.T) {
	h := harness.New(func(*aSummed) {}, harness.Options{})
	dir := filepath.Join(t.TempDir(), "corpus")
	written, err := h.Seed(dir, aSummed{N: 2}, aSummed{N: 5}, aSummed{N: 2, Sum: 99})
	if err != nil {
		t.Fatal(err)
	}
	// The first and third are the same once post-processed (Sum = 3N).
	if len(written) != 2 {
		t.Fatalf("wrote %v, want two files", written)
	}
	for _, f := range written {
		data, _ := os.ReadFile(f)
		v, err := h.Decode(data)
		if err != nil || v.Sum != v.N*3 {
			t.Fatalf("%s decodes to %+v (%v): not post-processed", f, v, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, harness.SchemaDir, harness.SchemaFile)); err != nil {
		t.Fatalf("no schema recorded: %v", err)
	}
	if again, err := h.Seed(dir, aSummed{N: 5}); err != nil || len(again) != 0 {
		t.Fatalf("seeding a value again wrote %v (%v)", again, err)
	}

	hb := harness.New(func(*hBatch) {}, harness.Options{})
	_, err = hb.Seed(t.TempDir(), hBatch{}, hBatch{Packets: make([]hPacket, 9)})
	if err == nil || !strings.Contains(err.Error(), "value 1") {
		t.Fatalf("a value over its maxlen: err = %v, want one naming value 1", err)
	}
}

// Seeds from the readable form: several values in a row, print's comment
// lines skipped; a value that does not fit the type is named.
func TestSeedJSON(t *testing.T) {
	h := harness.New(func(*aSummed) {}, harness.Options{})
	dir := t.TempDir()
	js := "// a comment, as print writes them\n{\"N\": 1}\n{\"N\": 7}\n  // rendered (3 bytes):\n"
	written, err := h.SeedJSON(dir, []byte(js))
	if err != nil || len(written) != 2 {
		t.Fatalf("SeedJSON wrote %v (%v), want two files", written, err)
	}
	for _, bad := range []string{`{"N": 1} {"Nope": 2}`, `{"N": 1`, ``} {
		if _, err := h.SeedJSON(t.TempDir(), []byte(bad)); err == nil {
			t.Errorf("SeedJSON(%q): no error", bad)
		}
	}
	if _, err := h.SeedJSON(t.TempDir(), []byte(`{"N": 1} {"Nope": 2}`)); !errors.Is(err, codec.ErrJSON) || !strings.Contains(err.Error(), "value 1") {
		t.Errorf("an unknown field: err = %v, want ErrJSON naming value 1", err)
	}
}

// Seeds from texts, through the parse function; without one, or for a
// text it rejects, an error says so.
func TestSeedText(t *testing.T) {
	h := harness.New(func(*aSummed) {}, harness.Options{})
	if _, err := h.SeedText(t.TempDir(), []byte("n=1")); err == nil || !strings.Contains(err.Error(), "SetParse") {
		t.Fatalf("no parse function: err = %v", err)
	}
	h.SetParse(func(text []byte) (*aSummed, error) {
		var n uint8
		if _, err := fmt.Sscanf(string(text), "n=%d", &n); err != nil {
			return nil, err
		}
		return &aSummed{N: n}, nil
	})
	dir := t.TempDir()
	written, err := h.SeedText(dir, []byte("n=1"), []byte("n=4"))
	if err != nil || len(written) != 2 {
		t.Fatalf("SeedText wrote %v (%v)", written, err)
	}
	data, _ := os.ReadFile(written[1])
	if v, err := h.Decode(data); err != nil || v.N != 4 || v.Sum != 12 {
		t.Fatalf("the second text seeded %+v (%v)", v, err)
	}
	if _, err := h.SeedText(dir, []byte("n=1"), []byte("garbage")); err == nil || !strings.Contains(err.Error(), "text 1") {
		t.Fatalf("a text the parser rejects: err = %v, want one naming text 1", err)
	}
}

// A render function's text shows under the value in print's output, as
// comment lines that encode skips; binary text is a hex dump.
func TestPrintShowsRenderedText(t *testing.T) {
	for _, tc := range []struct {
		name   string
		render func(*aSummed) []byte
		want   string
	}{
		{"text", func(v *aSummed) []byte { return []byte(fmt.Sprintf("n = %d\nsum = %d\n", v.N, v.Sum)) }, "// rendered (14 bytes):\n//   n = 2\n//   sum = 6\n"},
		{"binary", func(v *aSummed) []byte { return []byte{0, v.N, 0xff} }, "// rendered (3 bytes, not text):\n//   00000000  00 02 ff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := harness.New(func(*aSummed) {}, harness.Options{})
			h.SetRender(tc.render)
			f := filepath.Join(t.TempDir(), "in")
			os.WriteFile(f, encode(t, aSummed{N: 2, Sum: 6}), 0o644)
			var out, errOut bytes.Buffer
			if code := harness.ToolMain(h, []string{"print", f}, nil, &out, &errOut); code != 0 {
				t.Fatalf("print: exit %d, %s", code, errOut.String())
			}
			if !strings.Contains(out.String(), tc.want) {
				t.Fatalf("print wrote\n%s\nwant it to hold\n%s", out.String(), tc.want)
			}
			var enc bytes.Buffer
			if code := harness.ToolMain(h, []string{"encode"}, &out, &enc, &errOut); code != 0 {
				t.Fatalf("encode of print's output: exit %d, %s", code, errOut.String())
			}
			if want, _ := os.ReadFile(f); !bytes.Equal(enc.Bytes(), want) {
				t.Fatalf("encode(print(x)) = %x, want %x", enc.Bytes(), want)
			}
		})
	}
}
