package libfuzzer

import (
	"testing"

	"github.com/structfuzz/structfuzz/codec"
)

// In raw mode (STRUCTFUZZ_RAW=1) the custom crossover must give no result,
// so libFuzzer falls back to its own mutations, crossover included: the
// raw-bytes baseline must be plain libFuzzer, not a structfuzz variant.
func TestCrossOverRawModeGivesNoResult(t *testing.T) {
	if Registered() == nil {
		t.Fatal("the external test file registers a target; none found")
	}
	a, _ := codec.Marshal(uint64(1))
	b, _ := codec.Marshal(uint64(2))
	dst := make([]byte, 64)

	saved := rawMode
	defer func() { rawMode = saved }()
	for _, tc := range []struct {
		raw  bool
		want bool // a child is produced
	}{{raw: true, want: false}, {raw: false, want: true}} {
		rawMode = tc.raw
		n := 0
		for seed := uint64(0); seed < 8 && n == 0; seed++ {
			n = crossOver(a, b, dst, seed)
		}
		if got := n > 0; got != tc.want {
			t.Errorf("raw=%v: crossOver produced a child: %v, want %v", tc.raw, got, tc.want)
		}
	}
}
