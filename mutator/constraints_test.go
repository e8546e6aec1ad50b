package mutator_test

import (
	"fmt"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
)

// constraintRuns is the number of mutations the constraint test makes:
// 1M, or 200k under the race detector (about ten times slower).
func constraintRuns() int {
	if raceEnabled {
		return 200_000
	}
	return 1_000_000
}

// violations lists, independently of the codec, every constraint of
// mConstrained that v breaks.
func violations(v *mConstrained) []string {
	var bad []string
	fail := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	if !slices.Contains(mModes, v.Mode) {
		fail("Mode %d undeclared", v.Mode)
	}
	if !slices.Contains(mSigned(0).EnumValues(), v.Sgn) {
		fail("Sgn %d undeclared", v.Sgn)
	}
	if v.I8 < -3 || v.I8 > 4 {
		fail("I8 %d", v.I8)
	}
	if v.I64 < -1000 || v.I64 > 1000000 {
		fail("I64 %d", v.I64)
	}
	if v.U16 < 10 || v.U16 > 20 {
		fail("U16 %d", v.U16)
	}
	if v.U < 5 {
		fail("U %d", v.U)
	}
	if !(v.F32 >= -1.5 && v.F32 <= 2.25) { // NaN fails too
		fail("F32 %g", v.F32)
	}
	if !(v.F64 >= 0 && v.F64 <= 0.001) {
		fail("F64 %g", v.F64)
	}
	if v.PF != nil && !(*v.PF >= -2 && *v.PF <= -1) {
		fail("*PF %g", *v.PF)
	}
	if n := len(v.Name); n < 2 || n > 6 || !utf8.ValidString(v.Name) {
		fail("Name %q", v.Name)
	}
	if len(v.Code) != 3 {
		fail("Code %q", v.Code)
	}
	if len(v.Raw) > 5 {
		fail("Raw %x", v.Raw)
	}
	if n := len(v.Text); n < 1 || n > 8 || !utf8.Valid(v.Text) {
		fail("Text %q", v.Text)
	}
	if n := len(v.Nums); n < 1 || n > 3 {
		fail("len(Nums) %d", n)
	}
	for _, x := range v.Nums {
		if x < 0 || x > 9 {
			fail("Nums %v", v.Nums)
		}
	}
	if len(v.Modes) > 4 {
		fail("len(Modes) %d", len(v.Modes))
	}
	for _, x := range v.Modes {
		if !slices.Contains(mModes, x) {
			fail("Modes %v", v.Modes)
		}
	}
	if len(v.Tags) > 3 {
		fail("len(Tags) %d", len(v.Tags))
	}
	for k, s := range v.Tags {
		if !utf8.ValidString(s) {
			fail("Tags[%d] %q", k, s)
		}
	}
	for i, s := range v.Pair {
		if len(s) != 2 {
			fail("Pair[%d] %q", i, s)
		}
	}
	if !slices.Contains([]string{"GET", "POST", ""}, v.Verb) {
		fail("Verb %q", v.Verb)
	}
	if len(v.Ports) > 2 {
		fail("len(Ports) %d", len(v.Ports))
	}
	for _, p := range v.Ports {
		if p != 80 && p != 443 {
			fail("Ports %v", v.Ports)
		}
	}
	return bad
}

// Enums with holes, ranges, lengths, utf8 and oneof hold after every
// mutation.
func TestConstraintsNeverViolated(t *testing.T) {
	runs := constraintRuns()
	v := zero[mConstrained](t)
	if bad := violations(&v); len(bad) > 0 {
		t.Fatalf("the zero value from UnmarshalLenient breaks %v", bad)
	}
	m := mutator.New(6)
	var buf []byte
	noChange := 0
	// What the run covered, so that a mutator stuck at one corner cannot
	// pass: values at both ends of ranges, every enum value, NaN mapped in.
	seenMode := map[mMode]bool{}
	seenSgn := map[mSigned]bool{}
	seenI8 := map[int8]bool{}
	seenVerb, seenPort := map[string]bool{}, map[uint16]bool{}
	var sawPF, sawNameMax, sawTagsMax bool
	for i := range runs {
		err := m.Mutate(&v, 256)
		if err == mutator.ErrNoMutation {
			noChange++
		} else if err != nil {
			t.Fatalf("mutation %d: %v", i, err)
		}
		b, err := codec.Options{}.Append(buf[:0], &v)
		if err != nil {
			t.Fatalf("mutation %d: the result does not encode: %v", i, err)
		}
		buf = b
		if bad := violations(&v); len(bad) > 0 {
			t.Fatalf("mutation %d breaks %v", i, bad)
		}
		seenMode[v.Mode] = true
		seenSgn[v.Sgn] = true
		seenI8[v.I8] = true
		seenVerb[v.Verb] = true
		for _, p := range v.Ports {
			seenPort[p] = true
		}
		sawPF = sawPF || v.PF != nil
		sawNameMax = sawNameMax || len(v.Name) == 6
		sawTagsMax = sawTagsMax || len(v.Tags) == 3
	}
	t.Logf("%d mutations, %d ErrNoMutation", runs, noChange)
	if len(seenMode) != len(mModes) || len(seenSgn) != 5 || len(seenI8) != 8 || !sawPF || !sawNameMax || !sawTagsMax ||
		len(seenVerb) != 3 || len(seenPort) != 2 {
		t.Errorf("poor coverage: modes %v, signed %v, I8 %v, PF %v, Name at maxlen %v, Tags at maxlen %v, verbs %v, ports %v",
			seenMode, seenSgn, seenI8, sawPF, sawNameMax, sawTagsMax, seenVerb, seenPort)
	}
	if noChange > runs/1000 {
		t.Errorf("%d of %d calls returned ErrNoMutation", noChange, runs)
	}
}
