package mutator_test

import (
	"errors"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
)

// Results of a Mutator with a depth limit encode under that limit, and the
// limit is actually reached.
func TestDepthLimit(t *testing.T) {
	const limit = 4
	runs := runs(20_000, 2_000)
	at, below := codec.Options{MaxDepth: limit}, codec.Options{MaxDepth: limit - 1}
	for _, tc := range []struct {
		name string
		ptr  any
	}{
		{"tree", new(mTree)},
		{"expr", new(struct{ E mExpr })},
		{"selftree", new(mSelfTree)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := codec.UnmarshalLenient(nil, tc.ptr); err != nil {
				t.Fatal(err)
			}
			m := mutator.New(21, mutator.WithCodec(codec.Options{MaxDepth: limit}))
			deepest := 0
			for i := range runs {
				if err := m.Mutate(tc.ptr, 1024); err != nil && !errors.Is(err, mutator.ErrNoMutation) {
					t.Fatalf("mutation %d: %v", i, err)
				}
				b, err := at.Marshal(tc.ptr)
				if err != nil {
					t.Fatalf("mutation %d: over the depth limit: %v", i, err)
				}
				if err := at.Unmarshal(b, tc.ptr); err != nil {
					t.Fatalf("mutation %d: does not decode under the limit: %v", i, err)
				}
				if _, err := below.Marshal(tc.ptr); err != nil {
					deepest = limit
				}
			}
			if deepest != limit {
				t.Errorf("no result reached depth %d in %d mutations", limit, runs)
			}
		})
	}
}
