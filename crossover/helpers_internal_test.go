package crossover

import (
	"errors"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/mutator"
)

// mutated makes each of vs (pointers to zero values) a varied value:
// rounds mutations within maxSize, by one mutator of the given seed.
func mutated(t *testing.T, seed uint64, rounds, maxSize int, vs ...any) {
	t.Helper()
	m := mutator.New(seed)
	for _, v := range vs {
		for range rounds {
			if err := m.Mutate(v, maxSize); err != nil && !errors.Is(err, mutator.ErrNoMutation) {
				t.Fatal(err)
			}
		}
	}
}

// crosserFor returns a crosser as Cross sets it up: seeded, with the
// donors of src (of plan p) collected. Give it back with release.
func crosserFor(seed uint64, p *plan.Plan, src reflect.Value) *crosser {
	x := crossers.Get().(*crosser)
	x.src.Seed(seed, 1)
	x.codec = codec.Options{}
	x.collect(p, src)
	return x
}
