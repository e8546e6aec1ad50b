package mutator_test

import (
	"testing"

	"github.com/structfuzz/structfuzz/internal/benchtree"
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
		b.Run(bc.name, func(b *testing.B) { benchMutate(b, treeValue(), bc.room) })
	}
}
