package libfuzzer

import (
	"fmt"
	"strings"
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
	// Two encodings of the external test's Request (Method, Path).
	type request struct {
		Method uint8
		Path   string
	}
	a, _ := codec.Marshal(request{1, "/a"})
	b, _ := codec.Marshal(request{3, "/bcd/e"})
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

// A libFuzzer binary has one custom mutator, so a second target panics
// there; a plain test binary may import several fuzz packages, so there a
// second target is allowed and Registered reports none.
func TestSecondTarget(t *testing.T) {
	mu.Lock()
	savedReg, savedN, savedLinked := registered, targets, linked
	mu.Unlock()
	defer func() {
		mu.Lock()
		registered, targets, linked = savedReg, savedN, savedLinked
		mu.Unlock()
	}()

	linked = func() bool { return true }
	func() {
		defer func() {
			if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "second target") {
				t.Errorf("with libFuzzer linked: recover() = %v, want a panic about a second target", r)
			}
		}()
		Target(func(*int) {})
	}()

	linked = func() bool { return false }
	f := Target(func(*int) {})
	if Registered() != nil {
		t.Error("Registered() is not nil with two targets in the binary")
	}
	if f.Harness() == nil {
		t.Error("the second target has no harness")
	}
}
