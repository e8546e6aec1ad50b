package libfuzzer

import (
	"fmt"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
	"github.com/structfuzz/structfuzz/internal/native"
)

// In raw mode (STRUCTFUZZ_RAW=1) the custom crossover must give no result,
// so libFuzzer falls back to its own mutations, crossover included: the
// raw-bytes baseline must be plain libFuzzer, not a structfuzz variant.
func TestCrossOverRawModeGivesNoResult(t *testing.T) {
	if registeredTool() == nil {
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

// A package may hold several targets (one per fuzz function), so a second
// target is allowed in any binary. A libFuzzer binary fuzzes the first
// whose Fuzz runs: from then on Registered (the custom mutator's pipeline)
// is that one, and running another panics, naming both types. A plain
// test binary runs them all, and Registered reports none.
func TestSeveralTargets(t *testing.T) {
	defer keepTargets()()

	linked = func() bool { return true }
	active.Store(nil)
	a := Target(func(*int) {})
	b := Target(func(*string) {})
	if registeredTool() != nil {
		t.Fatal("registeredTool() is not nil with two targets of which none ran")
	}
	a.c.claim()
	if registeredTool() != any(a.h) {
		t.Fatalf("registeredTool() = %v after the int target ran, want it", registeredTool())
	}
	a.c.claim() // the same target again: fine
	func() {
		defer func() {
			msg := fmt.Sprint(recover())
			if !strings.Contains(msg, "over int,") || !strings.Contains(msg, "over string ") || !strings.Contains(msg, "one binary fuzzes one target") {
				t.Errorf("running a second target: recover() = %q, want a panic naming both types", msg)
			}
		}()
		b.c.claim()
	}()
	if registeredTool() != any(a.h) {
		t.Error("a refused claim changed the registered target")
	}
	// A target registered after one ran leaves the running one in place.
	Target(func(*bool) {})
	if registeredTool() != any(a.h) {
		t.Error("a target registered later replaced the running one")
	}

	linked = func() bool { return false }
	active.Store(nil)
	f := Target(func(*int) {})
	if registeredTool() != nil {
		t.Error("registeredTool() is not nil with several targets in a plain binary")
	}
	if f.Harness() == nil {
		t.Error("the second target has no harness")
	}
}

// runNative hands an input to the target that owns the harness given, and
// reports false for a harness of no target.
func TestRunNativeFindsTheTarget(t *testing.T) {
	defer keepTargets()()
	linked = func() bool { return false } // no C side in a test binary
	var got []int
	a := Target(func(v *int) { got = append(got, *v) })
	enc, err := codec.Marshal(7)
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := runNative(a.Harness(), enc); !ok || r != 0 || len(got) != 1 || got[0] != 7 {
		t.Fatalf("runNative(target's harness) = %d, %v; the target saw %v, want 0, true and [7]", r, ok, got)
	}
	other := harness.New(func(*int) {}, harness.Options{})
	if _, ok := runNative(other, enc); ok {
		t.Error("runNative ran a harness no target owns")
	}
}

// ToolMain (the structfuzz command's helper main) answers for the target
// the external test file registers.
func TestToolMainAnswersForTheRegisteredTarget(t *testing.T) {
	var out, errOut strings.Builder
	if code := native.ToolMain(registeredTool(), []string{"type"}, nil, &out, &errOut); code != 0 || !strings.HasSuffix(strings.TrimSpace(out.String()), "Request") {
		t.Fatalf("type: exit %d, %q, %q", code, out.String(), errOut.String())
	}
	if code := native.ToolMain(nil, []string{"type"}, nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "registers no structured target") {
		t.Fatalf("no target: exit %d, %q", code, errOut.String())
	}
}

// keepTargets saves the registration state of the binary and returns the
// function that restores it, for tests that register targets of their own.
func keepTargets() func() {
	mu.Lock()
	defer mu.Unlock()
	reg, n, l, a := registered, targets, linked, active.Load()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		registered, targets, linked = reg, n, l
		active.Store(a)
	}
}
