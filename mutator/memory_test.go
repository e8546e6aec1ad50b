package mutator_test

import (
	"errors"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
)

// mPad is one byte of encoding and 4 KiB of memory.
type mPad struct {
	Pad [1 << 12]byte `fuzz:"-"`
	B   uint8
}

// mHeavy holds mPads every way the mutator can grow a value: slice
// elements, map entries, pointers.
type mHeavy struct {
	Items []mPad
	Ptrs  []*mPad
	Tags  map[uint8]mPad
	One   *mPad
	Name  string
}

// The mutator never builds a value that strict decoding would reject for
// memory: every output decodes strictly, with the same options, and its
// memory stays within MaxMemory + MemoryPerByte bytes per byte of its
// encoding. Without the budget the mutator grew Items to thousands of
// elements (4 KiB each) inside a 4 KB encoding.
func TestMutationsStayWithinMemoryBudget(t *testing.T) {
	const maxMemory = 64 << 10
	opts := codec.Options{MaxMemory: maxMemory}
	m := mutator.New(11, mutator.WithCodec(codec.Options{MaxMemory: maxMemory}))
	var v mHeavy
	runs := 10_000
	if testing.Short() {
		runs = 1_000
	}
	grown, none := 0, 0
	for i := range runs {
		err := m.Mutate(&v, 4096)
		if errors.Is(err, mutator.ErrNoMutation) {
			none++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		b := m.Encoding()
		var back mHeavy
		if err := opts.Unmarshal(b, &back); err != nil {
			t.Fatalf("mutation %d: the output does not decode strictly: %v", i, err)
		}
		mem, size, err := opts.Memory(&v)
		if err != nil || size != len(b) {
			t.Fatalf("mutation %d: Memory = %d, %d, %v; encoding %d bytes", i, mem, size, err, len(b))
		}
		if budget := opts.MemoryBudget(len(b)); mem > budget {
			t.Fatalf("mutation %d: %d bytes of memory for a %d-byte encoding, budget %d", i, mem, len(b), budget)
		}
		if len(v.Items)+len(v.Ptrs)+len(v.Tags) > 10 {
			grown++
		}
	}
	t.Logf("%d of %d mutations grew the value past 10 elements; %d found no mutation", grown, runs, none)
	if grown == 0 {
		t.Fatalf("the value never grew past 10 elements: the test shows nothing")
	}
}
