package harness_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
)

// The tools read a structure-aware go test -fuzz file as Harness.Fuzz
// runs it: print shows that value, and replay runs the target on it.
func TestToolsReadStructuredInputs(t *testing.T) {
	var seen []byte
	h := harness.New(func(b *hBatch) { seen = encode(t, b) }, harness.Options{})
	dir := t.TempDir()
	base := encode(t, &hBatch{Packets: []hPacket{{Op: 1, Payload: []byte("ab")}}, Note: "n"})
	changed := 0
	for w := uint32(1); w <= 20; w++ {
		data := harness.JoinSteps(base, w*0x9e3779b9, w)
		want, err := harness.ValueForFuzz(h, data)
		if err != nil {
			t.Fatal(err)
		}
		wantEnc := encode(t, want)
		if !bytes.Equal(wantEnc, base) {
			changed++
		}
		file := filepath.Join(dir, fmt.Sprint(w))
		if err := os.WriteFile(file, []byte(fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)), 0o644); err != nil {
			t.Fatal(err)
		}

		var out, errOut bytes.Buffer
		if code := harness.ToolMain(h, []string{"print", file}, nil, &out, &errOut); code != 0 {
			t.Fatalf("print: exit %d, %s", code, errOut.String())
		}
		var shown hBatch
		if err := codec.UnmarshalReadable(out.Bytes(), &shown); err != nil {
			t.Fatalf("print's output %q: %v", out.String(), err)
		}
		if got := encode(t, &shown); !bytes.Equal(got, wantEnc) {
			t.Fatalf("word %d: print shows %s, Fuzz runs %+v", w, out.String(), want)
		}

		seen = nil
		out.Reset()
		if code := harness.ToolMain(h, []string{"replay", file}, nil, &out, &errOut); code != 0 {
			t.Fatalf("replay: exit %d, %s", code, errOut.String())
		}
		if !bytes.Equal(seen, wantEnc) {
			t.Fatalf("word %d: replay ran the target on %x, Fuzz runs %x", w, seen, wantEnc)
		}
	}
	if changed < 15 {
		t.Fatalf("the steps changed only %d of 20 values", changed)
	}
}
