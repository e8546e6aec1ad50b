package harness_test

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/crossover"
	"github.com/structfuzz/structfuzz/harness"
)

// hPlain has no hooks: the child crossover encodes is the input itself.
type hPlain struct {
	Kind  uint8
	Names []string `fuzz:"maxlen=4"`
	Data  []byte   `fuzz:"maxlen=16"`
	Next  *hPlain
}

// The harness hands crossover the parents' encodings and uses the child's
// encoding as it is. Its result must be exactly the child crossover.Cross
// makes of the two parents' lenient decodings, for canonical parents and
// for arbitrary bytes (whose canonical encodings the harness made itself,
// one after the other, in one scratch buffer).
func TestCrossOverIsCrossOfTheParents(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	h := harness.New(func(*hPlain) {}, harness.Options{TypedOnly: true})
	children := 0
	for i := range 300 {
		a, b := make([]byte, 8+r.IntN(60)), make([]byte, 8+r.IntN(60))
		for j := range a {
			a[j] = byte(r.Uint32())
		}
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		if i%2 == 1 { // canonical parents, which the unit cache keeps
			a, b = canonical(t, a), canonical(t, b)
		}
		var va, vb hPlain
		if err := codec.UnmarshalLenient(a, &va); err != nil {
			t.Fatal(err)
		}
		if err := codec.UnmarshalLenient(b, &vb); err != nil {
			t.Fatal(err)
		}
		seed := uint64(i)
		want := encode(t, &va)
		if err := crossover.Cross(&va, &vb, seed, 4096); err == nil {
			want = encode(t, &va)
			children++
		}
		if got := h.CrossOver(a, b, 4096, seed); !bytes.Equal(got, want) {
			t.Fatalf("run %d: CrossOver gave %x, crossover.Cross %x", i, got, want)
		}
	}
	if children < 100 {
		t.Fatalf("only %d of 300 crossovers made a child: the test checks little", children)
	}
}

func canonical(t *testing.T, data []byte) []byte {
	t.Helper()
	var v hPlain
	if err := codec.UnmarshalLenient(data, &v); err != nil {
		t.Fatal(err)
	}
	return encode(t, &v)
}
