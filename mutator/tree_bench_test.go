package mutator_test

import (
	"errors"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/benchtree"
	"github.com/structfuzz/structfuzz/mutator"
)

// treeValue builds the recursive benchmark tree shared with other
// packages.
func treeValue() *benchtree.Tree { return benchtree.Value(0) }

// BenchmarkMutateTree measures Mutate on a recursive tree of unions of a
// few hundred nodes (a couple of KB encoded), where a full encode or
// decode is expensive against one mutation: with a quarter of headroom,
// and with the size cap at the start's size, where an attempt that grows
// the value is undone (the value soon shrinks below the cap, though).
func BenchmarkMutateTree(b *testing.B) {
	for _, bc := range []struct {
		name string
		room func(n int) int
	}{
		{"headroom", func(n int) int { return n + n/4 }},
		{"full", func(n int) int { return n }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ptr := treeValue()
			start, err := codec.Marshal(ptr)
			if err != nil {
				b.Fatal(err)
			}
			maxSize := bc.room(len(start))
			m := mutator.New(1)
			b.ReportAllocs()
			for b.Loop() {
				if err := m.Mutate(ptr, maxSize); err != nil && !errors.Is(err, mutator.ErrNoMutation) {
					b.Fatal(err)
				}
			}
			end, _ := codec.Marshal(ptr)
			b.ReportMetric(float64(len(start)), "start-bytes")
			b.ReportMetric(float64(len(end)), "end-bytes")
		})
	}
}
