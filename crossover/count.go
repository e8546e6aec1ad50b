package crossover

import (
	"math"
	"reflect"
	"unsafe"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// countAt counts the crossover candidates in the value of plan p at ptr,
// the root of the first parent when root is set: the counting walk of
// walker.node, which Cross makes once per call over the whole value, read
// through memory by the plan's offsets and strides, as the codec reads.
// It must agree with the walk that applies a crossover node for node;
// TestCountMatchesTheWalk checks it.
func (x *crosser) countAt(p *plan.Plan, ptr unsafe.Pointer, root bool) int {
	at := len(x.recs)
	x.recs = append(x.recs, rec{})
	n := x.subtree(p, ptr, root)
	x.recs[at] = rec{count: int32(min(n, math.MaxInt32)), span: int32(len(x.recs) - at)}
	return n
}

// subtree is countAt without the node's record.
func (x *crosser) subtree(p *plan.Plan, ptr unsafe.Pointer, root bool) int {
	var buf [4]op
	length := 0
	switch p.Kind {
	case plan.Slice:
		length = (*sliceHeader)(ptr).len
	case plan.Map:
		length = reflect.NewAt(p.Type, ptr).Elem().Len()
	}
	n := len(x.opsFor(p, length, root, buf[:0]))
	if p.Hooks.Has(plan.CrossOverHook) {
		return n // the hook is in charge of the subtree
	}
	switch p.Kind {
	case plan.Struct:
		for i := range p.Fields {
			f := &p.Fields[i]
			n += x.countAt(f.Plan, unsafe.Add(ptr, f.Offset), false)
		}
	case plan.Array:
		for i := 0; i < p.Len; i++ {
			n += x.countAt(p.Elem, unsafe.Add(ptr, uintptr(i)*p.Elem.Size), false)
		}
	case plan.Slice:
		sh := (*sliceHeader)(ptr)
		for i := 0; i < sh.len; i++ {
			n += x.countAt(p.Elem, unsafe.Add(sh.data, uintptr(i)*p.Elem.Size), false)
		}
	case plan.Pointer:
		if e := *(*unsafe.Pointer)(ptr); e != nil {
			n += x.countAt(p.Elem, e, false)
		}
	case plan.Map:
		if length == 0 {
			break
		}
		// Values only (see walker.node), in map order: the sum does not
		// depend on it. The copies are addressable temporaries.
		tm := &x.log.Temps
		entries, mark, _ := tm.Sorted(reflect.NewAt(p.Type, ptr).Elem(), nil)
		recs := len(x.recs)
		for _, e := range entries {
			n += x.countAt(p.Elem, e.V.Addr().UnsafePointer(), false)
		}
		tm.Release(mark)
		// Map order here, key order where a crossover is applied: no
		// records of the entries.
		x.recs = x.recs[:recs]
	case plan.Union:
		if i, content := p.VariantAt(ptr); i >= 0 {
			n += x.countAt(p.Variants[i].Plan, content, false)
		}
	}
	return n
}

// rec is the record the count keeps of one node of the first parent, in
// the order it visits them (preorder): the candidates in the node's
// subtree and the number of records the subtree spans, its own included.
// The walk that applies a crossover passes a subtree that does not hold
// the chosen candidate by its record, reading reflect.Values only along
// the path to it. A map has one record and none below it. The records
// hold for every attempt of one Cross, as the count does.
type rec struct{ count, span int32 }

// sliceHeader is the layout of every Go slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}
