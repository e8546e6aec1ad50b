package crossover_test

import (
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/crossover"
	"github.com/structfuzz/structfuzz/hook"
	"github.com/structfuzz/structfuzz/internal/hookpath"
)

// cxLeaf's CrossOver method takes a hook.Context and records what it says.
type cxLeaf struct{ ID, N int }

type cxCall struct {
	id     int
	path   string
	budget int
}

var cxCalls []cxCall

func (l *cxLeaf) CrossOver(other *cxLeaf, c hook.Context) {
	cxCalls = append(cxCalls, cxCall{l.ID, c.Path(), c.Budget()})
	l.N = other.N + c.Rand().IntN(3) + 1
}

type (
	cxShape interface{ isShape() }
	cxBox   struct{ In cxLeaf }
	cxRoot  struct {
		List  []cxLeaf
		ByKey map[string]cxLeaf
		Shape cxShape
		Ptr   *cxLeaf
	}
)

func (*cxBox) isShape() {}

func init() { codec.RegisterUnion[cxShape](&cxBox{}) }

func cxValue(base int) *cxRoot {
	return &cxRoot{
		List:  []cxLeaf{{base + 1, 0}, {base + 2, 0}},
		ByKey: map[string]cxLeaf{"k": {base + 3, 0}, "j": {base + 4, 0}},
		Shape: &cxBox{In: cxLeaf{base + 5, 0}},
		Ptr:   &cxLeaf{base + 6, 0},
	}
}

// TestCrossOverContext checks, over many seeds, that each CrossOver hook
// call's Path leads from the first parent's root to the value the hook
// changes, that Budget is the room the limit leaves the first parent,
// and that the hook is called at every kind of place.
func TestCrossOverContext(t *testing.T) {
	const maxSize = 300
	orig := cxValue(0)
	enc, err := codec.Marshal(orig)
	if err != nil {
		t.Fatal(err)
	}
	places := map[string]bool{}
	for seed := range uint64(200) {
		a, b := cxValue(0), cxValue(100)
		cxCalls = nil
		if err := crossover.Cross(a, b, seed, maxSize); err != nil && err != crossover.ErrNoChild {
			t.Fatal(err)
		}
		for _, c := range cxCalls {
			if c.budget != maxSize-len(enc) {
				t.Fatalf("seed %d: Budget() = %d, want %d", seed, c.budget, maxSize-len(enc))
			}
			got, err := hookpath.Resolve(reflect.ValueOf(orig), c.path)
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			if id := reflect.Indirect(got).Interface().(cxLeaf).ID; id != c.id {
				t.Fatalf("seed %d: Path %q leads to leaf %d, the hook ran on %d", seed, c.path, id, c.id)
			}
			places[c.path] = true
		}
	}
	for _, want := range []string{".List[0]", ".List[1]", `.ByKey["j"]`, `.ByKey["k"]`, ".Shape.(cxBox).In", ".Ptr"} {
		if !places[want] {
			t.Errorf("no hook call at %s in 200 crossovers; calls at %v", want, places)
		}
	}
}
