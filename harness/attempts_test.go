package harness_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
	"github.com/structfuzz/structfuzz/mutator"
)

// aPadded has a Mutate hook that counts its calls (each is one attempt of
// the mutator) and a PostProcess hook that pads an odd N past any small
// size limit, so every result the hook makes is too big once
// post-processed.
type aPadded struct {
	N   uint8
	Pad string
}

var aCalls int

func (a *aPadded) Mutate(m *mutator.Mutator) {
	aCalls++
	if m.Rand().IntN(2) == 0 {
		a.N++
	}
}

func (a *aPadded) PostProcess(*rand.Rand) {
	a.Pad = ""
	if a.N%2 == 1 {
		a.Pad = strings.Repeat("x", 100)
	}
}

// One call of Mutate makes at most mutator.DefaultAttempts mutation
// attempts, however many results PostProcess makes too big: a result
// rejected after post-processing is one failed attempt, not the start of
// another round of them.
func TestMutateAttemptsBounded(t *testing.T) {
	h := harness.New(func(*aPadded) {}, harness.Options{})
	data, err := codec.Marshal(&aPadded{})
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []uint64{1, 2, 3, 4, 5, 6, 7, 8} {
		aCalls = 0
		out := h.Mutate(data, 32, seed)
		if aCalls == 0 || aCalls > mutator.DefaultAttempts {
			t.Errorf("seed %d: %d attempts, want 1 to %d", seed, aCalls, mutator.DefaultAttempts)
		}
		var v aPadded
		if err := codec.Unmarshal(out, &v); err != nil || v.N%2 == 1 || len(out) > 32 {
			t.Errorf("seed %d: result %x (%+v, %v), want a value within the limit", seed, out, v, err)
		}
	}
}

// aSummed's PostProcess recomputes Sum from N: a mutation of Sum alone is
// undone by it.
type aSummed struct {
	N   uint8
	Sum uint8
}

func (a *aSummed) PostProcess(*rand.Rand) { a.Sum = a.N * 3 }

// A mutation that PostProcess undoes is a failed attempt, and another is
// made: libFuzzer does not run the same input again.
func TestMutationsPostProcessUndoesAreRetried(t *testing.T) {
	h := harness.New(func(*aSummed) {}, harness.Options{TypedOnly: true})
	in, err := codec.Marshal(&aSummed{N: 5, Sum: 15})
	if err != nil {
		t.Fatal(err)
	}
	for seed := range uint64(500) {
		if out := h.Mutate(in, 16, seed); string(out) == string(in) {
			t.Fatalf("seed %d: Mutate returned its input: the mutation PostProcess undid was kept", seed)
		}
	}
}
