package harness_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
	"github.com/structfuzz/structfuzz/mutator"
)

// Hooks that misbehave, one per way a hook can fail.

// ppHigh panics in PostProcess once N is high: the mutation pipeline gets
// there after a few mutations, while the zero value post-processes fine.
type ppHigh struct{ N uint8 }

func (p *ppHigh) PostProcess(*rand.Rand) {
	if p.N >= 128 {
		panic("too high")
	}
}

// mutPanic's Mutate always panics.
type mutPanic struct{ N uint8 }

func (*mutPanic) Mutate(*mutator.Mutator) { panic(errors.New("mutate failed")) }

// crossPanic's CrossOver always panics.
type crossPanic struct{ N uint8 }

func (*crossPanic) CrossOver(*crossPanic, *rand.Rand) { panic("cross failed") }

// mutBreak's Mutate sets S past its max length.
type mutBreak struct {
	S string `fuzz:"maxlen=3"`
}

func (b *mutBreak) Mutate(*mutator.Mutator) { b.S = "far too long" }

// ppBreak's PostProcess sets S past its max length once N is odd.
type ppBreak struct {
	N uint8
	S string `fuzz:"maxlen=3"`
}

func (b *ppBreak) PostProcess(*rand.Rand) {
	if b.N%2 == 1 {
		b.S = "far too long"
	}
}

// outer's Mutate mutates its inner part, whose hook panics: the inner
// hook is the one named.
type outer struct{ In mutPanic }

func (o *outer) Mutate(m *mutator.Mutator) { m.MutateValue(o) }

// failure runs op and returns the HookFailure it panics with, or nil.
func failure(op func()) (f *harness.HookFailure) {
	defer func() {
		if r := recover(); r != nil {
			var ok bool
			if f, ok = r.(*harness.HookFailure); !ok {
				panic(r)
			}
		}
	}()
	op()
	return nil
}

// firstFailure mutates from start until a hook fails, and returns the
// failure and the last input before it.
func firstFailure[T any](t *testing.T, h *harness.Harness[T], start []byte) (*harness.HookFailure, []byte) {
	t.Helper()
	data := start
	for seed := uint64(1); seed < 5000; seed++ {
		var out []byte
		if f := failure(func() { out = h.Mutate(data, 64, seed) }); f != nil {
			return f, data
		}
		if out != nil {
			data = out
		}
	}
	t.Fatal("no hook failed in 5000 mutations")
	return nil, nil
}

// replayHigh replays the input of ppHigh's failure on a new harness.
func replayHigh(f *harness.HookFailure) *harness.HookFailure {
	h := harness.New(func(*ppHigh) {}, harness.Options{})
	return failure(func() { h.Run(f.Input) })
}

// highMsg starts the message of ppHigh's failure.
const highMsg = "structfuzz: PostProcess of harness_test.ppHigh panicked on {\"N\":"

func TestHookFailuresAreNamed(t *testing.T) {
	zero := func(v any) []byte {
		b, err := codec.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name  string
		fail  func(t *testing.T) *harness.HookFailure
		hook  string
		typ   string
		panic any    // want Panic, nil for a broken result
		msg   string // the message contains it
		redo  func(f *harness.HookFailure) *harness.HookFailure
		value string // Value contains it
	}{
		{
			name: "PostProcess panics after a mutation",
			fail: func(t *testing.T) *harness.HookFailure {
				f, _ := firstFailure(t, harness.New(func(*ppHigh) {}, harness.Options{}), zero(&ppHigh{}))
				return f
			},
			hook: "PostProcess", typ: "*harness_test.ppHigh", panic: "too high", msg: highMsg, redo: replayHigh,
		},
		{
			name: "PostProcess panics after a byte-level mutation",
			fail: func(t *testing.T) *harness.HookFailure {
				h := harness.FixByteShare(harness.New(func(*ppHigh) {}, harness.Options{}), 1)
				f, _ := firstFailure(t, h, zero(&ppHigh{}))
				return f
			},
			hook: "PostProcess", typ: "*harness_test.ppHigh", panic: "too high", msg: highMsg, redo: replayHigh,
		},
		{
			name: "PostProcess panics after a byte splice",
			fail: func(t *testing.T) *harness.HookFailure {
				h := harness.FixByteShare(harness.New(func(*ppHigh) {}, harness.Options{}), 1)
				for seed := range uint64(5000) {
					if f := failure(func() { h.CrossOver([]byte{1}, []byte{200, 3}, 64, seed) }); f != nil {
						return f
					}
				}
				return nil
			},
			hook: "PostProcess", typ: "*harness_test.ppHigh", panic: "too high", msg: highMsg, redo: replayHigh,
		},
		{
			name: "Mutate panics",
			fail: func(t *testing.T) *harness.HookFailure {
				f, _ := firstFailure(t, harness.New(func(*mutPanic) {}, harness.Options{}), zero(&mutPanic{N: 3}))
				return f
			},
			hook: "Mutate", typ: "*harness_test.mutPanic", panic: errors.New("mutate failed"),
			msg: `structfuzz: Mutate of harness_test.mutPanic panicked on {"N":3}: mutate failed`,
			redo: func(f *harness.HookFailure) *harness.HookFailure {
				h := harness.New(func(*mutPanic) {}, harness.Options{})
				return failure(func() { h.Mutate(f.Input, f.MaxSize, f.Seed) })
			},
		},
		{
			name: "a nested Mutate hook panics",
			fail: func(t *testing.T) *harness.HookFailure {
				f, _ := firstFailure(t, harness.New(func(*outer) {}, harness.Options{}), zero(&outer{}))
				return f
			},
			hook: "Mutate", typ: "*harness_test.mutPanic", panic: errors.New("mutate failed"),
			msg: "Mutate of harness_test.mutPanic panicked",
		},
		{
			name: "CrossOver panics",
			fail: func(t *testing.T) *harness.HookFailure {
				h := harness.New(func(*crossPanic) {}, harness.Options{})
				return failure(func() { h.CrossOver(zero(&crossPanic{N: 1}), zero(&crossPanic{N: 2}), 64, 9) })
			},
			hook: "CrossOver", typ: "*harness_test.crossPanic", panic: "cross failed",
			msg: `structfuzz: CrossOver of harness_test.crossPanic panicked on {"N":1}: cross failed`,
			redo: func(f *harness.HookFailure) *harness.HookFailure {
				h := harness.New(func(*crossPanic) {}, harness.Options{})
				return failure(func() { h.CrossOver(f.Input, f.Other, f.MaxSize, f.Seed) })
			},
		},
		{
			name: "Mutate breaks a tag",
			fail: func(t *testing.T) *harness.HookFailure {
				f, _ := firstFailure(t, harness.New(func(*mutBreak) {}, harness.Options{}), zero(&mutBreak{}))
				return f
			},
			hook: "Mutate", typ: "*harness_test.mutBreak",
			msg:   "structfuzz: Mutate of harness_test.mutBreak returned a value that breaks its type's tags: ",
			value: `"far too long"`,
		},
		{
			name: "PostProcess breaks a tag",
			fail: func(t *testing.T) *harness.HookFailure {
				f, _ := firstFailure(t, harness.New(func(*ppBreak) {}, harness.Options{}), zero(&ppBreak{}))
				return f
			},
			hook: "PostProcess", typ: "*harness_test.ppBreak",
			msg:   "structfuzz: PostProcess of harness_test.ppBreak returned a value that breaks its type's tags: ",
			value: `"far too long"`,
			redo: func(f *harness.HookFailure) *harness.HookFailure {
				h := harness.New(func(*ppBreak) {}, harness.Options{})
				return failure(func() { h.Run(f.Input) })
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fail(t)
			if f == nil {
				t.Fatal("no HookFailure")
			}
			if f.Hook != tc.hook || "*"+strings.TrimPrefix(f.Type, "*") != tc.typ {
				t.Errorf("Hook %q of %q, want %q of %q", f.Hook, f.Type, tc.hook, tc.typ)
			}
			if tc.panic != nil && !reflect.DeepEqual(f.Panic, tc.panic) {
				t.Errorf("Panic %#v, want %#v", f.Panic, tc.panic)
			}
			if tc.panic == nil && (f.Panic != nil || f.Err == nil) {
				t.Errorf("a broken result: Panic %v, Err %v", f.Panic, f.Err)
			}
			if !strings.Contains(f.Error(), tc.msg) {
				t.Errorf("message %q does not contain %q", f.Error(), tc.msg)
			}
			if !strings.Contains(f.Value, tc.value) {
				t.Errorf("Value %q does not contain %q", f.Value, tc.value)
			}
			if f.Panic != nil && len(f.Stack) == 0 {
				t.Error("no stack")
			}
			if f.Input == nil {
				t.Fatal("no input to reproduce it")
			}
			if tc.redo != nil {
				again := tc.redo(f)
				if again == nil {
					t.Fatalf("the input %x does not reproduce the failure (%s)", f.Input, f.Reproduce())
				}
				if again.Hook != f.Hook || again.Type != f.Type {
					t.Errorf("reproduced %v, want %v", again, f)
				}
			}
		})
	}
}

// TestHookFailureLeavesNoStaleValue checks that after a hook fails, the
// value the pipeline had cached (which the hook left half-changed) is not
// handed to the target for the bytes it was cached under.
func TestHookFailureLeavesNoStaleValue(t *testing.T) {
	var got []*ppHigh
	var failures []*harness.HookFailure
	h := harness.New(func(p *ppHigh) { got = append(got, p) }, harness.Options{
		OnHookFailure: func(f *harness.HookFailure) { failures = append(failures, f) },
	})
	data, _ := codec.Marshal(&ppHigh{})
	for seed := uint64(1); len(failures) == 0; seed++ {
		if seed > 5000 {
			t.Fatal("no failure in 5000 mutations")
		}
		out := h.Mutate(data, 64, seed)
		if len(failures) > 0 {
			if out != nil {
				t.Fatalf("a failed mutation returned %x", out)
			}
			break
		}
		if out != nil {
			data = out
		}
	}
	// The failure's input is its own: later mutations do not rewrite it.
	kept := bytes.Clone(failures[0].Input)
	zero, _ := codec.Marshal(&ppHigh{})
	for seed := uint64(1); seed <= 200; seed++ {
		h.Mutate(zero, 64, seed)
	}
	if !bytes.Equal(failures[0].Input, kept) {
		t.Fatalf("the failure's Input changed from %x to %x after more mutations", kept, failures[0].Input)
	}
	// data is the last good output; the failing mutation started from its
	// cached value.
	h.Run(data)
	want := new(ppHigh)
	if err := codec.Unmarshal(data, want); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || *got[0] != *want {
		t.Fatalf("the target got %+v for %x, which encodes %+v", got, data, want)
	}
}

// hang's Mutate blocks until release is closed.
type hang struct{ N uint8 }

var release = make(chan struct{})

func (*hang) Mutate(*mutator.Mutator) { <-release }

func TestWatchdogNamesAHookThatDoesNotReturn(t *testing.T) {
	found := make(chan *harness.HookFailure, 1)
	h := harness.New(func(*hang) {}, harness.Options{
		HookTimeout:   100 * time.Millisecond,
		OnHookFailure: func(f *harness.HookFailure) { found <- f; close(release) },
	})
	data, _ := codec.Marshal(&hang{N: 5})
	h.Mutate(data, 64, 1)
	var f *harness.HookFailure
	select {
	case f = <-found:
	default:
		t.Fatal("Mutate returned without the watchdog firing")
	}
	if f.Hook != "Mutate" || f.Op != "Mutate" || f.Timeout != 100*time.Millisecond {
		t.Errorf("Hook %q Op %q Timeout %v", f.Hook, f.Op, f.Timeout)
	}
	if !strings.Contains(f.Type, "harness_test.(*hang).Mutate at ") || !strings.Contains(f.Type, "hookfail_test.go:") {
		t.Errorf("Type %q does not name the hook and its line", f.Type)
	}
	if !strings.Contains(f.Error(), "a Mutate hook did not return within 100ms: github.com/structfuzz/structfuzz/harness_test.(*hang).Mutate at ") {
		t.Errorf("message %q", f.Error())
	}
	if !bytes.Equal(f.Input, data) {
		t.Errorf("Input %x, want %x", f.Input, data)
	}
}
