package hook_test

import (
	"errors"
	"fmt"
	"hash/crc32"

	"github.com/structfuzz/structfuzz/crossover"
	"github.com/structfuzz/structfuzz/hook"
	"github.com/structfuzz/structfuzz/mutator"
	"github.com/structfuzz/structfuzz/postprocess"
)

// Frame is a record with a checksum the parser checks first.
type Frame struct {
	Payload []byte
	Sum     uint32
}

// PostProcess runs after every mutation, crossover and corpus load, and
// fixes the checksum. It prints where the frame sits, for the example.
func (f *Frame) PostProcess(c hook.Context) {
	f.Sum = crc32.ChecksumIEEE(f.Payload)
	fmt.Printf("PostProcess at %s\n", c.Path())
}

// Log is a value that holds frames.
type Log struct {
	Frames []Frame
}

// This example shows a PostProcess method that takes a hook.Context, and
// the paths it is called at.
func Example() {
	log := Log{Frames: []Frame{{Payload: []byte("a")}, {Payload: []byte("bc")}}}
	if err := postprocess.Apply(&log, 1); err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range log.Frames {
		fmt.Printf("%q %08x\n", f.Payload, f.Sum)
	}
	// Output:
	// PostProcess at .Frames[0]
	// PostProcess at .Frames[1]
	// "a" e8b7be43
	// "bc" c2a92b38
}

// Pair is a type whose crossover takes the value of the other parent's
// pair and keeps its own key.
type Pair struct {
	Key, Value string
}

// Doc holds pairs.
type Doc struct {
	Pairs [2]Pair
}

// This example registers a CrossOver function that reports where it runs
// and how much room the child has.
func Example_context() {
	crossover.Register(func(dst, donor *Pair, c hook.Context) {
		fmt.Printf("CrossOver at %s, budget %d\n", c.Path(), c.Budget())
		dst.Value = donor.Value
	})
	a := Doc{Pairs: [2]Pair{{"k", "v"}, {"j", "u"}}}
	b := Doc{Pairs: [2]Pair{{"x", "w"}, {"y", "z"}}}
	err := crossover.Cross(&a, &b, 1, 100)
	fmt.Println(a.Pairs, err)
	// Output:
	// CrossOver at .Pairs[0], budget 80
	// [{k z} {j u}] <nil>
}

// Header is a message header whose length field must match the body.
type Header struct {
	Len  uint16
	Body []byte `fuzz:"maxlen=64"`
}

// fix sets Len, and grows an empty body by a byte when the limit leaves
// room for it. It takes a hook.Context, so both hooks below call it.
func (h *Header) fix(c hook.Context) {
	if len(h.Body) == 0 && c.Budget() > 0 {
		h.Body = append(h.Body, byte(c.Rand().IntN(256)))
	}
	h.Len = uint16(len(h.Body))
}

// Mutate changes the header as the built-in mutation would, then fixes
// it: a *mutator.Mutator is a hook.Context.
func (h *Header) Mutate(m *mutator.Mutator) {
	if err := m.MutateValue(h); err != nil {
		panic(err)
	}
	h.fix(m)
}

// PostProcess fixes the header of a loaded or crossed-over input.
func (h *Header) PostProcess(c hook.Context) { h.fix(c) }

// This example shares one helper between a Mutate and a PostProcess hook.
func Example_helper() {
	var h Header
	m := mutator.New(1)
	consistent := 0
	for range 20 {
		// ErrNoMutation leaves h as it was: a fuzzer tries again.
		if err := m.Mutate(&h, 32); err != nil && !errors.Is(err, mutator.ErrNoMutation) {
			fmt.Println(err)
			return
		}
		if int(h.Len) == len(h.Body) {
			consistent++
		}
	}
	fmt.Println(consistent, "of 20 results have the right length")
	// Output:
	// 20 of 20 results have the right length
}
