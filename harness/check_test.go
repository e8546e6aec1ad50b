package harness_test

import (
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/crossover"
	"github.com/structfuzz/structfuzz/harness"
	"github.com/structfuzz/structfuzz/hook"
	"github.com/structfuzz/structfuzz/mutator"
	"github.com/structfuzz/structfuzz/postprocess"
)

// Hooks that depend on global state, one of each kind, and their
// deterministic counterparts, which draw only from their random source.
var ticks uint32

type (
	ckNoisyPost   struct{ N uint32 }
	ckNoisyMutate struct{ N uint32 }
	ckNoisyCross  struct{ N uint32 }
	ckGoodPost    struct{ N uint32 }
	ckGoodMutate  struct{ N uint32 }
	ckGoodCross   struct{ N uint32 }
	ckForeign     struct{ N uint32 } // a type the user does not own
	ckMapOrder    struct {
		M    map[string]uint8
		Keys string
	}
)

func (v *ckNoisyPost) PostProcess(r *rand.Rand)    { ticks++; v.N = ticks }
func (v *ckNoisyMutate) Mutate(m *mutator.Mutator) { ticks++; v.N += ticks }
func (v *ckNoisyCross) CrossOver(o *ckNoisyCross, r *rand.Rand) {
	ticks++
	v.N = o.N + ticks
}
func (v *ckGoodPost) PostProcess(r *rand.Rand)    { v.N = r.Uint32() % 100 }
func (v *ckGoodMutate) Mutate(m *mutator.Mutator) { v.N += m.Rand().Uint32() }
func (v *ckGoodCross) CrossOver(o *ckGoodCross, r *rand.Rand) {
	v.N = o.N ^ r.Uint32()
}

// ckCtxGood's hooks take a hook.Context and depend on all it holds: the
// same in both runs, so deterministic.
type ckCtxGood struct{ N uint32 }

func (v *ckCtxGood) PostProcess(c hook.Context) {
	v.N = uint32(len(c.Path())+c.Budget()%7) + c.Rand().Uint32()%100
}

func (v *ckCtxGood) CrossOver(o *ckCtxGood, c hook.Context) {
	v.N = o.N ^ uint32(len(c.Path())) ^ c.Rand().Uint32()
}

// ckCtxNoisy's CrossOver takes a hook.Context and counts its calls.
type ckCtxNoisy struct{ N uint32 }

func (v *ckCtxNoisy) CrossOver(o *ckCtxNoisy, c hook.Context) {
	ticks++
	v.N = o.N + ticks
}

// PostProcess writes the keys in map iteration order: random in Go.
func (v *ckMapOrder) PostProcess(r *rand.Rand) {
	v.Keys = ""
	for k := range v.M {
		v.Keys += k
	}
}

func init() {
	postprocess.Register(func(v *ckForeign, _ hook.Context) { ticks++; v.N = ticks % 7 })
}

type (
	ckInNoisyPost struct {
		Good  ckGoodPost
		Items []ckNoisyPost
	}
	ckInNoisyMutate struct{ P *ckNoisyMutate }
	ckInNoisyCross  struct{ A [2]ckNoisyCross }
	ckInGood        struct {
		P ckGoodPost
		M ckGoodMutate
		C []ckGoodCross
		X map[string]ckCtxGood
	}
	ckInCtxNoisy struct{ N []ckCtxNoisy }
	ckInForeign  struct{ F map[uint8]ckForeign }
	ckInMapOrder struct{ V ckMapOrder }
)

// mismatchOf runs CheckHooks on T and returns its mismatches.
func mismatchOf[T any](t *testing.T) harness.HookMismatches {
	t.Helper()
	err := harness.New(func(*T) {}, harness.Options{}).CheckHooks(nil, harness.CheckOptions{})
	if err == nil {
		return nil
	}
	var ms harness.HookMismatches
	if !errors.As(err, &ms) {
		t.Fatalf("CheckHooks: %v, want HookMismatches", err)
	}
	return ms
}

// CheckHooks names every hook whose two runs on the same value and seed
// differ: its kind, its type, the path of the value, and both results.
func TestCheckHooksNamesNondeterministicHooks(t *testing.T) {
	tests := []struct {
		name string
		run  func(*testing.T) harness.HookMismatches
		// want is the hook, type and path prefix of the one mismatch, or
		// empty for none.
		hook, typ, path string
	}{
		{"PostProcess", mismatchOf[ckInNoisyPost], "PostProcess", "harness_test.ckNoisyPost", "ckInNoisyPost.Items["},
		{"Mutate", mismatchOf[ckInNoisyMutate], "Mutate", "harness_test.ckNoisyMutate", "ckInNoisyMutate.P"},
		{"CrossOver", mismatchOf[ckInNoisyCross], "CrossOver", "harness_test.ckNoisyCross", "ckInNoisyCross.A["},
		{"registered function", mismatchOf[ckInForeign], "PostProcess", "harness_test.ckForeign", "ckInForeign.F[value#"},
		{"map order", mismatchOf[ckInMapOrder], "PostProcess", "harness_test.ckMapOrder", "ckInMapOrder.V"},
		{"CrossOver with a hook.Context", mismatchOf[ckInCtxNoisy], "CrossOver", "harness_test.ckCtxNoisy", "ckInCtxNoisy.N["},
		{"deterministic hooks", mismatchOf[ckInGood], "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := tt.run(t)
			if tt.hook == "" {
				if ms != nil {
					t.Fatalf("deterministic hooks reported: %v", ms)
				}
				return
			}
			if len(ms) != 1 {
				t.Fatalf("want one mismatch, got %v", ms)
			}
			m := ms[0]
			if m.Hook != tt.hook || m.Type != tt.typ || !strings.HasPrefix(m.Path, tt.path) || m.First == m.Second || m.Seed == 0 || m.Input == "" {
				t.Fatalf("mismatch %+v, want %s of %s at %s...", m, tt.hook, tt.typ, tt.path)
			}
			if !strings.HasPrefix(m.First, "{") || !strings.HasPrefix(m.Second, "{") {
				t.Errorf("results are not readable JSON: %q, %q", m.First, m.Second)
			}
			for _, want := range []string{tt.hook + " of " + tt.typ + " is not deterministic", m.Path, m.First, "global state"} {
				if !strings.Contains(ms.Error(), want) {
					t.Errorf("error %q lacks %q", ms.Error(), want)
				}
			}
		})
	}
}

// The inputs given are the ones checked: the noisy hook is only found in
// an input that holds a value of its type.
func TestCheckHooksUsesGivenInputs(t *testing.T) {
	h := harness.New(func(*ckInNoisyPost) {}, harness.Options{})
	empty, _ := codec.Marshal(&ckInNoisyPost{})
	one, _ := codec.Marshal(&ckInNoisyPost{Items: []ckNoisyPost{{N: 5}}})
	var log strings.Builder
	err := h.CheckHooks([]harness.CheckInput{{Name: "empty", Data: empty}}, harness.CheckOptions{Log: &log})
	if err != nil {
		t.Fatalf("an input without the noisy value: %v", err)
	}
	if !strings.Contains(log.String(), "PostProcess of harness_test.ckNoisyPost: not reached by any input, not checked") {
		t.Errorf("the log does not say the hook went unchecked:\n%s", log.String())
	}
	err = h.CheckHooks([]harness.CheckInput{{Name: "empty", Data: empty}, {Name: "corpus/one", Data: one}}, harness.CheckOptions{Seeds: []uint64{42}})
	var ms harness.HookMismatches
	if !errors.As(err, &ms) || ms[0].Input != "corpus/one" || ms[0].Path != "ckInNoisyPost.Items[0]" || ms[0].Seed != 42 {
		t.Fatalf("CheckHooks = %v, want the mismatch in corpus/one at Items[0], seed 42", err)
	}
}

type (
	ckChan struct {
		Name string
		C    chan int
	}
	ckPanics   struct{ N uint8 }
	ckInPanics struct{ P []ckPanics }
	ckBreaks   struct {
		N uint8 `fuzz:"max=9"`
	}
	ckBreakHost struct{ B ckBreaks }
)

func (p *ckPanics) PostProcess(r *rand.Rand) {
	if p.N > 0 {
		panic("ckPanics: boom")
	}
}

// PostProcess leaves the tag's range: no value of the type encodes.
func (b *ckBreaks) PostProcess(r *rand.Rand) { b.N = 200 }

func TestCheckType(t *testing.T) {
	err := harness.New(func(*ckChan) {}, harness.Options{}).CheckType()
	var te *harness.TypeError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "ckChan.C") || !strings.Contains(err.Error(), "chan") {
		t.Errorf("CheckType(chan field) = %v, want a TypeError at ckChan.C", err)
	}
	err = harness.New(func(*ckBreakHost) {}, harness.Options{}).CheckType()
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "smallest value") || !strings.Contains(err.Error(), "ckBreakHost.B.N") {
		t.Errorf("CheckType(PostProcess breaks the range) = %v, want a TypeError at ckBreakHost.B.N", err)
	}
	t.Log(err)
	if err := harness.New(func(*ckInGood) {}, harness.Options{}).CheckType(); err != nil {
		t.Errorf("CheckType(healthy) = %v", err)
	}
	// CheckHooks checks the type first.
	if err := harness.New(func(*ckChan) {}, harness.Options{}).CheckHooks(nil, harness.CheckOptions{}); !errors.As(err, &te) {
		t.Errorf("CheckHooks(chan field) = %v, want the TypeError", err)
	}
}

func TestCheckHooksReportsPanic(t *testing.T) {
	in, _ := codec.Marshal(&ckInPanics{P: []ckPanics{{N: 0}}})
	h := harness.New(func(*ckInPanics) {}, harness.Options{})
	// A value of N 0 does not panic; mutate it until one does.
	err := h.CheckHooks([]harness.CheckInput{{Name: "seed", Data: in}}, harness.CheckOptions{})
	if err != nil {
		t.Fatalf("no panic expected on N=0: %v", err)
	}
	bad := append([]byte(nil), in...)
	bad[len(bad)-1] = 3
	err = h.CheckHooks([]harness.CheckInput{{Name: "bad", Data: bad}}, harness.CheckOptions{})
	if err == nil || !strings.Contains(err.Error(), "ckPanics: boom") || !strings.Contains(err.Error(), "bad") {
		t.Fatalf("CheckHooks = %v, want an error naming the panic and the input", err)
	}
	t.Log(err)
}

// Registered crossover and mutate functions are checked too.
type (
	ckRegMutate struct{ N uint16 }
	ckRegCross  struct{ N uint16 }
	ckInReg     struct {
		M ckRegMutate
		C [2]ckRegCross
	}
)

func init() {
	mutator.Register(func(v *ckRegMutate, m *mutator.Mutator) { ticks++; v.N = uint16(ticks) })
	crossover.Register(func(v, d *ckRegCross, _ hook.Context) { ticks++; v.N = d.N + uint16(ticks) })
}

func TestCheckHooksRegisteredFunctions(t *testing.T) {
	ms := mismatchOf[ckInReg](t)
	got := map[string]bool{}
	for _, m := range ms {
		got[m.Hook+" "+m.Type] = true
	}
	for _, want := range []string{"Mutate harness_test.ckRegMutate", "CrossOver harness_test.ckRegCross"} {
		if !got[want] {
			t.Errorf("%s not reported: %v", want, ms)
		}
	}
}

// The tool protocol's checktype and check commands, which `structfuzz
// build` and `structfuzz check` run in the helper program.
func TestToolMainCheck(t *testing.T) {
	run := func(tool harness.Tool, args ...string) (int, string, string) {
		var out, errOut strings.Builder
		code := harness.ToolMain(tool, args, nil, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	noisy := harness.New(func(*ckInNoisyPost) {}, harness.Options{})
	code, _, stderr := run(noisy, "check")
	if code != 1 || !strings.Contains(stderr, "PostProcess of harness_test.ckNoisyPost is not deterministic") {
		t.Errorf("check of a noisy hook: exit %d, %s", code, stderr)
	}
	dir := t.TempDir()
	file := dir + "/one"
	one, _ := codec.Marshal(&ckInNoisyPost{Items: []ckNoisyPost{{N: 5}}})
	if err := os.WriteFile(file, one, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(noisy, "check", file)
	if code != 1 || !strings.Contains(stderr, "in input "+file) {
		t.Errorf("check FILE: exit %d, %s", code, stderr)
	}
	code, stdout, stderr := run(harness.New(func(*ckInGood) {}, harness.Options{}), "check")
	if code != 0 || !strings.Contains(stdout, "ok") || !strings.Contains(stdout, "PostProcess of harness_test.ckGoodPost:") {
		t.Errorf("check of good hooks: exit %d, %s%s", code, stdout, stderr)
	}
	code, _, stderr = run(harness.New(func(*ckChan) {}, harness.Options{}), "checktype")
	if code != 1 || !strings.Contains(stderr, "ckChan.C") {
		t.Errorf("checktype of a chan field: exit %d, %s", code, stderr)
	}
	if code, _, _ := run(harness.New(func(*ckInGood) {}, harness.Options{}), "checktype"); code != 0 {
		t.Errorf("checktype of a good type: exit %d", code)
	}
	if code, _, _ := run(nil, "checktype"); code != 0 {
		t.Errorf("checktype without a target: exit %d, want 0 (nothing to check)", code)
	}
	if code, _, _ := run(nil, "check"); code != 2 {
		t.Errorf("check without a target: exit %d, want 2", code)
	}
}

// stuck's PostProcess blocks, on a non-zero N, until unstick is closed.
type stuck struct{ N uint8 }

var unstick = make(chan struct{})

func (s *stuck) PostProcess(*rand.Rand) {
	if s.N != 0 {
		<-unstick
	}
}

// Regression: a hook that never returned hung CheckHooks (and so
// `structfuzz check`) forever. It must end with an error naming it.
func TestCheckHooksTimesOutOnAHungHook(t *testing.T) {
	defer close(unstick)
	h := harness.New(func(*stuck) {}, harness.Options{})
	in, _ := codec.Marshal(&stuck{N: 1})
	done := make(chan error, 1)
	go func() {
		done <- h.CheckHooks([]harness.CheckInput{{Name: "in", Data: in}}, harness.CheckOptions{HookTimeout: 100 * time.Millisecond})
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "did not return within 100ms") || !strings.Contains(err.Error(), "decoding input in did not return") {
			t.Fatalf("CheckHooks: %v, want an error naming the stuck step", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("CheckHooks did not return in a minute")
	}
}
