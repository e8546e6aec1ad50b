package mutator

import (
	"reflect"
	"unsafe"

	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// The counting walk. A mutation counts the candidates (node, operation)
// of the whole value before the walk that applies one goes to it, so the
// count visits every node on every call: it reads the value through
// memory, by the plan's offsets and strides, as the codec does, rather
// than through reflect.Values. It must agree with the applying walk
// (walker.node with a target) node for node; TestCountMatchesTheWalk
// checks that every candidate it counts is one that walk reaches.

// The count records each node's count and span (walk.Rec), so that the
// walk that applies the chosen candidate passes by its record every
// subtree that does not hold it, reading reflect only along the path to
// it. A node whose subtree the count does not visit node by node (a hooked
// node, a struct or array of static count, a slice of static elements, a
// map) has a record of its own and none below it.

// shape is what the operations of one node depend on in its value (see
// opsFor): the length of a Bytes, Slice or Map, and whether a Bytes,
// Slice, Map, Pointer or Union is nil.
type shape struct {
	n     int
	isNil bool
}

// shapeOf is the shape of v, a value of plan p.
func shapeOf(p *plan.Plan, v reflect.Value) shape {
	switch p.Kind {
	case plan.Bytes, plan.Slice, plan.Map:
		return shape{n: v.Len(), isNil: v.IsNil()}
	case plan.Pointer, plan.Union:
		return shape{isNil: v.IsNil()}
	}
	return shape{}
}

// shapeAt is the shape of the value of plan p at ptr.
func shapeAt(p *plan.Plan, ptr unsafe.Pointer) shape {
	switch p.Kind {
	case plan.Bytes, plan.Slice:
		sh := (*plan.SliceHeader)(ptr)
		return shape{n: sh.Len, isNil: sh.Data == nil}
	case plan.Map:
		return shapeOf(p, reflect.NewAt(p.Type, ptr).Elem())
	case plan.Pointer:
		return shape{isNil: *(*unsafe.Pointer)(ptr) == nil}
	case plan.Union:
		return shape{isNil: *(*unsafe.Pointer)(ptr) == nil} // the type word
	}
	return shape{}
}

// candidates returns the number of candidates in v, a value of plan p at
// depth, counting v's own Mutate hook (unless bypass) as one candidate
// weighted by its subtree (see walker). v is read, never changed.
func (m *Mutator) candidates(p *plan.Plan, v reflect.Value, depth int, bypass bool) int {
	if !v.CanAddr() {
		w := walker{m: m, target: -1}
		if !bypass && p.Hooks.Has(plan.MutateHook) {
			w.ops(p, v, depth)
			w.children(p, v, depth)
			return max(w.n, 1)
		}
		w.node(p, v, depth, bypass)
		return w.n
	}
	m.counted.Reset()
	return m.countAt(p, v.Addr().UnsafePointer(), depth, bypass)
}

// countAt is candidates for the value of plan p at ptr. It records the
// nodes it visits in m.counted.
func (m *Mutator) countAt(p *plan.Plan, ptr unsafe.Pointer, depth int, bypass bool) int {
	at := m.counted.Open()
	var n int
	switch {
	case !bypass && p.Hooks.Has(plan.MutateHook):
		n = max(m.ownAt(p, ptr, depth)+m.childrenAt(p, ptr, depth), 1)
		m.counted.Cut(at + 1) // the hook is in charge below
	case p.Kind == plan.Struct || p.Kind == plan.Array:
		if n = m.staticCount(p); n < 0 {
			n = m.ownAt(p, ptr, depth) + m.childrenAt(p, ptr, depth)
		}
	default:
		n = m.ownAt(p, ptr, depth) + m.childrenAt(p, ptr, depth)
	}
	m.counted.Close(at, n)
	return n
}

// ownAt counts the node's own operations (walker.ops).
func (m *Mutator) ownAt(p *plan.Plan, ptr unsafe.Pointer, depth int) int {
	var buf [maxOps]op
	return len(m.opsFor(p, shapeAt(p, ptr), depth, buf[:0]))
}

// childrenAt counts the candidates below the node (walker.children).
func (m *Mutator) childrenAt(p *plan.Plan, ptr unsafe.Pointer, depth int) int {
	n := 0
	switch p.Kind {
	case plan.Struct:
		for i := range p.Fields {
			f := &p.Fields[i]
			n += m.countAt(f.Plan, unsafe.Add(ptr, f.Offset), depth, false)
		}
	case plan.Array:
		for i := 0; i < p.Len; i++ {
			n += m.countAt(p.Elem, unsafe.Add(ptr, uintptr(i)*p.Elem.Size), depth, false)
		}
	case plan.Slice:
		sh := (*plan.SliceHeader)(ptr)
		if k := m.staticCount(p.Elem); k >= 0 {
			return sh.Len * k
		}
		d := walk.Below(p.DepthElem, depth)
		for i := 0; i < sh.Len; i++ {
			n += m.countAt(p.Elem, unsafe.Add(sh.Data, uintptr(i)*p.Elem.Size), d, false)
		}
	case plan.Pointer:
		if e := *(*unsafe.Pointer)(ptr); e != nil {
			n = m.countAt(p.Elem, e, walk.Below(p.DepthElem, depth), false)
		}
	case plan.Map:
		n = m.mapCount(p, reflect.NewAt(p.Type, ptr).Elem(), depth)
	case plan.Union:
		i, content := p.VariantAt(ptr)
		if i < 0 {
			return 0
		}
		vp := &p.Variants[i]
		d := walk.Below(vp.Depth, depth)
		if vp.Plan.Kind == plan.Pointer && !vp.Plan.Hooks.Has(plan.MutateHook) {
			// A pointer variant's pointee is the candidate (see
			// walker.children).
			if e := *(*unsafe.Pointer)(content); e != nil {
				return m.countAt(vp.Plan.Elem, e, walk.Below(vp.Plan.DepthElem, d), false)
			}
		}
		n = m.countAt(vp.Plan, content, d, false)
	}
	return n
}

// mapCount counts the candidates in the entries of map v (walker.mapEntries
// visits them): none to read when keys and values have static counts, and
// otherwise each entry through the addressable copies the scratch makes, in
// map order (the sum does not depend on it).
func (m *Mutator) mapCount(p *plan.Plan, v reflect.Value, depth int) int {
	size := v.Len()
	if size == 0 {
		return 0
	}
	k, e := m.staticCount(p.Key), m.staticCount(p.Elem)
	if k >= 0 && e >= 0 {
		return size * (k + e)
	}
	d := walk.Below(p.DepthElem, depth)
	tm := m.temps()
	entries, mark, _ := tm.Sorted(v, nil)
	n, recs := 0, m.counted.Len()
	for _, en := range entries {
		n += m.countAt(p.Key, en.K.Addr().UnsafePointer(), d, false)
		n += m.countAt(p.Elem, en.V.Addr().UnsafePointer(), d, false)
	}
	tm.Release(mark)
	// The entries come in map order here and sorted by key where a
	// mutation is applied: no records of them.
	m.counted.Cut(recs)
	return n
}
