package mutator_test

import (
	"errors"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/benchtree"
	"github.com/structfuzz/structfuzz/mutator"
)

// A mutation allocates for what it creates (fresh nodes, the copies the
// undo log keeps, a new box for a changed union), not for the size of the
// value around it: over a tree eight times larger, with the same mix of
// unions, slices and maps, the allocations per mutation stay about the
// same. (Encoding the value once per attempt used to allocate for every
// map in it, and the walk for every union and map entry it passed.)
func TestMutateAllocationsDoNotGrowWithTheValue(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items")
	}
	tree := func(parts int) *benchtree.Tree {
		v := &benchtree.Tree{Title: "t"}
		for i := range parts {
			v.Body = append(v.Body, benchtree.Value(i).Body...)
		}
		return v
	}
	perMutation := func(v *benchtree.Tree) (float64, int) {
		enc, err := codec.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		m := mutator.New(7)
		// The size cap keeps the value near its start over the run.
		allocs := testing.AllocsPerRun(3000, func() {
			if err := m.Mutate(v, len(enc)+len(enc)/8); err != nil && !errors.Is(err, mutator.ErrNoMutation) {
				t.Fatal(err)
			}
		})
		return allocs, len(enc)
	}
	small, smallSize := perMutation(tree(1))
	large, largeSize := perMutation(tree(8))
	t.Logf("allocations per mutation: %.1f on %d bytes, %.1f on %d bytes", small, smallSize, large, largeSize)
	if largeSize < 6*smallSize {
		t.Fatalf("the large tree (%d bytes) is not much larger than the small one (%d)", largeSize, smallSize)
	}
	if large > 2*small+8 {
		t.Errorf("allocations per mutation grow with the value: %.1f on %d bytes, %.1f on %d bytes", small, smallSize, large, largeSize)
	}
}
