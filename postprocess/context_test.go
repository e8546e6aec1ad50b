package postprocess_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/hook"
	"github.com/structfuzz/structfuzz/internal/hookpath"
	"github.com/structfuzz/structfuzz/postprocess"
)

// ctxLeaf records, in ctxCalls, what its hook.Context says at each call.
type ctxLeaf struct{ ID int }

type ctxCall struct {
	id     int
	path   string
	budget int
}

var ctxCalls []ctxCall

func (l *ctxLeaf) PostProcess(c hook.Context) {
	ctxCalls = append(ctxCalls, ctxCall{l.ID, c.Path(), c.Budget()})
	_ = c.Rand().IntN(2)
}

// ctxOld keeps the older method form, which must still run.
type ctxOld struct{ N int }

func (o *ctxOld) PostProcess(r *rand.Rand) { o.N = 1 + r.IntN(1) }

type (
	ctxShape interface{ isShape() }
	ctxBox   struct{ In ctxLeaf }
	ctxRoot  struct {
		Top   ctxLeaf
		List  []ctxLeaf
		Arr   [2]ctxLeaf
		ByKey map[string]ctxLeaf
		ByNum map[int]*ctxLeaf
		Shape ctxShape
		Next  *ctxRoot
		Old   ctxOld
	}
)

func (ctxBox) isShape() {}

func init() { codec.RegisterUnion[ctxShape](ctxBox{}) }

func ctxValue() *ctxRoot {
	return &ctxRoot{
		Top:   ctxLeaf{1},
		List:  []ctxLeaf{{2}, {3}},
		Arr:   [2]ctxLeaf{{4}, {5}},
		ByKey: map[string]ctxLeaf{"b": {6}, "a": {7}},
		ByNum: map[int]*ctxLeaf{-4: {8}},
		Shape: ctxBox{In: ctxLeaf{9}},
		Next:  &ctxRoot{Top: ctxLeaf{10}},
	}
}

// TestContextPath checks that every hook call's Path leads, from the
// root, to the value the hook was called on, and that every leaf was
// reached.
func TestContextPath(t *testing.T) {
	v := ctxValue()
	ctxCalls = nil
	if err := postprocess.Apply(v, 1); err != nil {
		t.Fatal(err)
	}
	want := map[int]string{1: ".Top", 2: ".List[0]", 3: ".List[1]", 4: ".Arr[0]", 5: ".Arr[1]",
		6: `.ByKey["b"]`, 7: `.ByKey["a"]`, 8: ".ByNum[-4]", 9: ".Shape.(ctxBox).In", 10: ".Next.Top"}
	seen := map[int]bool{}
	for _, c := range ctxCalls {
		if c.id == 0 {
			continue // the zero leaves of the nested root
		}
		seen[c.id] = true
		if c.path != want[c.id] {
			t.Errorf("leaf %d: Path() = %q, want %q", c.id, c.path, want[c.id])
		}
		got, err := hookpath.Resolve(reflect.ValueOf(v), c.path)
		if err != nil {
			t.Errorf("leaf %d: %v", c.id, err)
			continue
		}
		if id := reflect.Indirect(got).Interface().(ctxLeaf).ID; id != c.id {
			t.Errorf("Path %q leads to leaf %d, the hook ran on %d", c.path, id, c.id)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("hooks ran on leaves %v, want all of %v", seen, want)
	}
	if v.Old.N != 1 {
		t.Errorf("the older PostProcess(*rand.Rand) method did not run: N = %d", v.Old.N)
	}
}

// TestContextBudget checks Budget against Options.MaxSize, and its value
// without a limit.
func TestContextBudget(t *testing.T) {
	v := ctxValue()
	size, err := codec.Size(v)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		maxSize, want int
	}{
		{0, math.MaxInt},
		{size + 100, 100},
		{size, 0},
		{size - 10, 0}, // over already: never negative
	} {
		ctxCalls = nil
		if err := (postprocess.Options{MaxSize: tt.maxSize}).Apply(v, 1); err != nil {
			t.Fatal(err)
		}
		for _, c := range ctxCalls {
			if c.budget != tt.want {
				t.Fatalf("MaxSize %d: Budget() = %d at %s, want %d", tt.maxSize, c.budget, c.path, tt.want)
			}
		}
	}
}

type ctxReg struct{ N int }

// TestRegisteredContext checks that a registered function gets the same
// Context: its Path, and the walk's random source.
func TestRegisteredContext(t *testing.T) {
	var paths []string
	postprocess.Register(func(r *ctxReg, c hook.Context) {
		paths = append(paths, c.Path())
		r.N = c.Rand().IntN(1000) + 1
	})
	v := &struct{ A, B []ctxReg }{B: []ctxReg{{}, {}}}
	if err := postprocess.Apply(v, 7); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(paths, []string{".B[0]", ".B[1]"}) {
		t.Errorf("paths %q", paths)
	}
	if v.B[0].N == 0 || v.B[1].N == 0 {
		t.Errorf("values %+v: the function did not run", v.B)
	}
}
