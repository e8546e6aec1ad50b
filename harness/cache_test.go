package harness_test

import (
	"bytes"
	"testing"

	"github.com/structfuzz/structfuzz/harness"
)

// pipeline is what the cache test needs of a Harness of any type.
type pipeline interface {
	Mutate(data []byte, maxSize int, seed uint64) []byte
	CrossOver(a, b []byte, maxSize int, seed uint64) []byte
}

// A harness that has decoded its corpus units before (and caches them)
// gives the same results as a new one for every call: the cached values
// are neither changed by the mutator, nor by crossover (whose second
// parent is the cached value itself), nor by post-processing. Half the
// moves are byte-level, at a fixed share: an adaptive one depends on the
// calls before.
func TestUnitCacheKeepsResults(t *testing.T) {
	for _, tc := range []struct {
		name  string
		new   func() pipeline
		hits  func(pipeline) int
		units [][]byte
		max   int
		cross bool // crossovers too, not mutations only
	}{
		{
			"tree",
			func() pipeline { return harness.FixByteShare(harness.New(func(*tTree) {}, harness.Options{}), 0.5) },
			func(p pipeline) int { return harness.UnitHits(p.(*harness.Harness[tTree])) },
			[][]byte{encode(t, treeValue(0)), encode(t, treeValue(7)), encode(t, tTree{Title: "t"})},
			4096, true,
		},
		{
			// Units only mutated are cached (as copies) once they come
			// back.
			"tree, mutations only",
			func() pipeline { return harness.FixByteShare(harness.New(func(*tTree) {}, harness.Options{}), 0.5) },
			func(p pipeline) int { return harness.UnitHits(p.(*harness.Harness[tTree])) },
			[][]byte{encode(t, treeValue(0)), encode(t, treeValue(7)), encode(t, tTree{Title: "t"})},
			4096, false,
		},
		{
			"post-processed",
			func() pipeline { return harness.FixByteShare(harness.New(func(*hBatch) {}, harness.Options{}), 0.5) },
			func(p pipeline) int { return harness.UnitHits(p.(*harness.Harness[hBatch])) },
			[][]byte{
				encode(t, hBatch{Packets: []hPacket{{Op: 1, Payload: []byte("abc"), Sum: 0x352441c2}}, Note: "n"}),
				encode(t, hBatch{Packets: []hPacket{{Op: 2}, {Op: 3, Payload: []byte{9}}}}), // Sums not right yet
				{1, 2, 3}, // not canonical
			},
			128, true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			long := tc.new()
			for seed := range uint64(60) {
				a, b := tc.units[seed%3], tc.units[(seed+1)%3]
				for _, op := range []struct {
					name string
					do   func(p pipeline) []byte
				}{
					{"mutate", func(p pipeline) []byte { return p.Mutate(a, tc.max, seed) }},
					{"crossover", func(p pipeline) []byte { return p.CrossOver(a, b, tc.max, seed) }},
					{"crossover back", func(p pipeline) []byte { return p.CrossOver(b, a, tc.max, seed) }},
				} {
					if op.name != "mutate" && !tc.cross {
						continue
					}
					got, want := op.do(long), op.do(tc.new())
					if !bytes.Equal(got, want) {
						t.Fatalf("seed %d, %s: %x after earlier calls, %x from a new harness", seed, op.name, got, want)
					}
				}
			}
			if tc.hits(long) == 0 {
				t.Fatal("the cache was never used: the test tests nothing")
			}
		})
	}
}
