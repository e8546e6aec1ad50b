package harness

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/hook"
)

// stItem and stDoc are a small input type with a PostProcess hook, for
// the structure-aware go test -fuzz inputs.
type stItem struct {
	Key string `fuzz:"maxlen=8"`
	N   int32
	Sum int32
}

func (i *stItem) PostProcess(hook.Context) { i.Sum = i.N * 3 }

type stDoc struct {
	Items []stItem `fuzz:"maxlen=16"`
	Flag  bool
}

func TestSplitSteps(t *testing.T) {
	base := []byte("base!")
	tests := []struct {
		name       string
		data       []byte
		ok         bool
		base       []byte
		stepsBytes int
	}{
		{"not structured", []byte("hello"), false, nil, 0},
		{"empty", nil, false, nil, 0},
		{"magic only", []byte(stepsMagic), true, nil, 0},
		{"short length", []byte(stepsMagic + "\x01\x00"), true, nil, 0},
		{"no steps", joinSteps(base), true, base, 0},
		{"two steps", joinSteps(base, 7, 9), true, base, 8},
		{"a partial word", append(joinSteps(base, 7), 1, 2), true, base, 4},
		{"length past the end", append([]byte(stepsMagic), 0xff, 0xff, 0, 0, 'a', 'b'), true, []byte("ab"), 0},
		{"too many steps", joinSteps(base, make([]uint32, maxSteps+5)...), true, base, maxSteps * stepWidth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, s, ok := splitSteps(tt.data)
			if ok != tt.ok || !bytes.Equal(b, tt.base) || len(s) != tt.stepsBytes {
				t.Fatalf("splitSteps = %q, %d step bytes, %v; want %q, %d, %v", b, len(s), ok, tt.base, tt.stepsBytes, tt.ok)
			}
		})
	}
	_, s, _ := splitSteps(joinSteps(base, 0x01020304, 5))
	if binary.LittleEndian.Uint32(s) != 0x01020304 || binary.LittleEndian.Uint32(s[4:]) != 5 {
		t.Fatalf("the step words come back as %x", s)
	}
}

// FuzzSplitSteps checks that splitting never fails on any bytes, and that
// joining what it split gives an input that splits the same way.
func FuzzSplitSteps(f *testing.F) {
	f.Add([]byte(stepsMagic + "\x02\x00\x00\x00ab\x01\x02\x03\x04"))
	f.Add([]byte("plain"))
	f.Fuzz(func(t *testing.T, data []byte) {
		base, steps, ok := splitSteps(data)
		if !ok {
			return
		}
		if len(steps)%stepWidth != 0 || len(steps) > maxSteps*stepWidth {
			t.Fatalf("%d step bytes", len(steps))
		}
		var words []uint32
		for i := 0; i < len(steps); i += stepWidth {
			words = append(words, binary.LittleEndian.Uint32(steps[i:]))
		}
		b2, s2, ok2 := splitSteps(joinSteps(base, words...))
		if !ok2 || !bytes.Equal(b2, base) || !bytes.Equal(s2, steps) {
			t.Fatalf("join then split: %q %x, want %q %x", b2, s2, base, steps)
		}
	})
}

// encodingOf returns the canonical encoding of the value fuzzValue gives
// for data.
func encodingOf(t *testing.T, h *Harness[stDoc], data []byte) []byte {
	t.Helper()
	v, _, err := h.fuzzValue(data)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := codec.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return enc
}

// The value of a structure-aware input depends on its bytes alone: two
// harnesses, one fresh and one that has mutated other inputs in between,
// give the same value; the steps change it; and an input with steps
// equals one whose base is the value of its first steps and whose steps
// are the rest (so a chain that found coverage is built on, not redone).
func TestStepsDeterministicAndChained(t *testing.T) {
	base, err := codec.Marshal(&stDoc{Items: []stItem{{Key: "a", N: 1, Sum: 3}, {Key: "b", N: 2, Sum: 6}}})
	if err != nil {
		t.Fatal(err)
	}
	busy := New(func(*stDoc) {}, Options{})
	changed := 0
	for w := uint32(1); w <= 50; w++ {
		data := joinSteps(base, w*2654435761, w, w^0xdeadbeef)
		fresh := New(func(*stDoc) {}, Options{})
		want := encodingOf(t, fresh, data)
		busy.Mutate(base, 256, uint64(w)) // state a deterministic value must not see
		if got := encodingOf(t, busy, data); !bytes.Equal(got, want) {
			t.Fatalf("word %d: two harnesses disagree:\n%x\n%x", w, got, want)
		}
		if !bytes.Equal(want, base) {
			changed++
		}
		// The chain: the value after the first step, as a base, with the
		// other two steps.
		first := encodingOf(t, fresh, joinSteps(base, w*2654435761))
		if got := encodingOf(t, fresh, joinSteps(first, w, w^0xdeadbeef)); !bytes.Equal(got, want) {
			t.Fatalf("word %d: the chain split in two gives\n%x\nwant\n%x", w, got, want)
		}
	}
	if changed < 45 {
		t.Fatalf("only %d of 50 step lists changed the value", changed)
	}
	// Every value is post-processed.
	for w := uint32(1); w <= 50; w++ {
		v, _, err := busy.fuzzValue(joinSteps(base, w, w+1))
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range v.(*stDoc).Items {
			if it.Sum != it.N*3 {
				t.Fatalf("word %d: item %+v not post-processed", w, it)
			}
		}
	}
	// Step words past maxSteps are not applied.
	words := make([]uint32, maxSteps+3)
	for i := range words {
		words[i] = uint32(i*7919 + 1)
	}
	if a, b := encodingOf(t, busy, joinSteps(base, words...)), encodingOf(t, busy, joinSteps(base, words[:maxSteps]...)); !bytes.Equal(a, b) {
		t.Fatal("a step past the limit changed the value")
	}
	// Without steps, the base as the lenient decoder reads it.
	if got := encodingOf(t, busy, joinSteps(base)); !bytes.Equal(got, base) {
		t.Fatalf("no steps: %x, want the base %x", got, base)
	}
}
