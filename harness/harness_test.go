package harness_test

import (
	"bytes"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
)

type hPacket struct {
	Op      uint8  `fuzz:"min=1,max=4"`
	Payload []byte `fuzz:"maxlen=32"`
	Sum     uint32
}

// PostProcess keeps the checksum right.
func (p *hPacket) PostProcess(r *rand.Rand) { p.Sum = crc32.ChecksumIEEE(p.Payload) }

type hBatch struct {
	Packets []hPacket `fuzz:"maxlen=4"`
	Note    string    `fuzz:"maxlen=8,utf8"`
}

func encode(t *testing.T, v any) []byte {
	t.Helper()
	b, err := codec.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRunDecodesStrictlyAndPostProcesses(t *testing.T) {
	var got []*hBatch
	h := harness.New(func(b *hBatch) { got = append(got, b) }, harness.Options{})
	valid := encode(t, hBatch{Packets: []hPacket{{Op: 2, Payload: []byte("hi"), Sum: 1}}})
	cases := []struct {
		name string
		in   []byte
		want int
	}{
		{"valid", valid, 0},
		{"empty", nil, -1},
		{"trailing byte", append(bytes.Clone(valid), 0), -1},
		{"op out of range", func() []byte { b := bytes.Clone(valid); b[4] = 9; return b }(), -1},
	}
	for _, c := range cases {
		got = nil
		if r := h.Run(c.in); r != c.want {
			t.Errorf("%s: Run = %d, want %d", c.name, r, c.want)
		}
		if (c.want == 0) != (len(got) == 1) {
			t.Errorf("%s: the target ran %d times", c.name, len(got))
		}
	}
	h.Run(valid)
	if s := got[0].Packets[0].Sum; s != crc32.ChecksumIEEE([]byte("hi")) {
		t.Errorf("the target saw Sum %#x: not post-processed", s)
	}
}

func TestRawBytesDecodesAnything(t *testing.T) {
	runs := 0
	h := harness.New(func(*hBatch) { runs++ }, harness.Options{RawBytes: true})
	for _, in := range [][]byte{nil, {1}, {0xff, 0xff, 0xff, 0xff, 7}, bytes.Repeat([]byte{0xab}, 300)} {
		if r := h.Run(in); r != 0 {
			t.Errorf("Run(%x) = %d in raw-bytes mode", in, r)
		}
	}
	if runs != 4 {
		t.Errorf("the target ran %d times, want 4", runs)
	}
}

func TestMutateAndCrossOverPipeline(t *testing.T) {
	var seen *hBatch
	h := harness.New(func(b *hBatch) { seen = b }, harness.Options{})
	data := []byte{}
	pool := [][]byte{}
	for i := range 3000 {
		maxSize := 16 + i%200
		var out []byte
		if len(pool) > 1 && i%4 == 0 {
			out = h.CrossOver(pool[i%len(pool)], pool[(i*7)%len(pool)], maxSize, uint64(i))
		} else {
			out = h.Mutate(data, maxSize, uint64(i))
		}
		if out == nil {
			continue // no child, or nothing fits maxSize
		}
		if len(out) > maxSize {
			t.Fatalf("step %d: %d bytes, over %d", i, len(out), maxSize)
		}
		var v hBatch
		if err := codec.Unmarshal(out, &v); err != nil {
			t.Fatalf("step %d: the pipeline made an input that does not decode: %v", i, err)
		}
		for _, p := range v.Packets {
			if p.Sum != crc32.ChecksumIEEE(p.Payload) {
				t.Fatalf("step %d: not post-processed: %+v", i, p)
			}
		}
		// The target gets the value the pipeline made, from the cache.
		seen = nil
		if h.Run(out) != 0 || seen == nil {
			t.Fatalf("step %d: Run rejected the pipeline's output", i)
		}
		data = out
		pool = append(pool, out)
	}
}

func TestMutateIsDeterministic(t *testing.T) {
	in := encode(t, hBatch{Packets: []hPacket{{Op: 1, Payload: []byte("abc")}}, Note: "n"})
	a := harness.New(func(*hBatch) {}, harness.Options{})
	b := harness.New(func(*hBatch) {}, harness.Options{})
	for seed := range uint64(200) {
		x := bytes.Clone(a.Mutate(in, 128, seed))
		y := bytes.Clone(b.Mutate(in, 128, seed))
		if !bytes.Equal(x, y) {
			t.Fatalf("seed %d: %x vs %x", seed, x, y)
		}
	}
}

func TestCheckNamesTheFileAndType(t *testing.T) {
	h := harness.New(func(*hBatch) {}, harness.Options{})
	_, err := h.Check("corpus/abc", []byte{1, 2})
	if err == nil || !strings.Contains(err.Error(), "corpus/abc") || !strings.Contains(err.Error(), "hBatch") {
		t.Fatalf("err = %v", err)
	}
}

func TestReplayRunsEveryFile(t *testing.T) {
	dir := t.TempDir()
	for i, v := range []hBatch{{Note: "a"}, {Note: "b"}, {}} {
		os.WriteFile(filepath.Join(dir, string(rune('a'+i))), encode(t, v), 0o644)
	}
	var notes []string
	h := harness.New(func(b *hBatch) { notes = append(notes, b.Note) }, harness.Options{})
	h.Replay(t, dir, filepath.Join(dir, "missing"))
	if strings.Join(notes, ",") != "a,b," {
		t.Fatalf("replayed %q", notes)
	}
}

func TestToolMain(t *testing.T) {
	h := harness.New(func(*hBatch) {}, harness.Options{})
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	os.WriteFile(good, encode(t, hBatch{Packets: []hPacket{{Op: 3}}, Note: "hé"}), 0o644)
	bad := filepath.Join(dir, "bad")
	os.WriteFile(bad, []byte{9}, 0o644)

	var out, errOut bytes.Buffer
	if code := harness.ToolMain(h, []string{"print", good}, nil, &out, &errOut); code != 0 {
		t.Fatalf("print: %d %s", code, errOut.String())
	}
	js := out.Bytes()
	if !bytes.Contains(js, []byte(`"Note": "hé"`)) {
		t.Fatalf("print: %s", js)
	}
	out.Reset()
	if code := harness.ToolMain(h, []string{"encode"}, bytes.NewReader(js), &out, &errOut); code != 0 {
		t.Fatalf("encode: %d %s", code, errOut.String())
	}
	if want, _ := os.ReadFile(good); !bytes.Equal(out.Bytes(), want) {
		t.Fatalf("encode(print(x)) = %x, want %x", out.Bytes(), want)
	}
	// A file that is no valid encoding (a raw-mode crash) is shown as the
	// lenient decoder reads it, and print says so.
	errOut.Reset()
	out.Reset()
	if code := harness.ToolMain(h, []string{"print", bad}, nil, &out, &errOut); code != 0 || !strings.Contains(errOut.String(), "bad: not a valid encoding of harness_test.hBatch") ||
		!strings.Contains(errOut.String(), "lenient") || !strings.Contains(out.String(), `"Note"`) {
		t.Fatalf("print of a file that is no valid encoding: exit %d, %q, %s", code, errOut.String(), out.String())
	}
	errOut.Reset()
	if code := harness.ToolMain(h, []string{"print", filepath.Join(dir, "missing")}, nil, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "missing") {
		t.Fatalf("print of a missing file: %d %q", code, errOut.String())
	}
	if code := harness.ToolMain(nil, []string{"type"}, nil, &out, &errOut); code != 2 {
		t.Fatalf("no target: exit %d", code)
	}
}

type hBounded struct {
	A [4]uint16
	S string `fuzz:"maxlen=10"`
	P *uint32
}

type hTree struct{ Kids []*hTree }

func TestMaxLen(t *testing.T) {
	cases := []struct {
		tool harness.Tool
		want int
	}{
		{harness.New(func(*hBounded) {}, harness.Options{}), 8 + 4 + 10 + 1 + 4},
		{harness.New(func(*hBatch) {}, harness.Options{}), 4 + 4*(1+4+32+4) + 4 + 8},
		{harness.New(func(*hTree) {}, harness.Options{}), harness.DefaultMaxLen},
	}
	for _, c := range cases {
		if got := c.tool.MaxLen(); got != c.want {
			t.Errorf("%s: MaxLen = %d, want %d", c.tool.TypeName(), got, c.want)
		}
	}
}

// Reusing the value of the previous mutation or crossover (libFuzzer
// chains them) must give exactly what decoding its output would, after
// typed and byte-level moves alike (half of each, at a fixed share).
func TestChainedMutationsMatchFreshDecoding(t *testing.T) {
	chained := harness.FixByteShare(harness.New(func(*hBatch) {}, harness.Options{}), 0.5)
	data := encode(t, hBatch{Note: "x"})
	other := encode(t, hBatch{Packets: []hPacket{{Op: 2, Payload: []byte("other")}}, Note: "y"})
	for i := range 300 {
		fresh := harness.FixByteShare(harness.New(func(*hBatch) {}, harness.Options{}), 0.5)
		var want, got []byte
		if i%3 == 0 {
			want = bytes.Clone(fresh.CrossOver(data, other, 200, uint64(i)))
			got = bytes.Clone(chained.CrossOver(data, other, 200, uint64(i)))
		} else {
			want = bytes.Clone(fresh.Mutate(data, 200, uint64(i)))
			got = bytes.Clone(chained.Mutate(data, 200, uint64(i)))
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("step %d: chained %x, fresh %x", i, got, want)
		}
		data = got
	}
}
