package harness_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
)

// sSlow is a type whose PostProcess hook takes a millisecond.
type sSlow struct {
	N   uint16
	Sum uint32
}

func (s *sSlow) PostProcess(*rand.Rand) {
	time.Sleep(time.Millisecond)
	s.Sum = uint32(s.N) * 7
}

// Stats counts the mutation pipeline's calls, those that made nothing,
// and the time the pipeline and the hooks took.
func TestStatsCountMutations(t *testing.T) {
	h := harness.New(func(*sSlow) {}, harness.Options{TypedOnly: true})
	in, err := codec.Marshal(sSlow{N: 1, Sum: 7})
	if err != nil {
		t.Fatal(err)
	}
	before := h.Stats()
	for seed := range uint64(10) {
		if h.Mutate(in, 64, seed) == nil {
			t.Fatal("a mutation with room made nothing")
		}
	}
	if h.Mutate(in, 2, 1) != nil { // no result fits in two bytes
		t.Fatal("a result of more than two bytes")
	}
	if h.CrossOver(in, in, 64, 3) == nil {
		t.Fatal("crossover made nothing")
	}
	s := h.Stats()
	if s.Mutations != 12 || s.NoResult != 1 {
		t.Errorf("Mutations %d, NoResult %d; want 12 and 1", s.Mutations, s.NoResult)
	}
	// Every result was post-processed at least once: ten milliseconds
	// at least. The pipeline's time is estimated from the calls it times
	// (the first, the ninth), each of which slept a millisecond or more.
	if hooks := s.HookTime - before.HookTime; hooks < 10*time.Millisecond || s.PipelineTime < 8*time.Millisecond {
		t.Errorf("HookTime grew by %v, PipelineTime %v: want at least 10ms and 8ms", hooks, s.PipelineTime)
	}
}
