package walk_test

import (
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/walk"
	"github.com/structfuzz/structfuzz/mutator"
)

func ExampleEntries() {
	m := map[string]int{"bb": 2, "a": 1, "c": 3}
	p, _ := plan.For(reflect.TypeOf(m))
	for _, e := range walk.Entries(codec.Options{}, p, reflect.ValueOf(m)) {
		fmt.Print(e.K, "=", e.V, " ")
	}
	fmt.Println()
	// Output: a=1 c=3 bb=2
}

type wNode struct {
	Label []byte
	Next  *wNode
}

func TestCloneSharesNothing(t *testing.T) {
	orig := wNode{Label: []byte("x"), Next: &wNode{Label: []byte("y")}}
	p, err := plan.For(reflect.TypeFor[wNode]())
	if err != nil {
		t.Fatal(err)
	}
	c, err := walk.Clone(codec.Options{}, p, reflect.ValueOf(orig))
	if err != nil {
		t.Fatal(err)
	}
	cp := c.Interface().(wNode)
	if !reflect.DeepEqual(cp, orig) {
		t.Fatalf("clone %+v differs from %+v", cp, orig)
	}
	cp.Label[0], cp.Next.Label[0] = 'X', 'Y'
	if string(orig.Label) != "x" || string(orig.Next.Label) != "y" {
		t.Fatal("the clone shares memory with the original")
	}
}

func TestInsertAt(t *testing.T) {
	for at := 0; at <= 3; at++ {
		orig := []int{1, 2, 3}
		v := reflect.ValueOf(&orig).Elem()
		before := orig
		walk.InsertAt(v, at, reflect.ValueOf(9))
		want := append(append(append([]int{}, before[:at]...), 9), before[at:]...)
		if !reflect.DeepEqual(orig, want) {
			t.Errorf("at %d: %v, want %v", at, orig, want)
		}
		if before[0] != 1 || before[2] != 3 {
			t.Errorf("at %d: the old backing array changed", at)
		}
	}
}

type samePair struct {
	A uint8
	B uint32
}

// addrOf returns an addressable copy of v, of type T.
func addrOf[T any](v T) reflect.Value { return reflect.ValueOf(&v).Elem() }

// Same says true only for values that encode alike, and false when it
// cannot tell cheaply; never true for values that differ.
func TestSame(t *testing.T) {
	one := 1
	for _, tc := range []struct {
		name string
		a, b reflect.Value
		want bool
	}{
		{"equal plain structs", addrOf(samePair{1, 2}), addrOf(samePair{1, 2}), true},
		{"plain structs differ", addrOf(samePair{1, 2}), addrOf(samePair{1, 3}), false},
		{"zero-size", addrOf(struct{}{}), addrOf(struct{}{}), true},
		{"equal plain, one unaddressable", addrOf(samePair{1, 2}), reflect.ValueOf(samePair{1, 2}), true},
		{"equal strings", reflect.ValueOf("ab"), addrOf("ab"), true},
		{"strings differ", addrOf("ab"), addrOf("abc"), false},
		{"equal byte slices", addrOf([]byte("xy")), addrOf([]byte("xy")), true},
		{"byte slices differ", addrOf([]byte("xy")), addrOf([]byte("xz")), false},
		{"nil and empty byte slices", addrOf([]byte(nil)), addrOf([]byte{}), false},
		{"nil byte slices", addrOf([]byte(nil)), addrOf([]byte(nil)), true},
		{"empty byte slices", addrOf([]byte{}), addrOf([]byte{}), true},
		{"floats -0 and +0", addrOf(math.Copysign(0, -1)), addrOf(0.0), false},
		{"equal pointers", addrOf(&one), addrOf(new(int)), false},
		{"pointers to equal values", addrOf(&one), addrOf(func() *int { n := 1; return &n }()), true},
		{"nil and non-nil pointers", addrOf((*int)(nil)), addrOf(&one), false},
		{"equal int slices", addrOf([]int{1, 2}), reflect.ValueOf([]int{1, 2}), true},
		{"int slices differ in length", addrOf([]int{1, 2}), addrOf([]int{1}), false},
		{"nil and empty int slices", addrOf([]int(nil)), addrOf([]int{}), false},
		{"equal unions", addrOf(cShape(cCircle{R: 3})), addrOf(cShape(cCircle{R: 3})), true},
		{"unions of other variants", addrOf(cShape(cCircle{})), addrOf(cShape(cPoly{})), false},
		{"unions differ inside", addrOf(cShape(cPoly{Tag: "a"})), addrOf(cShape(cPoly{Tag: "b"})), false},
		{"nil unions", addrOf(cShape(nil)), addrOf(cShape(nil)), true},
		{"equal maps: cannot tell", addrOf(map[int]int{1: 1}), addrOf(map[int]int{1: 1}), false},
		{"unexported field not encoded differs", addrOf(cKey{A: 1, b: 1}), addrOf(cKey{A: 1}), true},
		{"nil maps", addrOf(map[int]int(nil)), addrOf(map[int]int(nil)), true},
		{"nil and empty maps", addrOf(map[int]int(nil)), addrOf(map[int]int{}), false},
		{"opaque: cannot tell", addrOf(time.Unix(1, 0)), addrOf(time.Unix(1, 0)), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := plan.For(tc.b.Type())
			if err != nil {
				t.Fatal(err)
			}
			if got := walk.Same(p, tc.a, tc.b); got != tc.want {
				t.Fatalf("Same = %v, want %v", got, tc.want)
			}
			if tc.want {
				ea, _ := codec.Marshal(tc.a.Interface())
				eb, _ := codec.Marshal(tc.b.Interface())
				if string(ea) != string(eb) {
					t.Fatalf("Same, but the encodings differ: %x and %x", ea, eb)
				}
			}
		})
	}
}

// sTree is cTree without what Same cannot tell (opaque values, maps).
type sTree struct {
	Name  string
	Kids  []*sTree
	Shape sShape
	Grid  [2][]int16
	Opt   *int32
	cHidden
	Flats []cFlat
	Raw   []byte
	F     float32
}

// sShape is a union of sTree's parts.
type sShape interface{ isS() }

func (cCircle) isS() {}
func (cPoly) isS()   {}
func (*sTree) isS()  {}

func init() { codec.RegisterUnion[sShape](cCircle{}, cPoly{}, (*sTree)(nil)) }

// Same says true for a copy of a tree, and false for a tree and each
// mutant of it (one change somewhere, which changes the encoding): the
// trees the mutator grows from one tree.
func TestSameMeansSameEncoding(t *testing.T) {
	p, err := plan.For(reflect.TypeFor[sTree]())
	if err != nil {
		t.Fatal(err)
	}
	copyOf := func(v *sTree) (*sTree, []byte) {
		enc, _ := codec.Marshal(v)
		c := new(sTree)
		if err := codec.Unmarshal(enc, c); err != nil {
			t.Fatal(err)
		}
		return c, enc
	}
	same := func(a, b *sTree) bool { return walk.Same(p, reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()) }
	m := mutator.New(1)
	trees := []*sTree{{Name: "a", Kids: []*sTree{{Name: "b"}}, Shape: cCircle{R: 1}}}
	for i := range 2000 {
		parent := trees[i%len(trees)]
		c, enc := copyOf(parent)
		if !same(parent, c) {
			t.Fatalf("a tree and its copy are not the same: %x", enc)
		}
		if m.Mutate(c, 512) != nil {
			continue
		}
		if out, _ := codec.Marshal(c); string(out) != string(enc) && same(parent, c) {
			t.Fatalf("a tree and its mutant are the same:\n%x\n%x", enc, out)
		}
		trees = append(trees, c)
	}
}
