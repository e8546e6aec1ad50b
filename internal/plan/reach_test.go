package plan_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/mutator"
)

// Types for hook reachability.
type (
	rLeaf    struct{ N int }          // PostProcess
	rKey     struct{ A, B int16 }     // Mutate, used as a map key
	rCross   struct{ S string }       // CrossOver
	rPlain   struct{ A []int }        // no hook anywhere
	rKeyed   struct{ M map[rKey]int } // a hook on keys only
	rZeroArr struct{ A [0]rLeaf }
	// rList is a cycle with a hook hanging off it, far from the entry.
	rList struct {
		Next *rList
		Tail *rListEnd
	}
	rListEnd struct{ Items []rLeaf }
	// rRing is a cycle whose own member has the hook.
	rRing struct {
		Kids []rRingKid
	}
	rRingKid struct {
		X    *rCross
		Back *rRing
	}
	// rTagged reaches its hook through fields narrowed by tags.
	rTagged struct {
		Leaves []rLeaf `fuzz:"maxlen=3"`
		Self   *rTagged
	}
	// rShape is a union; rLateVariant, its only variant with a hook, is
	// registered by the test.
	rShape  interface{ shape() }
	rDot    struct{ X int }
	rHolder struct {
		S rShape
	}
	rLateVariant struct{ L rLeaf }
)

func (*rLeaf) PostProcess(*rand.Rand)                     {}
func (*rKey) Mutate(*mutator.Mutator)                     {}
func (*rCross) CrossOver(*rCross, *rand.Rand)             {}
func (rDot) shape()                                       {}
func (rLateVariant) shape()                               {}
func (*rLateVariant) CrossOver(*rLateVariant, *rand.Rand) {}

// refReach answers ReachesHook by a plain search over the plan graph, the
// way a walk would find it.
func refReach(p *plan.Plan, k plan.HookKind, keys bool, seen map[*plan.Plan]bool) bool {
	if seen[p] {
		return false
	}
	seen[p] = true
	if p.Hooks.Has(k) {
		return true
	}
	switch p.Kind {
	case plan.Struct:
		for _, f := range p.Fields {
			if refReach(f.Plan, k, keys, seen) {
				return true
			}
		}
	case plan.Array:
		return p.Len > 0 && refReach(p.Elem, k, keys, seen)
	case plan.Slice, plan.Bytes, plan.Pointer:
		return refReach(p.Elem, k, keys, seen)
	case plan.Map:
		return (keys && refReach(p.Key, k, keys, seen)) || refReach(p.Elem, k, keys, seen)
	case plan.Union:
		for _, v := range p.Variants {
			if refReach(v.Plan, k, keys, seen) {
				return true
			}
		}
	}
	return false
}

func TestReachesHook(t *testing.T) {
	if err := plan.RegisterUnion(reflect.TypeFor[rShape](), []reflect.Type{reflect.TypeFor[rDot]()}); err != nil {
		t.Fatal(err)
	}
	const (
		mu = 1 << plan.MutateHook
		co = 1 << plan.CrossOverHook
		pp = 1 << plan.PostProcessHook
	)
	tests := []struct {
		typ        reflect.Type
		vals, keys int // the kinds reached without and with map keys
	}{
		{reflect.TypeFor[int](), 0, 0},
		{reflect.TypeFor[rPlain](), 0, 0},
		{reflect.TypeFor[rLeaf](), pp, pp},
		{reflect.TypeFor[[]*rLeaf](), pp, pp},
		{reflect.TypeFor[map[string]rLeaf](), pp, pp},
		{reflect.TypeFor[rKeyed](), 0, mu},
		{reflect.TypeFor[map[rKey]rCross](), co, mu | co},
		{reflect.TypeFor[rZeroArr](), 0, 0},
		{reflect.TypeFor[rList](), pp, pp},
		{reflect.TypeFor[rListEnd](), pp, pp},
		{reflect.TypeFor[rRing](), co, co},
		{reflect.TypeFor[rRingKid](), co, co},
		{reflect.TypeFor[rTagged](), pp, pp},
		{reflect.TypeFor[rHolder](), 0, 0},
	}
	for _, tt := range tests {
		p, err := plan.For(tt.typ)
		if err != nil {
			t.Fatalf("%v: %v", tt.typ, err)
		}
		for k := plan.HookKind(0); k < plan.NumHookKinds; k++ {
			for _, keys := range []bool{false, true} {
				want := tt.vals&(1<<k) != 0
				if keys {
					want = tt.keys&(1<<k) != 0
				}
				if got := p.ReachesHook(k, keys); got != want {
					t.Errorf("%v: ReachesHook(%s, keys=%v) = %v, want %v", tt.typ, plan.HookName(k), keys, got, want)
				}
				if ref := refReach(p, k, keys, map[*plan.Plan]bool{}); ref != want {
					t.Errorf("%v: the reference search says %v for %s, keys=%v; the table is wrong", tt.typ, ref, plan.HookName(k), keys)
				}
			}
		}
	}
	// A field narrowed by its tag answers like its type.
	p, _ := plan.For(reflect.TypeFor[rTagged]())
	if f := p.Fields[0].Plan; f.Base == f || !f.ReachesHook(plan.PostProcessHook, false) {
		t.Errorf("the narrowed field %s: Base==self %v, reaches %v; want a narrowed copy that reaches the hook", f.Path(), f.Base == f, f.ReachesHook(plan.PostProcessHook, false))
	}

	// A variant registered later (in init, say) changes the answer of a
	// type compiled before: the plans compiled after it know.
	before, err := plan.For(reflect.TypeFor[rHolder]())
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.RegisterUnion(reflect.TypeFor[rShape](), []reflect.Type{reflect.TypeFor[rLateVariant]()}); err != nil {
		t.Fatal(err)
	}
	after, err := plan.For(reflect.TypeFor[rHolder]())
	if err != nil {
		t.Fatal(err)
	}
	if before == after {
		t.Fatal("the registration did not make For compile a new plan")
	}
	for _, k := range []plan.HookKind{plan.CrossOverHook, plan.PostProcessHook} {
		if !after.ReachesHook(k, false) {
			t.Errorf("after the registration, ReachesHook(%s) = false, want true", plan.HookName(k))
		}
	}
	if after.ReachesHook(plan.MutateHook, true) {
		t.Error("after the registration, ReachesHook(Mutate) = true, want false")
	}
}

// The plan graph of a recursive type mixes plans of this compilation with
// plans compiled before: reachability must combine both.
func TestReachesHookAcrossCompilations(t *testing.T) {
	type inner struct{ L []rLeaf }
	type outer struct {
		I    inner
		Next *outer
	}
	if _, err := plan.For(reflect.TypeFor[inner]()); err != nil {
		t.Fatal(err)
	}
	p, err := plan.For(reflect.TypeFor[outer]())
	if err != nil {
		t.Fatal(err)
	}
	if !p.ReachesHook(plan.PostProcessHook, false) || p.ReachesHook(plan.MutateHook, true) {
		t.Errorf("outer: PostProcess %v, Mutate %v; want true, false", p.ReachesHook(plan.PostProcessHook, false), p.ReachesHook(plan.MutateHook, true))
	}
}

// Each plan has its own memo, a field's narrowed copy included.
func TestMemo(t *testing.T) {
	p, err := plan.For(reflect.TypeFor[rTagged]())
	if err != nil {
		t.Fatal(err)
	}
	field, elem := p.Fields[0].Plan, p.Fields[0].Plan.Base
	tests := []struct {
		name string
		p    *plan.Plan
		set  any
	}{
		{"root", p, "root"},
		{"narrowed field", field, "field"},
		{"its base", elem, "base"},
		{"a literal", &plan.Plan{Kind: plan.Int}, nil},
	}
	for _, tt := range tests {
		if got := tt.p.Memo(plan.PostProcessMemo); got != nil {
			t.Fatalf("%s: a fresh memo holds %v", tt.name, got)
		}
		tt.p.SetMemo(plan.PostProcessMemo, tt.set)
	}
	for _, tt := range tests {
		if got := tt.p.Memo(plan.PostProcessMemo); got != tt.set {
			t.Errorf("%s: Memo = %v, want %v", tt.name, got, tt.set)
		}
	}
}
