package crossover_test

import (
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/crossover"
)

// aPoint, aFlat: values whose every part is flat (scalars, strings,
// arrays and structs of them), where a plain copy of a donor is a deep
// copy.
type aPoint struct{ X, Y int16 }

type aFlat struct {
	ID    uint32
	Name  string
	Where aPoint
	Tags  [3]uint8
	Note  string
}

// A crossover of flat values copies its donors as they are: it allocates
// nothing once its pooled scratch is warm, where it used to clone every
// donor it took (one allocation per crossover, or per struct mixed).
func TestCrossFromFlatDonorsAllocateNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items")
	}
	a := &aFlat{ID: 1, Name: "first", Where: aPoint{1, 2}, Tags: [3]uint8{1, 2, 3}, Note: "a"}
	b := &aFlat{ID: 2, Name: "second", Where: aPoint{3, 4}, Tags: [3]uint8{4, 5, 6}, Note: "b"}
	ea, err := codec.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	eb, err := codec.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 256)
	var seed uint64
	children := 0
	c := new(aFlat)
	cross := func() {
		seed++
		*c = *a // every crossover starts from the first parent
		out, err := crossover.Options{}.CrossFrom(c, b, ea, eb, seed, 256, buf[:0])
		if err == nil {
			children++
			if len(out) == 0 {
				t.Fatal("a child with an empty encoding")
			}
		}
	}
	for range 100 {
		cross() // warm the pool
	}
	children = 0
	if allocs := testing.AllocsPerRun(2000, cross); allocs != 0 {
		t.Errorf("a crossover of flat values allocates %.2f times; want 0", allocs)
	}
	if children < 1000 {
		t.Fatalf("only %d of 2001 crossovers made a child: the test measures too little", children)
	}
}
