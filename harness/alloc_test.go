package harness_test

import (
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
)

// aFlatMsg is flat: scalars, strings and an array, so a plain copy of it
// is a deep copy.
type aFlatMsg struct {
	ID   uint32
	Name string `fuzz:"maxlen=16"`
	Pos  [2]int16
	Note string `fuzz:"maxlen=8"`
}

// A crossover of two corpus units the harness has cached allocates one
// thing: the copy of the first parent it changes (the cache's own value
// must stay as it is). It used to allocate once more on every call, for
// the error check after the crossover.
func TestCrossOverAllocatesOnlyTheCopy(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items")
	}
	h := harness.New(func(*aFlatMsg) {}, harness.Options{})
	x, _ := codec.Marshal(aFlatMsg{ID: 1, Name: "alpha", Pos: [2]int16{1, 2}, Note: "x"})
	y, _ := codec.Marshal(aFlatMsg{ID: 2, Name: "beta", Pos: [2]int16{3, 4}, Note: "y"})
	dst := make([]byte, 128)
	var seed uint64
	made := 0
	cross := func() {
		seed++
		if h.CrossOverTo(dst, x, y, seed) > 0 {
			made++
		}
	}
	for range 200 {
		cross() // the units enter the cache on their second miss
	}
	made = 0
	if allocs := testing.AllocsPerRun(2000, cross); allocs > 1 {
		t.Errorf("a crossover of cached flat units allocates %.2f times; want 1, the copy of the first parent", allocs)
	}
	if made < 1000 {
		t.Fatalf("only %d of 2001 crossovers made a child", made)
	}
}
