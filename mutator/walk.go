package mutator

import (
	"reflect"

	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// A mutation is chosen uniformly over every candidate (node, operation) of
// the value tree. The walker visits the tree twice: once to count the
// candidates, once to apply the chosen one. Both visits take the same path
// in the same order (map entries sorted by their encoded keys), so the
// choice depends only on the random source and the value.
//
// A node whose type has a Mutate hook is one candidate weighted by the
// number of candidates in its subtree, and the hook is in charge of that
// whole subtree: a hooked type gets as many mutations as it would without
// the hook.
type walker struct {
	m      *Mutator
	target int // the chosen candidate; -1 while counting
	n      int // candidates passed so far
}

// take reports whether the chosen candidate is among the next k, and
// otherwise passes them.
func (w *walker) take(k int) (int, bool) {
	if w.target >= w.n && w.target < w.n+k {
		return w.target - w.n, true
	}
	w.n += k
	return 0, false
}

// mutateIn applies one mutation inside v, chosen uniformly; bypass skips
// the hook of v itself.
func (m *Mutator) mutateIn(p *plan.Plan, v reflect.Value, depth int, bypass bool) {
	count := walker{m: m, target: -1}
	count.node(p, v, depth, bypass)
	if count.n == 0 {
		return
	}
	apply := walker{m: m, target: m.r.IntN(count.n)}
	apply.node(p, v, depth, bypass)
}

// node visits v and returns true once the chosen mutation was applied in
// it. While counting nothing is applied; values are only read.
func (w *walker) node(p *plan.Plan, v reflect.Value, depth int, bypass bool) bool {
	if !bypass && p.Hooks.Has(plan.MutateHook) {
		sub := walker{m: w.m, target: -1}
		sub.ops(p, v, depth)
		sub.children(p, v, depth)
		if _, hit := w.take(max(sub.n, 1)); hit {
			w.m.callHook(p, v, depth)
			return true
		}
		return false
	}
	if w.ops(p, v, depth) {
		return true
	}
	return w.children(p, v, depth)
}

// ops passes or applies the node's own operations.
func (w *walker) ops(p *plan.Plan, v reflect.Value, depth int) bool {
	var buf [maxOps]op
	ops := w.m.opsFor(p, v, depth, buf[:0])
	if i, hit := w.take(len(ops)); hit {
		w.m.apply(p, v, depth, ops[i])
		return true
	}
	return false
}

func (w *walker) children(p *plan.Plan, v reflect.Value, depth int) bool {
	switch p.Kind {
	case plan.Struct:
		for i := range p.Fields {
			f := &p.Fields[i]
			if w.node(f.Plan, v.Field(f.Index), depth, false) {
				return true
			}
		}
	case plan.Array:
		for i := 0; i < p.Len; i++ {
			if w.node(p.Elem, v.Index(i), depth, false) {
				return true
			}
		}
	case plan.Slice:
		d := walk.Below(p.DepthElem, depth)
		for i := 0; i < v.Len(); i++ {
			if w.node(p.Elem, v.Index(i), d, false) {
				return true
			}
		}
	case plan.Pointer:
		if !v.IsNil() {
			return w.node(p.Elem, v.Elem(), walk.Below(p.DepthElem, depth), false)
		}
	case plan.Map:
		return w.mapEntries(p, v, depth)
	case plan.Union:
		if v.IsNil() {
			return false
		}
		ev := v.Elem()
		vr := p.VariantIndex(ev.Type())
		if vr < 0 {
			return false
		}
		vp := &p.Variants[vr]
		// The content of an interface is not addressable: work on a copy
		// and store it back when the mutation happened inside.
		tmp := reflect.New(ev.Type()).Elem()
		tmp.Set(ev)
		if w.node(vp.Plan, tmp, walk.Below(vp.Depth, depth), false) {
			v.Set(tmp)
			return true
		}
	}
	return false
}

// mapEntries visits keys and values in the order of their encoded keys.
// A mutated key replaces its entry unless it collides with another key.
func (w *walker) mapEntries(p *plan.Plan, v reflect.Value, depth int) bool {
	if v.Len() == 0 {
		return false
	}
	d := walk.Below(p.DepthElem, depth)
	keys := walk.SortedKeys(w.m.codec, p, v)
	for _, k := range keys {
		tk := reflect.New(p.Key.Type).Elem()
		tk.Set(k)
		if w.node(p.Key, tk, d, false) {
			if !v.MapIndex(tk).IsValid() {
				val := v.MapIndex(k)
				v.SetMapIndex(k, reflect.Value{})
				v.SetMapIndex(tk, val)
			}
			return true
		}
		tv := reflect.New(p.Elem.Type).Elem()
		tv.Set(v.MapIndex(k))
		if w.node(p.Elem, tv, d, false) {
			v.SetMapIndex(k, tv)
			return true
		}
	}
	return false
}
