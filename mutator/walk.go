package mutator

import (
	"reflect"

	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// A mutation is chosen uniformly over every candidate (node, operation) of
// the value tree. The tree is visited twice: once to count the candidates
// (through memory, recording each node's count: see count.go), once to
// apply the chosen one (this walker, which passes by its record every
// subtree that does not hold it). The applying walk takes map entries
// sorted by their encoded keys, so the choice depends only on the random
// source and the value.
//
// A node whose type has a Mutate hook is one candidate weighted by the
// number of candidates in its subtree, and the hook is in charge of that
// whole subtree: a hooked type gets as many mutations as it would without
// the hook.
type walker struct {
	m      *Mutator
	target int // the chosen candidate; -1 while counting
	n      int // candidates passed so far
	// recs, when the walk applies a mutation, follows the count's
	// records of the nodes (off where it kept none).
	recs walk.Cursor
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
	n := m.candidates(p, v, depth, bypass)
	if n == 0 && m.shrinking {
		// Nothing to take away: any change will do.
		m.shrinking = false
		n = m.candidates(p, v, depth, bypass)
	}
	total := n
	regen := m.regenerates(p, depth, bypass)
	if regen {
		total++
	}
	if total == 0 {
		return
	}
	t := m.r.IntN(total)
	if t == n {
		m.regenerate(p, v)
		return
	}
	// The walk owns the records while it runs: a hook it calls may count
	// a value of its own. Without records (a count through reflect, or
	// past what a record holds) it visits every node.
	apply := walker{m: m, target: t}
	if v.CanAddr() && m.counted.Usable(n) {
		apply.recs = walk.NewCursor(m.counted.Recs)
	}
	recs := m.counted.Recs
	m.counted.Recs = nil
	apply.node(p, v, depth, bypass)
	m.counted.Recs = recs[:0]
}

// regenerates reports that a mutation of the whole value may replace it by
// a fresh one (WithRegeneration): one more candidate beside those of the
// tree, so it is likely while the value is small (libFuzzer's first
// inputs, a corpus still empty) and rare once it is large. Grammar fuzzers
// regenerate subtrees the same way; on a value of few nodes it reaches
// combinations that single steps reach only through coverage at each step.
// Not while shrinking, not inside a hook's own MutateValue, and not for a
// value that can hold a type with a Mutate hook: the hook owns how its
// values change.
func (m *Mutator) regenerates(p *plan.Plan, depth int, bypass bool) bool {
	return m.regen && !bypass && depth == 0 && m.root != nil && !m.shrinking && !p.ReachesHook(plan.MutateHook, true)
}

// regenerate replaces the root v by a fresh value within the size limit.
func (m *Mutator) regenerate(p *plan.Plan, v reflect.Value) {
	m.saveSlot(v)
	v.SetZero()
	m.fresh(p, v, 0, m.budget+len(m.orig))
}

// node visits v and returns true once the chosen mutation was applied in
// it. While counting nothing is applied; values are only read. A walk
// that applies passes a node whose record says the chosen candidate is
// not inside without visiting it.
func (w *walker) node(p *plan.Plan, v reflect.Value, depth int, bypass bool) bool {
	if !w.recs.On() {
		return w.visit(p, v, depth, bypass, -1)
	}
	if w.recs.Pass(w.target, &w.n) {
		return false
	}
	count, saved := w.recs.Enter()
	hit := w.visit(p, v, depth, bypass, count)
	w.recs.Leave(saved)
	return hit
}

// visit is node's visit of v; count is the number of candidates in it
// when a record gave it, or -1.
func (w *walker) visit(p *plan.Plan, v reflect.Value, depth int, bypass bool, count int) bool {
	if !bypass && p.Hooks.Has(plan.MutateHook) {
		if count < 0 {
			count = w.m.candidates(p, v, depth, false)
		}
		if _, hit := w.take(count); hit {
			w.m.callHook(p, v, depth)
			return true
		}
		return false
	}
	if p.Kind == plan.Struct || p.Kind == plan.Array {
		// Pass a subtree whose candidates are known without a walk.
		if k := w.m.staticCount(p); k >= 0 {
			if _, hit := w.take(k); !hit {
				return false
			}
		}
	}
	if w.ops(p, v, depth) {
		return true
	}
	return w.children(p, v, depth)
}

// staticCount returns the number of candidates in every value of plan p
// when that number depends neither on the value nor on the depth or the
// budget (scalars, strings, and structs and arrays of them, without
// hooks), and -1 otherwise. The walker passes such subtrees, and jumps to
// the chosen element of a slice of them, without visiting them. The count
// is a fact of the plan alone, for each of the two modes (shrinking or
// not): it is computed once per plan and kept in the plan's memo.
func (m *Mutator) staticCount(p *plan.Plan) int {
	mode := 0
	if m.shrinking {
		mode = 1
	}
	c, ok := p.Memo(plan.MutatorMemo).(*[2]int)
	if !ok {
		c = &[2]int{m.staticCountIn(p, false), m.staticCountIn(p, true)}
		p.SetMemo(plan.MutatorMemo, c)
	}
	return c[mode]
}

// staticCountIn computes staticCount in the given mode.
func (m *Mutator) staticCountIn(p *plan.Plan, shrinking bool) int {
	saved := m.shrinking
	m.shrinking = shrinking
	defer func() { m.shrinking = saved }()
	n := -1
	switch {
	case p.Hooks.Has(plan.MutateHook):
	case p.Kind == plan.Bool, p.Kind == plan.Int, p.Kind == plan.Uint, p.Kind == plan.Float,
		p.Kind == plan.Complex, p.Kind == plan.String, p.Kind == plan.Opaque:
		// opsFor does not look at the value, depth or budget of these.
		var buf [maxOps]op
		n = len(m.opsFor(p, shape{}, 0, buf[:0]))
	case p.Kind == plan.Array:
		if e := m.staticCount(p.Elem); e >= 0 {
			n = p.Len * e
		}
	case p.Kind == plan.Struct:
		n = 0
		for i := range p.Fields {
			f := m.staticCount(p.Fields[i].Plan)
			if f < 0 {
				n = -1
				break
			}
			n += f
		}
	}
	return n
}

// ops passes or applies the node's own operations.
func (w *walker) ops(p *plan.Plan, v reflect.Value, depth int) bool {
	var buf [maxOps]op
	ops := w.m.opsFor(p, shapeOf(p, v), depth, buf[:0])
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
			if !w.recs.Pass(w.target, &w.n) && w.field(f.Plan, v.Field(f.Index), depth, f.Name) {
				return true
			}
		}
	case plan.Array:
		for i := 0; i < p.Len; i++ {
			if !w.recs.Pass(w.target, &w.n) && w.elem(p.Elem, v.Index(i), depth, i) {
				return true
			}
		}
	case plan.Slice:
		d := walk.Below(p.DepthElem, depth)
		if k := w.m.staticCount(p.Elem); k >= 0 {
			// Every element has k candidates: go straight to the one
			// holding the chosen candidate, if any.
			j, hit := w.take(v.Len() * k)
			if !hit {
				return false
			}
			w.n += j / k * k
			return w.elem(p.Elem, v.Index(j/k), d, j/k)
		}
		for i := 0; i < v.Len(); i++ {
			if !w.recs.Pass(w.target, &w.n) && w.elem(p.Elem, v.Index(i), d, i) {
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
		if vp.Plan.Kind == plan.Pointer && !ev.IsNil() && !vp.Plan.Hooks.Has(plan.MutateHook) {
			// A pointer variant stays non-nil (see freshVariant): its
			// pointee is the candidate, changed in place.
			d := walk.Below(vp.Plan.DepthElem, walk.Below(vp.Depth, depth))
			if w.target < 0 {
				return w.node(vp.Plan.Elem, ev.Elem(), d, false)
			}
			w.m.path.Variant(vp.Name)
			defer w.m.path.Pop()
			return w.node(vp.Plan.Elem, ev.Elem(), d, false)
		}
		if w.target < 0 {
			// Counting only reads.
			return w.node(vp.Plan, ev, walk.Below(vp.Depth, depth), false)
		}
		// The content of an interface is not addressable: work on a copy
		// and store it back when the mutation happened inside. Setting
		// the interface copies the temporary into a new box.
		// The temporary is given back at once when the mutation is not
		// inside, and otherwise at the end of the attempt (forget): the
		// undo log may point into it until then.
		tmp, mark := w.m.temps().Temp(ev.Type())
		tmp.Set(ev)
		w.m.path.Variant(vp.Name)
		hit := w.node(vp.Plan, tmp, walk.Below(vp.Depth, depth), false)
		w.m.path.Pop()
		if hit {
			w.m.saveSlot(v)
			v.Set(tmp)
			w.m.hold(mark)
			return true
		}
		w.m.temps().Release(mark)
	}
	return false
}

// field visits the struct field v named name; the walk that applies a
// mutation keeps its path (hook.Context's Path), the one that counts does
// not need it.
func (w *walker) field(p *plan.Plan, v reflect.Value, depth int, name string) bool {
	if w.target < 0 {
		return w.node(p, v, depth, false)
	}
	w.m.path.Field(name)
	return w.popAfter(w.node(p, v, depth, false))
}

// elem visits element i of an array or slice, as field does a field.
func (w *walker) elem(p *plan.Plan, v reflect.Value, depth, i int) bool {
	if w.target < 0 {
		return w.node(p, v, depth, false)
	}
	w.m.path.Index(i)
	return w.popAfter(w.node(p, v, depth, false))
}

// popAfter leaves the path segment the visit whose result is hit entered.
func (w *walker) popAfter(hit bool) bool {
	w.m.path.Pop()
	return hit
}

// mapEntries visits keys and values in the order of their encoded keys.
// A mutated key replaces its entry unless it collides with another key.
func (w *walker) mapEntries(p *plan.Plan, v reflect.Value, depth int) bool {
	if v.Len() == 0 {
		return false
	}
	d := walk.Below(p.DepthElem, depth)
	// Sort the entries only when the chosen candidate is among them.
	if _, hit := w.take(w.m.mapCount(p, v, depth)); !hit || w.target < 0 {
		return false
	}
	// The entries and the copies the mutation works on are temporaries:
	// given back at once when the mutation is not inside, and otherwise
	// at the end of the attempt, as the undo log may point into them.
	mp := w.m.temps()
	entries, mark, _ := mp.Sorted(v, walk.KeyEncoder(w.m.codec))
	for i, e := range entries {
		tk, km := mp.Temp(p.Key.Type)
		tk.Set(e.K)
		w.m.path.Key(i, e.K)
		hit := w.node(p.Key, tk, d, false)
		w.m.path.Pop()
		if hit {
			if !v.MapIndex(tk).IsValid() {
				w.m.replaceEntry(v, entries, i, tk, e.V)
			}
			w.m.hold(km, mark)
			return true
		}
		mp.Release(km)
		tv, vm := mp.Temp(p.Elem.Type)
		tv.Set(e.V)
		w.m.path.Entry(i, e.K)
		hit = w.node(p.Elem, tv, d, false)
		w.m.path.Pop()
		if hit {
			w.m.replaceEntry(v, entries, i, e.K, tv)
			w.m.hold(vm, mark)
			return true
		}
		mp.Release(vm)
	}
	mp.Release(mark)
	return false
}
