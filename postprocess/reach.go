package postprocess

import (
	"fmt"
	"reflect"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// Needed reports whether values of type t can hold a PostProcess hook (a
// method or a registered function) anywhere, so that Apply can change
// them. Engines use it to skip the work around Apply for types without
// hooks. The error is the type model's, for a type that cannot be fuzzed
// (an interface with no registered variants, say): the answer is then
// unknown, not "no hooks".
//
// Call it when the answer is needed, not at package initialisation: a
// union registered later in init changes the answer.
func Needed(t reflect.Type) (bool, error) {
	p, err := plan.For(t)
	if err != nil {
		return false, err
	}
	return reaches(p), nil
}

// reaches reports whether a value of plan p can hold a PostProcess hook
// anywhere the walk goes: on p itself or on a plan its values can contain,
// map keys left out (the walk does not post-process them).
func reaches(p *plan.Plan) bool { return p.ReachesHook(plan.PostProcessHook, false) }

// node is the walk's compiled form of a plan that reaches a hook: the
// plan, its own hook, and only those children that reach a hook too. Nodes
// of a recursive type form a cycle, as its plans do.
type node struct {
	p      *plan.Plan
	fn     hookFunc // the registered function, or nil
	method bool     // p's type has a PostProcess method (used if fn is nil)
	// fields are the Struct fields that reach a hook.
	fields []fieldNode
	// elem is the element of an Array, Slice, Bytes or Pointer, or the
	// value of a Map, or nil when it reaches no hook.
	elem *node
	// variants parallels p.Variants for a Union; an entry is nil when
	// that variant reaches no hook.
	variants []*node
}

type fieldNode struct {
	index int // for reflect.Value.Field
	name  string
	n     *node
}

// nodeFor returns the node of p, or nil when no value of p can hold a hook.
// Nodes are built on first use and kept in the plans' memo.
func nodeFor(p *plan.Plan) *node {
	if !reaches(p) {
		return nil
	}
	if n, ok := p.Memo(plan.PostProcessMemo).(*node); ok {
		return n
	}
	built := map[*plan.Plan]*node{}
	n := buildNode(p, built)
	for q, qn := range built {
		q.SetMemo(plan.PostProcessMemo, qn)
	}
	return n
}

// buildNode compiles p, reusing the nodes in plans' memos and in built
// (which makes it end on recursive types).
func buildNode(p *plan.Plan, built map[*plan.Plan]*node) *node {
	if !reaches(p) {
		return nil
	}
	if n, ok := p.Memo(plan.PostProcessMemo).(*node); ok {
		return n
	}
	if n, ok := built[p]; ok {
		return n
	}
	n := &node{p: p, method: p.Hooks.PostProcess != plan.NoHook}
	if fn := p.Hooks.Funcs[plan.PostProcessHook]; fn != nil {
		f, ok := fn.(hookFunc)
		if !ok {
			panic(fmt.Sprintf("postprocess: the PostProcess function registered for %v has type %T, want %T", p.Type, fn, hookFunc(nil)))
		}
		n.fn = f
	}
	built[p] = n
	switch p.Kind {
	case plan.Struct:
		for _, f := range p.Fields {
			if fn := buildNode(f.Plan, built); fn != nil {
				n.fields = append(n.fields, fieldNode{index: f.Index, name: f.Name, n: fn})
			}
		}
	case plan.Array, plan.Slice, plan.Bytes, plan.Pointer, plan.Map:
		n.elem = buildNode(p.Elem, built)
	case plan.Union:
		n.variants = make([]*node, len(p.Variants))
		for i := range p.Variants {
			n.variants[i] = buildNode(p.Variants[i].Plan, built)
		}
	}
	return n
}
