package walk_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// Types for Clone: every kind of plan, fields the codec does not encode,
// recursion through pointers, slices and a union.
type (
	cShape  interface{ isC() }
	cCircle struct{ R uint16 }
	cPoly   struct {
		Pts [][2]int8
		Tag string
	}
	cOther struct{ N int } // implements cShape, never registered
	cKey   struct {
		A int8
		b int8 // not encoded: keys with b set collapse in a copy
	}
	cHidden struct {
		X uint8
		y uint8
	}
	cFlat struct{ A, B int16 }
	cTree struct {
		Name  string
		Kids  []*cTree
		Attrs map[string][]byte
		Keyed map[cKey]uint16
		Shape cShape
		Grid  [2][]int16
		Opt   *int32
		Stamp time.Time // marshals itself
		cHidden
		Skip  int `fuzz:"-"`
		priv  []int
		Flats []cFlat
		Raw   []byte
		Empty []uint32
	}
)

func (cCircle) isC() {}
func (cPoly) isC()   {}
func (cOther) isC()  {}
func (*cTree) isC()  {}

func init() {
	codec.RegisterUnion[cShape](cCircle{}, cPoly{}, (*cTree)(nil))
}

// cloneByCodec is the Clone this package had before: through an encoding
// and a decoding. The new one must give the same values.
func cloneByCodec(o codec.Options, p *plan.Plan, src reflect.Value) (reflect.Value, error) {
	tmp := reflect.New(p.Type)
	if src.CanAddr() {
		src = walk.Unrestricted(src)
	}
	tmp.Elem().Set(src)
	if p.Flat {
		return tmp.Elem(), nil
	}
	b, err := o.Marshal(tmp.Interface())
	if err != nil {
		return reflect.Value{}, err
	}
	out := reflect.New(p.Type)
	if err := o.Unmarshal(b, out.Interface()); err != nil {
		return reflect.Value{}, err
	}
	return out.Elem(), nil
}

func int32p(n int32) *int32 { return &n }

// fullTree is a value with every part set, the hidden ones included.
func fullTree() cTree {
	leaf := &cTree{Name: "leaf", Raw: []byte{}, Shape: cCircle{R: 3}, priv: []int{1}, Skip: 5}
	return cTree{
		Name:    "root",
		Kids:    []*cTree{leaf, nil, {Name: "k", Shape: (*cTree)(nil)}},
		Attrs:   map[string][]byte{"a": {1, 2}, "nil": nil, "empty": {}},
		Keyed:   map[cKey]uint16{{A: 1, b: 9}: 10, {A: -2}: 20},
		Shape:   cPoly{Pts: [][2]int8{{1, 2}, {3, 4}}, Tag: "p"},
		Grid:    [2][]int16{{7}, nil},
		Opt:     int32p(-4),
		Stamp:   time.Date(2024, 5, 6, 7, 8, 9, 10, time.UTC),
		cHidden: cHidden{X: 1, y: 2},
		Skip:    3,
		priv:    []int{4},
		Flats:   []cFlat{{1, 2}, {3, 4}},
		Raw:     []byte("raw"),
		Empty:   []uint32{},
	}
}

// scribble overwrites every number, string and bool that v can reach and
// change, so that a value sharing memory with v shows it.
func scribble(v reflect.Value, seen map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		scribble(v.Elem(), seen)
	case reflect.Interface:
		if !v.IsNil() {
			scribble(v.Elem(), seen)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			scribble(v.Index(i), seen)
		}
	case reflect.Map:
		if v.CanSet() || v.Len() > 0 {
			v.Clear()
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() || v.Type().Field(i).Anonymous {
				scribble(v.Field(i), seen)
			}
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.CanSet() {
			v.SetInt(0x55)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if v.CanSet() {
			v.SetUint(0x55)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString("scribbled")
		}
	}
}

// checkClone clones v with both Clones and checks that they agree, that
// the copy encodes as v does, and that it shares nothing with v.
func checkClone(t *testing.T, o codec.Options, v any) reflect.Value {
	t.Helper()
	rv := reflect.ValueOf(v).Elem()
	p, err := plan.For(rv.Type())
	if err != nil {
		t.Fatal(err)
	}
	want, err := o.Marshal(v)
	if err != nil {
		t.Fatalf("the value does not encode: %v", err)
	}
	got, err := walk.Clone(o, p, rv)
	if err != nil {
		t.Fatalf("Clone: %v", err)
	}
	old, err := cloneByCodec(o, p, rv)
	if err != nil {
		t.Fatalf("the old Clone: %v", err)
	}
	if !reflect.DeepEqual(got.Interface(), old.Interface()) {
		t.Fatalf("Clone gives\n%#v\nthe old Clone\n%#v", got.Interface(), old.Interface())
	}
	cp := reflect.New(p.Type)
	cp.Elem().Set(got)
	enc, err := o.Marshal(cp.Interface())
	if err != nil || !bytes.Equal(enc, want) {
		t.Fatalf("the copy encodes to %x, %v; the value to %x", enc, err, want)
	}
	// Change every part of another copy (this one is returned intact).
	other, err := walk.Clone(o, p, rv)
	if err != nil {
		t.Fatalf("Clone again: %v", err)
	}
	sp := reflect.New(p.Type)
	sp.Elem().Set(other)
	scribble(sp, map[uintptr]bool{})
	if after, _ := o.Marshal(v); !bytes.Equal(after, want) {
		t.Fatal("changing the copy changed the value: they share memory")
	}
	return got
}

func TestCloneAsTheCodec(t *testing.T) {
	tests := []struct {
		name string
		v    any // a pointer to the value
	}{
		{"full tree", func() any { v := fullTree(); return &v }()},
		{"zero tree", &cTree{}},
		{"union holding a tree", func() any { var s cShape = &cTree{Name: "in", priv: []int{1}}; return &s }()},
		{"nil union", new(cShape)},
		{"map with hidden key fields", &map[cKey][]cHidden{{A: 1, b: 2}: {{X: 3, y: 4}}}},
		{"slice of trees", &[]cTree{fullTree(), {}}},
		{"flat", &cFlat{1, 2}},
		{"nil slice", new([]*cTree)},
		{"opaque", func() any { v := time.Date(2001, 2, 3, 4, 5, 6, 7, time.FixedZone("x", 3600)); return &v }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkClone(t, codec.Options{}, tt.v)
		})
	}
}

// What the codec does not encode is zero in the copy; nil and empty stay
// apart.
func TestCloneLeavesOutWhatTheCodecDoes(t *testing.T) {
	v := fullTree()
	c := checkClone(t, codec.Options{}, &v).Interface().(cTree)
	tests := []struct {
		name string
		ok   bool
	}{
		{"skipped field", c.Skip == 0},
		{"unexported field", c.priv == nil},
		{"unexported field of an embedded struct", c.y == 0 && c.X == 1},
		{"unexported fields below", c.Kids[0].priv == nil && c.Kids[0].Skip == 0},
		{"unexported field of a map key", c.Keyed[cKey{A: 1}] == 10},
		{"nil element", c.Kids[1] == nil},
		{"nil and empty byte slices", c.Attrs["nil"] == nil && c.Attrs["empty"] != nil && c.Kids[0].Raw != nil},
		{"empty slice", c.Empty != nil && len(c.Empty) == 0},
		{"nil slice in an array", c.Grid[1] == nil && c.Grid[0][0] == 7},
		{"nil pointer variant", c.Kids[2].Shape != nil && c.Kids[2].Shape.(*cTree) == nil},
		{"opaque", c.Stamp.Equal(v.Stamp)},
	}
	for _, tt := range tests {
		if !tt.ok {
			t.Errorf("%s: wrong in the copy %+v", tt.name, c)
		}
	}
}

// Clone fails where encoding fails on depth (a cyclic value ends, it does
// not hang) and on an unregistered union variant.
func TestCloneErrors(t *testing.T) {
	chain := func(n int) *wNode {
		var head *wNode
		for range n {
			head = &wNode{Next: head}
		}
		return head
	}
	cyclic := &wNode{Label: []byte("loop")}
	cyclic.Next = cyclic
	p, err := plan.For(reflect.TypeFor[wNode]())
	if err != nil {
		t.Fatal(err)
	}
	sp, err := plan.For(reflect.TypeFor[cShape]())
	if err != nil {
		t.Fatal(err)
	}
	var other cShape = cOther{1}
	tests := []struct {
		name    string
		o       codec.Options
		p       *plan.Plan
		v       reflect.Value
		wantErr error // nil: no error
	}{
		{"at the limit", codec.Options{MaxDepth: 5}, p, reflect.ValueOf(*chain(6)), nil},
		{"past the limit", codec.Options{MaxDepth: 5}, p, reflect.ValueOf(*chain(7)), codec.ErrDepth},
		{"default limit", codec.Options{}, p, reflect.ValueOf(*chain(codec.DefaultMaxDepth + 2)), codec.ErrDepth},
		{"cyclic", codec.Options{}, p, reflect.ValueOf(*cyclic), codec.ErrDepth},
		{"cyclic, huge limit", codec.Options{MaxDepth: 1 << 40}, p, reflect.ValueOf(*cyclic), codec.ErrDepth},
		{"unregistered variant", codec.Options{}, sp, reflect.ValueOf(&other).Elem(), codec.ErrUnionTag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := walk.Clone(tt.o, tt.p, tt.v)
			_, oldErr := cloneByCodec(tt.o, tt.p, tt.v)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (oldErr == nil) {
				t.Fatalf("Clone: %v, want %v (the old Clone: %v)", err, tt.wantErr, oldErr)
			}
			if err != nil && !errors.Is(oldErr, tt.wantErr) {
				t.Fatalf("the old Clone failed with %v, want %v", oldErr, tt.wantErr)
			}
		})
	}
}

// FuzzClone checks, on values decoded from arbitrary bytes, that Clone
// gives what the old Clone gave, that the copy encodes byte for byte as
// the value does, and that it shares nothing with it. Seeds are in
// testdata/fuzz/FuzzClone.
func FuzzClone(f *testing.F) {
	v := fullTree()
	v.Keyed = map[cKey]uint16{{A: 1}: 10, {A: -2}: 20} // as decoding gives
	if b, err := codec.Marshal(&v); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v cTree
		if err := codec.UnmarshalLenient(data, &v); err != nil {
			t.Fatalf("lenient decoding failed: %v", err)
		}
		checkClone(t, codec.Options{}, &v)
	})
}

// treeOf builds a tree of about n nodes, fanout 3, every part set.
func treeOf(n int) *cTree {
	var build func(left *int, depth int) *cTree
	build = func(left *int, depth int) *cTree {
		*left--
		t := &cTree{
			Name:  fmt.Sprint("node", *left),
			Attrs: map[string][]byte{"k": []byte("v"), "z": nil},
			Shape: cCircle{R: uint16(*left)},
			Flats: []cFlat{{1, 2}, {3, 4}, {5, 6}},
			Raw:   []byte("payload"),
			Opt:   int32p(int32(*left)),
		}
		for range 3 {
			if *left <= 0 || depth >= 6 {
				break
			}
			t.Kids = append(t.Kids, build(left, depth+1))
		}
		return t
	}
	left := n
	return build(&left, 0)
}

func countNodes(t *cTree) int {
	n := 1
	for _, k := range t.Kids {
		n += countNodes(k)
	}
	return n
}

// BenchmarkClone compares the plan walk with the old round trip through
// the codec on a tree of a few hundred nodes. Compare the two with
//
//	benchstat -col /impl old.txt
func BenchmarkClone(b *testing.B) {
	tree := treeOf(300)
	p, err := plan.For(reflect.TypeFor[cTree]())
	if err != nil {
		b.Fatal(err)
	}
	src := reflect.ValueOf(tree).Elem()
	for _, impl := range []struct {
		name  string
		clone func(codec.Options, *plan.Plan, reflect.Value) (reflect.Value, error)
	}{{"codec", cloneByCodec}, {"plan", walk.Clone}} {
		b.Run("impl="+impl.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := impl.clone(codec.Options{}, p, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestTreeOfSize(t *testing.T) {
	if n := countNodes(treeOf(300)); n != 300 {
		t.Fatalf("treeOf(300) has %d nodes", n)
	}
	checkClone(t, codec.Options{}, treeOf(300))
}
