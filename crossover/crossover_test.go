package crossover_test

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/crossover"
	"github.com/structfuzz/structfuzz/hook"
	"github.com/structfuzz/structfuzz/internal/hookfault"
	"github.com/structfuzz/structfuzz/mutator"
)

type xShape interface{ isX() }

type xCircle struct{ R uint16 }

type xRect struct{ W, H int8 }

func (xCircle) isX() {}
func (*xRect) isX()  {}

type xItem struct {
	ID   uint16
	Name string `fuzz:"maxlen=8"`
}

type xDoc struct {
	Version uint8
	Items   []xItem `fuzz:"maxlen=16"`
	Index   map[uint8]xItem
	Shape   xShape
	Next    *xDoc
}

func init() { codec.RegisterUnion[xShape](xCircle{}, &xRect{}) }

// deepCopy copies through the codec: Cross changes dst in place, shared
// parts included.
func deepCopy(t testing.TB, v xDoc) xDoc {
	t.Helper()
	b, err := codec.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var c xDoc
	if err := codec.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// parents returns two different random documents made by the mutator.
func parents(t testing.TB, seed uint64) (a, b xDoc) {
	t.Helper()
	m := mutator.New(seed)
	for _, v := range []*xDoc{&a, &b} {
		for range 25 {
			if err := m.Mutate(v, 1024); err != nil && !errors.Is(err, mutator.ErrNoMutation) {
				t.Fatal(err)
			}
		}
	}
	return a, b
}

func TestCrossMakesAChildOfBoth(t *testing.T) {
	const runs = 1000
	copies := 0
	for i := range runs {
		a, b := parents(t, uint64(i))
		ea, _ := codec.Marshal(a)
		eb, _ := codec.Marshal(b)
		if bytes.Equal(ea, eb) {
			continue
		}
		child := deepCopy(t, a)
		err := crossover.Cross(&child, &b, uint64(i), 4096)
		if errors.Is(err, crossover.ErrNoChild) {
			copies++
			if ec, _ := codec.Marshal(child); !bytes.Equal(ec, ea) {
				t.Fatalf("run %d: ErrNoChild but dst changed", i)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		ec, err := codec.Marshal(child)
		if err != nil {
			t.Fatalf("run %d: child does not encode: %v", i, err)
		}
		if len(ec) > 4096 || bytes.Equal(ec, ea) || bytes.Equal(ec, eb) {
			t.Fatalf("run %d: child of %d bytes equals a parent or is too large", i, len(ec))
		}
		// The second parent is untouched.
		if eb2, _ := codec.Marshal(b); !bytes.Equal(eb, eb2) {
			t.Fatalf("run %d: the second parent changed", i)
		}
	}
	t.Logf("crossover returned a parent in %d of %d runs", copies, runs)
	if copies*10 >= runs {
		t.Fatalf("crossover gave up in %d of %d runs, want < 10%%", copies, runs)
	}
}

func TestCrossDeterministic(t *testing.T) {
	for i := range 200 {
		a, b := parents(t, uint64(i))
		c1, c2 := deepCopy(t, a), deepCopy(t, a)
		err1 := crossover.Cross(&c1, &b, 99, 2048)
		err2 := crossover.Cross(&c2, &b, 99, 2048)
		e1, _ := codec.Marshal(c1)
		e2, _ := codec.Marshal(c2)
		if !errors.Is(err1, err2) || !bytes.Equal(e1, e2) {
			t.Fatalf("run %d: same seed, different children", i)
		}
	}
}

func TestCrossRespectsMaxSize(t *testing.T) {
	for i := range 500 {
		a, b := parents(t, uint64(i))
		ea, _ := codec.Marshal(a)
		limit := len(ea) + 8
		if err := crossover.Cross(&a, &b, uint64(i), limit); err != nil {
			continue
		}
		if ec, _ := codec.Marshal(a); len(ec) > limit {
			t.Fatalf("run %d: child of %d bytes over the limit %d", i, len(ec), limit)
		}
	}
}

func TestCrossErrors(t *testing.T) {
	var a xDoc
	var other xItem
	cases := []struct {
		name     string
		dst, src any
	}{
		{"not pointers", a, a},
		{"nil pointer", (*xDoc)(nil), &a},
		{"different types", &a, &other},
	}
	for _, c := range cases {
		if err := (crossover.Options{}).Cross(c.dst, c.src, 1, 100); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	b := a
	if err := crossover.Cross(&a, &b, 1, 100); !errors.Is(err, crossover.ErrNoChild) {
		t.Errorf("equal parents: err = %v, want ErrNoChild", err)
	}
}

// xGenome has a CrossOver method: a one-point crossover of its genes.
type xGenome struct {
	Genes []uint8 `fuzz:"len=8"`
}

var genomeCalls int

func (g *xGenome) CrossOver(other *xGenome, r *rand.Rand) {
	genomeCalls++
	cut := 1 + r.IntN(len(g.Genes)-1)
	copy(g.Genes[cut:], other.Genes[cut:])
}

type xPair struct{ A, B xGenome }

func TestCrossOverMethodHook(t *testing.T) {
	genomeCalls = 0
	a := xPair{A: xGenome{Genes: make([]uint8, 8)}, B: xGenome{Genes: make([]uint8, 8)}}
	b := xPair{A: xGenome{Genes: bytes.Repeat([]byte{1}, 8)}, B: xGenome{Genes: bytes.Repeat([]byte{2}, 8)}}
	for i := range 50 {
		c := a
		c.A.Genes, c.B.Genes = bytes.Clone(a.A.Genes), bytes.Clone(a.B.Genes)
		if err := crossover.Cross(&c, &b, uint64(i), 100); err != nil {
			t.Fatal(err)
		}
		for _, g := range [][]uint8{c.A.Genes, c.B.Genes} {
			// A one-point crossover leaves a prefix of zeros and a suffix
			// from the donor (1s or 2s), or the whole genome replaced.
			seen := false
			for _, x := range g {
				if x != 0 {
					seen = true
				} else if seen {
					t.Fatalf("genes %v are not a one-point crossover", g)
				}
			}
		}
	}
	if genomeCalls == 0 {
		t.Fatal("the CrossOver method was never called")
	}
}

// xStamp stands for a type the user does not own.
type xStamp struct{ Sec, Nsec uint32 }

type xLog struct{ When []xStamp }

func TestRegisteredCrossOver(t *testing.T) {
	calls := 0
	crossover.Register(func(dst, donor *xStamp, _ hook.Context) {
		calls++
		dst.Sec = donor.Sec // take the seconds, keep the nanoseconds
	})
	a := xLog{When: []xStamp{{1, 1}, {2, 2}}}
	b := xLog{When: []xStamp{{7, 7}}}
	for i := range 40 {
		c := xLog{When: append([]xStamp(nil), a.When...)}
		if err := crossover.Cross(&c, &b, uint64(i), 100); err != nil {
			t.Fatal(err)
		}
		for _, s := range c.When {
			if s.Nsec == 7 && s.Sec != 7 {
				t.Fatalf("stamp %+v: the registered function should keep Nsec", s)
			}
		}
	}
	if calls == 0 {
		t.Fatal("the registered function was never called")
	}
}

type xHidden struct{ A, B uint8 }

type xEmbeds struct {
	xHidden
	C uint8
}

// The exported fields promoted from an unexported embedded struct are
// crossed over like any others, without reflect's read-only panics.
func TestCrossUnexportedEmbedded(t *testing.T) {
	b := xEmbeds{xHidden{7, 8}, 9}
	changed := 0
	for i := range 100 {
		a := xEmbeds{xHidden{1, 2}, 3}
		if err := crossover.Cross(&a, &b, uint64(i), 64); err != nil {
			t.Fatal(err)
		}
		if a.A == 7 || a.B == 8 {
			changed++
		}
	}
	if changed == 0 {
		t.Fatal("the embedded fields never took a donor's values")
	}
}

type xFloats struct {
	M map[float64]uint8
}

// A NaN key cannot be looked up: crossover must take map values from the
// iteration, not from lookups (it once panicked here).
func TestCrossNaNMapKeys(t *testing.T) {
	nan := math.NaN()
	b := xFloats{M: map[float64]uint8{nan: 1, 2: 2}}
	for i := range 200 {
		a := xFloats{M: map[float64]uint8{nan: 3, 5: 4, 6: 7}}
		err := crossover.Cross(&a, &b, uint64(i), 256)
		if err != nil && !errors.Is(err, crossover.ErrNoChild) {
			t.Fatal(err)
		}
		if _, err := codec.Marshal(a); err != nil {
			t.Fatalf("run %d: the child does not encode: %v", i, err)
		}
	}
}

// xTally's CrossOver has a value receiver: the map it shares with the
// value takes the donor's entries.
type xTally map[string]uint8

func (t xTally) CrossOver(other *xTally, r *rand.Rand) {
	for k, v := range *other {
		t[k] = v + 100
	}
}

// xBomb's CrossOver panics.
type xBomb struct{ N uint8 }

func (b *xBomb) CrossOver(other *xBomb, r *rand.Rand) { panic("boom") }

type (
	xTallies struct{ T []xTally }
	xBombs   struct{ B []xBomb }
)

// Hook methods are called through the function the plan found, on the
// receiver it recorded; a panic is reported as the hook's.
func TestCrossOverHookReceivers(t *testing.T) {
	tests := []struct {
		name     string
		dst, src any
		// hooked reports whether the hook made the child, which holds
		// nothing else the hook could have left; nil for a hook that
		// panics.
		hooked    func(child any) bool
		wantPanic string // the hook's type, when it panics
	}{
		{"value receiver on a map", &xTallies{T: []xTally{{"a": 1}}}, &xTallies{T: []xTally{{"b": 2}}},
			func(child any) bool {
				for _, tl := range child.(*xTallies).T {
					if tl["b"] == 102 {
						return true
					}
				}
				return false
			}, ""},
		{"pointer receiver that panics", &xBombs{B: []xBomb{{1}}}, &xBombs{B: []xBomb{{2}}}, nil, "crossover_test.xBomb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hooked := false
			for seed := range uint64(40) {
				dst := reflect.New(reflect.TypeOf(tt.dst).Elem())
				if err := codec.Unmarshal(mustMarshal(t, tt.dst), dst.Interface()); err != nil {
					t.Fatal(err)
				}
				fault := func() (f any) {
					defer func() { f = recover() }()
					if err := (crossover.Options{}).Cross(dst.Interface(), tt.src, seed, 1000); err != nil && !errors.Is(err, crossover.ErrNoChild) {
						t.Fatal(err)
					}
					return nil
				}()
				switch {
				case tt.wantPanic == "" && fault != nil:
					t.Fatalf("seed %d: panic %v", seed, fault)
				case tt.wantPanic == "":
					hooked = hooked || tt.hooked(dst.Interface())
				case fault != nil:
					f, ok := fault.(*hookfault.Fault)
					if !ok || f.Hook != "CrossOver" || f.Type.String() != tt.wantPanic || f.Panic != "boom" {
						t.Fatalf("panic %#v, want a *hookfault.Fault of CrossOver of %s with boom", fault, tt.wantPanic)
					}
					hooked = true
				}
			}
			if !hooked {
				t.Fatal("no seed called the hook")
			}
		})
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := codec.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type xHiddenU struct {
	S xShape
	N uint8
}

type xEmbedsU struct {
	xHiddenU
	Z uint8
}

// A union reached through an unexported embedded struct: its content is
// read without the restriction, for counting and crossing alike.
func TestCrossUnionInUnexportedEmbedded(t *testing.T) {
	b := xEmbedsU{xHiddenU{xCircle{R: 9}, 7}, 5}
	changed := 0
	for i := range 200 {
		a := xEmbedsU{xHiddenU{&xRect{W: 1, H: 2}, 1}, 1}
		if err := crossover.Cross(&a, &b, uint64(i), 64); err != nil && !errors.Is(err, crossover.ErrNoChild) {
			t.Fatal(err)
		}
		if c, ok := a.S.(xCircle); ok && c.R == 9 {
			changed++
		}
	}
	if changed == 0 {
		t.Fatal("the union never took the donor's variant")
	}
}
