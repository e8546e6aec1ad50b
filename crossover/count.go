package crossover

import (
	"reflect"
	"unsafe"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// countAt counts the crossover candidates in the value of plan p at ptr,
// the root of the first parent when root is set: the counting walk of
// walker.node, which Cross makes once per call over the whole value, read
// through memory by the plan's offsets and strides, as the codec reads.
// It must agree with the walk that applies a crossover node for node;
// TestCountMatchesTheWalk checks it. It records each node (walk.Rec) in
// x.counted, so that every attempt's walk passes by its record each
// subtree that does not hold its candidate; a map has one record and
// none below it. The records hold for every attempt of one Cross, as the
// count does.
func (x *crosser) countAt(p *plan.Plan, ptr unsafe.Pointer, root bool) int {
	at := x.counted.Open()
	n := x.subtree(p, ptr, root)
	x.counted.Close(at, n)
	return n
}

// subtree is countAt without the node's record.
func (x *crosser) subtree(p *plan.Plan, ptr unsafe.Pointer, root bool) int {
	var buf [4]op
	var mv reflect.Value // a map's value
	length := 0
	switch p.Kind {
	case plan.Slice:
		length = (*plan.SliceHeader)(ptr).Len
	case plan.Map:
		mv = reflect.NewAt(p.Type, ptr).Elem()
		length = mv.Len()
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
		sh := (*plan.SliceHeader)(ptr)
		for i := 0; i < sh.Len; i++ {
			n += x.countAt(p.Elem, unsafe.Add(sh.Data, uintptr(i)*p.Elem.Size), false)
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
		entries, mark, _ := tm.Sorted(mv, nil)
		recs := x.counted.Len()
		for _, e := range entries {
			n += x.countAt(p.Elem, e.V.Addr().UnsafePointer(), false)
		}
		tm.Release(mark)
		// Map order here, key order where a crossover is applied: no
		// records of the entries.
		x.counted.Cut(recs)
	case plan.Union:
		if i, content := p.VariantAt(ptr); i >= 0 {
			n += x.countAt(p.Variants[i].Plan, content, false)
		}
	}
	return n
}
