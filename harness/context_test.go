package harness_test

import (
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
	"github.com/structfuzz/structfuzz/hook"
)

// hcBudget's PostProcess hook records the budget it is given and the
// size of the value at that moment.
type hcBudget struct {
	Items []uint16
}

var hcSeen []struct{ budget, size int }

func (b *hcBudget) PostProcess(c hook.Context) {
	n, err := codec.Size(b)
	if err != nil {
		panic(err)
	}
	hcSeen = append(hcSeen, struct{ budget, size int }{c.Budget(), n})
}

// TestPipelineBudget checks that the PostProcess hooks of the pipeline see
// the room libFuzzer's size limit leaves: the limit given to Mutate less
// the value's size.
func TestPipelineBudget(t *testing.T) {
	h := harness.New(func(*hcBudget) {}, harness.Options{})
	data, err := codec.Marshal(&hcBudget{Items: []uint16{1, 2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	const maxSize = 40
	for seed := range uint64(50) {
		hcSeen = nil
		data = h.Mutate(data, maxSize, seed)
		if len(hcSeen) == 0 {
			t.Fatalf("seed %d: the PostProcess hook did not run", seed)
		}
		for _, s := range hcSeen {
			if want := max(maxSize-s.size, 0); s.budget != want {
				t.Fatalf("seed %d: Budget() = %d for a value of %d bytes, want %d", seed, s.budget, s.size, want)
			}
		}
	}
}
