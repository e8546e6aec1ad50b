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
