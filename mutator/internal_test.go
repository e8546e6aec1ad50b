package mutator

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
)

// White-box tests of fresh values and single mutations, below the checks
// Mutate makes on every result.

type mNode struct {
	Val   int8
	Name  string `fuzz:"maxlen=6"`
	Kids  []mNode
	Next  *mNode
	Index map[string]mFlat
	Alt   mAlt
}

type mFlat struct {
	A uint16
	B [2]bool
	C float32 `fuzz:"min=0,max=1"`
}

type mAlt interface{ isAlt() }

type mLeafAlt uint32

func (mLeafAlt) isAlt() {}
func (*mNode) isAlt()   {}

type mMaps struct {
	A map[string]string
	B map[uint16][]byte
	C []string
}

func init() { codec.RegisterUnion[mAlt](mLeafAlt(0), &mNode{}) }

func planOf[T any](t *testing.T) *plan.Plan {
	t.Helper()
	p, err := plan.For(reflect.TypeFor[T]())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fresh makes values within the depth limit and, when the budget allows
// the type's minimum at all, within the budget; and it reports their
// encoded size exactly.
func TestFreshWithinDepthAndBudget(t *testing.T) {
	for _, tc := range []struct {
		p     *plan.Plan
		depth int
	}{
		{planOf[mNode](t), 3},
		{planOf[mNode](t), 6},
		{planOf[mMaps](t), 3},
		{planOf[mFlat](t), 1},
	} {
		t.Run(fmt.Sprintf("%s/%d", tc.p.Name, tc.depth), func(t *testing.T) {
			m := New(31, WithCodec(codec.Options{MaxDepth: tc.depth}))
			o := codec.Options{MaxDepth: tc.depth}
			deep := codec.Options{MaxDepth: tc.depth - 1}
			reached := false
			for i := range 5_000 {
				budget := tc.p.MinSize + i%300
				v := reflect.New(tc.p.Type)
				used := m.fresh(tc.p, v.Elem(), 0, budget)
				b, err := o.Marshal(v.Interface())
				if err != nil {
					t.Fatalf("fresh value %d does not encode under depth %d: %v", i, tc.depth, err)
				}
				if used != len(b) {
					t.Fatalf("fresh reported %d bytes, the encoding has %d", used, len(b))
				}
				if len(b) > budget {
					t.Fatalf("fresh value of %d bytes for a budget of %d", len(b), budget)
				}
				if _, err := deep.Marshal(v.Interface()); err != nil {
					reached = true
				}
			}
			if !reached && tc.p.Recursive {
				t.Errorf("no fresh value reached depth %d", tc.depth)
			}
		})
	}
}

// A single built-in mutation, before Mutate checks it, never goes past
// the depth limit, and stays within the budget when it grows the value.
func TestMutationWithinDepthAndBudget(t *testing.T) {
	const depth, maxSize = 4, 2048
	p := planOf[mNode](t)
	m := New(32, WithCodec(codec.Options{MaxDepth: depth}))
	o := codec.Options{MaxDepth: depth}
	var v mNode
	overBudget := 0
	const runs = 4_000
	for i := range runs {
		before, err := o.Marshal(&v)
		if err != nil {
			t.Fatal(err)
		}
		m.budget = maxSize - len(before)
		m.mutateIn(p, reflect.ValueOf(&v).Elem(), 0, false)
		after, err := o.Marshal(&v)
		if err != nil {
			t.Fatalf("mutation %d breaks the limit: %v", i, err)
		}
		if len(after) > maxSize {
			overBudget++
			if err := o.Unmarshal(before, &v); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Fresh values, leaf edits and variant switches respect the budget;
	// an inserted copy of an existing element (a quarter of the inserts
	// into a non-empty slice) does not look at it, and Mutate discards it
	// when it does not fit.
	t.Logf("%d of %d mutations went over the budget", overBudget, runs)
	if overBudget*100 > runs {
		t.Errorf("%d of %d mutations went over the budget", overBudget, runs)
	}
}

// staticCount agrees with a walk of the value, for plans it calls static,
// and calls static only what is.
func TestStaticCount(t *testing.T) {
	m := New(33)
	for _, tc := range []struct {
		p      *plan.Plan
		static bool
	}{
		{planOf[mFlat](t), true},
		{planOf[[3]mFlat](t), true},
		{planOf[struct {
			F mFlat
			S string
			X complex64
		}](t), true},
		{planOf[mNode](t), false},
		{planOf[struct{ B []byte }](t), false},
		{planOf[struct{ P *int }](t), false},
	} {
		n := m.staticCount(tc.p)
		if (n >= 0) != tc.static {
			t.Errorf("%s: staticCount %d", tc.p.Name, n)
			continue
		}
		if n < 0 {
			continue
		}
		for range 100 {
			v := reflect.New(tc.p.Type).Elem()
			m.fresh(tc.p, v, 0, 1000)
			w := walker{m: m, target: -1}
			w.ops(tc.p, v, 0)
			w.children(tc.p, v, 0)
			if w.n != n {
				t.Fatalf("%s: a walk counts %d candidates, staticCount says %d", tc.p.Name, w.n, n)
			}
		}
	}
}
