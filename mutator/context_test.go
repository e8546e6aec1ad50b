package mutator_test

import (
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/hook"
	"github.com/structfuzz/structfuzz/internal/hookpath"
	"github.com/structfuzz/structfuzz/mutator"
)

// mxLeaf's Mutate hook records the path the Mutator reports.
type mxLeaf struct{ ID, N int16 }

type mxCall struct {
	id   int16
	path string
}

var mxCalls []mxCall

func (l *mxLeaf) Mutate(m *mutator.Mutator) {
	var c hook.Context = m // a *Mutator is a hook.Context
	mxCalls = append(mxCalls, mxCall{l.ID, c.Path()})
	l.N += int16(c.Rand().IntN(5)) + 1
}

type (
	mxShape interface{ isShape() }
	mxBox   struct{ In mxLeaf }
	mxRoot  struct {
		List  []mxLeaf
		Arr   [2]mxLeaf
		ByKey map[string]mxLeaf
		ByNum map[uint8]mxLeaf
		Shape mxShape
		Val   mxShape
		Ptr   *mxLeaf
	}
)

func (*mxBox) isShape() {}
func (mxLeaf) isShape() {}

func init() { codec.RegisterUnion[mxShape](&mxBox{}, mxLeaf{}) }

func mxValue() *mxRoot {
	return &mxRoot{
		List:  []mxLeaf{{1, 0}, {2, 0}},
		Arr:   [2]mxLeaf{{3, 0}, {4, 0}},
		ByKey: map[string]mxLeaf{"k": {5, 0}, "j": {6, 0}},
		ByNum: map[uint8]mxLeaf{200: {7, 0}},
		Shape: &mxBox{In: mxLeaf{8, 0}},
		Val:   mxLeaf{9, 0},
		Ptr:   &mxLeaf{10, 0},
	}
}

// TestMutatorPath checks, over many mutations, that the Path a Mutate
// hook sees leads from the root to the value it was called on, for every
// kind of place a value can sit. A fresh value made by the hook (ID 0)
// has no place in the original to compare with.
func TestMutatorPath(t *testing.T) {
	orig := mxValue()
	want := map[int16]string{1: ".List[0]", 2: ".List[1]", 3: ".Arr[0]", 4: ".Arr[1]", 5: `.ByKey["k"]`,
		6: `.ByKey["j"]`, 7: ".ByNum[200]", 8: ".Shape.(mxBox).In", 9: ".Val.(mxLeaf)", 10: ".Ptr"}
	seen := map[int16]bool{}
	m := mutator.New(1)
	for range 400 {
		v := mxValue()
		mxCalls = nil
		if err := m.Mutate(v, 400); err != nil {
			t.Fatal(err)
		}
		for _, c := range mxCalls {
			if c.id == 0 {
				continue
			}
			seen[c.id] = true
			if c.path != want[c.id] {
				t.Fatalf("leaf %d: Path() = %q, want %q", c.id, c.path, want[c.id])
			}
			got, err := hookpath.Resolve(reflect.ValueOf(orig), c.path)
			if err != nil {
				t.Fatal(err)
			}
			if id := reflect.Indirect(got).Interface().(mxLeaf).ID; id != c.id {
				t.Fatalf("Path %q leads to leaf %d, the hook ran on %d", c.path, id, c.id)
			}
		}
		if m.Path() != "" {
			t.Fatalf("Path() = %q after Mutate returned", m.Path())
		}
	}
	if len(seen) != len(want) {
		t.Errorf("hooks ran on leaves %v, want all of %v", seen, want)
	}
}

// mxFresh records the paths at which its hook makes fresh values.
type mxFresh struct{ N int8 }

var mxFreshPaths []string

func (f *mxFresh) Mutate(m *mutator.Mutator) {
	mxFreshPaths = append(mxFreshPaths, m.Path())
	f.N++
}

// TestMutatorPathFresh checks the paths of hooks that make fresh values:
// elements of a slice inserted by the mutation. Each path names an
// element of the result.
func TestMutatorPathFresh(t *testing.T) {
	type root struct {
		Items []mxFresh `fuzz:"maxlen=6"`
	}
	m := mutator.New(3)
	inserted, calls := 0, 0
	for range 200 {
		v := &root{Items: []mxFresh{{1}}}
		mxFreshPaths = nil
		if err := m.Mutate(v, 100); err != nil {
			t.Fatal(err)
		}
		calls += len(mxFreshPaths)
		for _, p := range mxFreshPaths {
			if p == "" {
				t.Fatalf("a hook call with an empty path in %+v", v)
			}
			got, err := hookpath.Resolve(reflect.ValueOf(v), p)
			if err != nil {
				t.Fatalf("path %q of %+v: %v", p, v, err)
			}
			if _, ok := got.Interface().(mxFresh); !ok {
				t.Fatalf("path %q leads to %v", p, got.Type())
			}
		}
		if len(v.Items) > 1 {
			inserted++
		}
	}
	if inserted == 0 || calls == 0 {
		t.Fatalf("%d mutations inserted an element, %d hook calls", inserted, calls)
	}
}
