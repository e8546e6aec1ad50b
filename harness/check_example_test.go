package harness_test

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/structfuzz/structfuzz/harness"
)

// Stamp numbers its values from a global counter: a libFuzzer input that
// holds a Stamp does not reproduce, since its PostProcess depends on how
// many ran before.
type Stamp struct{ Serial uint32 }

var serial uint32

func (s *Stamp) PostProcess(r *rand.Rand) {
	serial++
	s.Serial = serial
}

type Doc struct {
	Title string `fuzz:"maxlen=8"`
	Stamp Stamp
}

func ExampleHarness_CheckHooks() {
	h := harness.New(func(*Doc) {}, harness.Options{})
	err := h.CheckHooks(nil, harness.CheckOptions{Generate: 1, Seeds: []uint64{7}})
	var ms harness.HookMismatches
	if errors.As(err, &ms) {
		m := ms[0]
		fmt.Println(m.Hook, "of", m.Type, "at", m.Path, "in", m.Input, "seed", m.Seed)
		fmt.Println("first: ", m.First)
		fmt.Println("second:", m.Second)
	}
	// Output:
	// PostProcess of harness_test.Stamp at Doc.Stamp in generated#1 seed 7
	// first:  {"Serial":5}
	// second: {"Serial":6}
}

// Job cannot be fuzzed: a channel has no encoding.
type Job struct {
	Name string
	Done chan bool
}

func ExampleHarness_CheckType() {
	h := harness.New(func(*Job) {}, harness.Options{})
	fmt.Println(h.CheckType())
	// Output:
	// structfuzz: cannot fuzz harness_test.Job: Job.Done: unsupported type chan bool (chan values cannot be encoded)
}
