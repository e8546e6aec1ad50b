package postprocess

import (
	"fmt"
	"reflect"
	"sync"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// reachCache maps a *plan.Plan to whether a PostProcess hook is reachable
// from it (a bool). Plans are immutable, so an answer never goes stale; a
// registration makes the type model compile new plans, which get their own
// entries.
var reachCache sync.Map

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
// anywhere: on p itself or on a plan its values can contain.
func reaches(p *plan.Plan) bool {
	if r, ok := reachCache.Load(p); ok {
		return r.(bool)
	}
	return computeReach(p)
}

// children lists the plans whose values a value of p can contain and the
// walk visits. Map keys are left out: the walk does not post-process them.
func children(p *plan.Plan, visit func(*plan.Plan)) {
	switch p.Kind {
	case plan.Struct:
		for i := range p.Fields {
			visit(p.Fields[i].Plan)
		}
	case plan.Array, plan.Slice, plan.Bytes, plan.Pointer, plan.Map:
		visit(p.Elem)
	case plan.Union:
		for i := range p.Variants {
			visit(p.Variants[i].Plan)
		}
	}
}

// computeReach answers reaches for p and every plan found below it that is
// not cached yet, and caches the answers. The plan graph may have cycles
// (recursive types): it is split into strongly connected components
// (Tarjan's algorithm), whose members share one answer: a hook on any of
// them, or an edge out to a component that reaches one.
func computeReach(root *plan.Plan) bool {
	type state struct {
		index, low int
		onStack    bool
	}
	seen := map[*plan.Plan]*state{}
	var stack []*plan.Plan
	var known map[*plan.Plan]bool // answers found by this call
	next := 0

	var visit func(p *plan.Plan) bool
	visit = func(p *plan.Plan) bool {
		st := &state{index: next, low: next, onStack: true}
		seen[p] = st
		next++
		stack = append(stack, p)
		found := p.Hooks.Has(plan.PostProcessHook)
		children(p, func(q *plan.Plan) {
			if r, ok := reachCache.Load(q); ok {
				found = found || r.(bool)
				return
			}
			if r, ok := known[q]; ok {
				found = found || r
				return
			}
			if qs, ok := seen[q]; ok {
				if qs.onStack {
					st.low = min(st.low, qs.index)
				}
				return
			}
			found = visit(q) || found
			st.low = min(st.low, seen[q].low)
		})
		if st.low != st.index {
			// p's component is still open: its answer is the root's,
			// which collects found through the return values.
			return found
		}
		// p roots a component: pop it and record one answer for all.
		// found already covers every member, since each member's result
		// flowed up the DFS tree to p.
		if known == nil {
			known = map[*plan.Plan]bool{}
		}
		for {
			q := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			seen[q].onStack = false
			known[q] = found
			if q == p {
				break
			}
		}
		return found
	}
	r := visit(root)
	for p, ok := range known {
		reachCache.Store(p, ok)
	}
	return r
}

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

// nodeCache maps a *plan.Plan to its *node, nil when no hook is reachable.
var nodeCache sync.Map

// nodeFor returns the node of p, or nil when no value of p can hold a hook.
func nodeFor(p *plan.Plan) *node {
	if n, ok := nodeCache.Load(p); ok {
		return n.(*node)
	}
	built := map[*plan.Plan]*node{}
	n := buildNode(p, built)
	for q, qn := range built {
		nodeCache.Store(q, qn)
	}
	if n == nil {
		nodeCache.Store(p, n)
	}
	return n
}

// buildNode compiles p, reusing cached nodes and the nodes in built (which
// makes it end on recursive types).
func buildNode(p *plan.Plan, built map[*plan.Plan]*node) *node {
	if !reaches(p) {
		return nil
	}
	if n, ok := nodeCache.Load(p); ok {
		return n.(*node)
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
