package mutator

import (
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
)

// Fewer useless shapes: a union's pointer variant is never a typed nil,
// and nil pointers and unions are possible but not the common case.

type sShape interface{ isShape() }

type sCircle struct{ R uint8 }
type sRect struct{ W, H int16 }

func (sCircle) isShape() {}
func (*sRect) isShape()  {}

func init() { codec.RegisterUnion[sShape](sCircle{}, &sRect{}) }

type sHolder struct {
	Shape sShape
	Ptr   *sCircle
}

func typedNil(s sShape) bool {
	r, ok := s.(*sRect)
	return ok && r == nil
}

// count is full, or reduced under -short.
func count(full, reduced int) int {
	if testing.Short() {
		return reduced
	}
	return full
}

func TestFreshShapes(t *testing.T) {
	p := planOf[sHolder](t)
	nilShape, nilPtr, rects := 0, 0, 0
	const n = 4000
	for seed := range uint64(n) {
		m := New(seed)
		var v sHolder
		m.fresh(p, reflect.ValueOf(&v).Elem(), 0, 1024)
		if typedNil(v.Shape) {
			t.Fatalf("seed %d: a fresh union holds a typed nil *sRect", seed)
		}
		if _, ok := v.Shape.(*sRect); ok {
			rects++
		}
		if v.Shape == nil {
			nilShape++
		}
		if v.Ptr == nil {
			nilPtr++
		}
	}
	if rects == 0 {
		t.Fatal("no fresh *sRect: the test checks nothing")
	}
	for _, c := range []struct {
		what string
		got  int
		want float64
	}{{"nil unions", nilShape, 0.125}, {"nil pointers", nilPtr, 0.25}} {
		if f := float64(c.got) / n; f < c.want-0.03 || f > c.want+0.03 {
			t.Errorf("%s: %.3f of fresh values, want about %.3f", c.what, f, c.want)
		}
	}
}

// No mutation turns a pointer variant into a typed nil; its pointee is
// mutated instead.
func TestMutationKeepsPointerVariants(t *testing.T) {
	changedInside := 0
	for seed := range uint64(count(3000, 300)) {
		m := New(seed)
		v := sHolder{Shape: &sRect{W: 1, H: 2}}
		if err := m.Mutate(&v, 64); err != nil {
			t.Fatal(err)
		}
		if typedNil(v.Shape) {
			t.Fatalf("seed %d: Mutate made a typed nil *sRect", seed)
		}
		if r, ok := v.Shape.(*sRect); ok && *r != (sRect{W: 1, H: 2}) {
			changedInside++
		}
	}
	if changedInside == 0 {
		t.Fatal("no mutation changed the pointee of a pointer variant")
	}
}

// hooked's Mutate hook marks every value it makes.
type hooked struct{ Mark, N uint8 }

func (h *hooked) Mutate(m *Mutator) {
	h.Mark = 7
	h.N = uint8(m.Rand().IntN(10))
}

// A fresh value of a type with a Mutate hook is the hook's: zero, then
// the hook. So is every element an insertion makes.
func TestFreshValuesOfHookedTypes(t *testing.T) {
	type list struct {
		Items []hooked `fuzz:"maxlen=20"`
		One   *hooked
	}
	grew := 0
	for seed := range uint64(count(2000, 200)) {
		m := New(seed)
		var v list
		if err := m.Mutate(&v, 256); err != nil {
			continue
		}
		if v.One != nil && v.One.Mark != 7 {
			t.Fatalf("seed %d: a fresh *hooked was not made by its hook: %+v", seed, *v.One)
		}
		for _, it := range v.Items {
			if it.Mark != 7 {
				t.Fatalf("seed %d: an inserted hooked was not made by its hook: %+v", seed, v.Items)
			}
			grew++
		}
		if _, err := codec.Marshal(&v); err != nil {
			t.Fatal(err)
		}
	}
	if grew == 0 {
		t.Fatal("no insertion: the test checks nothing")
	}
}

// rvHidden has a Mutate hook and is embedded, unexported, in rvOuter.
type rvHidden struct{ X uint8 }

func (h *rvHidden) Mutate(m *Mutator) { h.X = uint8(m.Rand().IntN(200)) }

type rvOuter struct {
	rvHidden
	Y uint8
}

// A fresh value of a hooked type embedded unexported is made by its hook
// and measured without reflect's objection (it panicked: found in
// review).
func TestFreshHookedUnexportedEmbedded(t *testing.T) {
	type list struct {
		L []rvOuter `fuzz:"maxlen=8"`
	}
	for seed := range uint64(200) {
		var v list
		m := New(seed)
		for range 5 {
			if err := m.Mutate(&v, 256); err != nil {
				break
			}
		}
	}
}

// mShrinkPanic's hook always panics: a shrinking attempt
// that ends in that panic must not leave the next call shrinking.
type mShrinkPanic struct{ N uint8 }

func (p *mShrinkPanic) Mutate(*Mutator) { panic("hook failed") }

func TestShrinkingDoesNotOutliveAPanic(t *testing.T) {
	type prog struct {
		Steps []uint16 `fuzz:"maxlen=64"`
		P     *mShrinkPanic
	}
	full := prog{P: &mShrinkPanic{}}
	for i := range 30 {
		full.Steps = append(full.Steps, uint16(i))
	}
	enc, err := codec.Marshal(&full)
	if err != nil {
		t.Fatal(err)
	}
	m := New(1)
	panicked := 0
	for seed := range uint64(50) {
		m.Seed(seed)
		v := full
		v.Steps = append([]uint16(nil), full.Steps...)
		func() {
			defer func() {
				if recover() != nil {
					panicked++
				}
			}()
			m.Mutate(&v, len(enc)) // at the limit: attempts often shrink
		}()
		// A call far from the limit never shrinks: it must give what a
		// new Mutator gives.
		a := prog{Steps: []uint16{1, 2, 3, 4, 5, 6, 7, 8}}
		b := prog{Steps: []uint16{1, 2, 3, 4, 5, 6, 7, 8}}
		m.Seed(99)
		errA := m.Mutate(&a, 1<<20)
		errB := New(99).Mutate(&b, 1<<20)
		ea, _ := codec.Marshal(&a)
		eb, _ := codec.Marshal(&b)
		if (errA == nil) != (errB == nil) || string(ea) != string(eb) {
			t.Fatalf("after seed %d: %v %v, %x against a new Mutator's %x", seed, a.Steps, b.Steps, ea, eb)
		}
	}
	if panicked == 0 {
		t.Fatal("the hook never panicked: the test checks nothing")
	}
}
