package mutator

import (
	"math"
	"reflect"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/undo"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// op is one kind of change to one node.
type op uint8

const (
	opFlip           op = iota // bool
	opEnum                     // another declared enum value, or oneof choice
	opNumInteresting           // a boundary or otherwise interesting number
	opNumDelta                 // a small step
	opNumBits                  // flip a bit, or a random value
	opNumLeaf                  // the number's bytes through the Leaf
	opFloatSpecial             // NaN, ±Inf, ±0, subnormals, extremes
	opComplex                  // one part of a complex number
	opLeaf                     // the bytes of a string, []byte or opaque value through the Leaf
	opNilToggle                // an empty slice or map becomes nil, or back
	opInsert                   // a fresh (or, sometimes, copied) element
	opDelete                   // remove an element or entry
	opSwap                     // swap or move elements
	opPtrToggle                // nil <-> a fresh value
	opVariant                  // another union variant, fresh
	opUnionNil                 // a union becomes nil
	maxOps           = 6
)

// opsFor appends the operations that apply to a node of plan p at depth
// whose value has shape s to ops. Operations that would break a constraint, the depth limit or the
// size budget are left out.
func (m *Mutator) opsFor(p *plan.Plan, s shape, depth int, ops []op) []op {
	if m.shrinking {
		return m.shrinkOps(p, s, ops)
	}
	switch p.Kind {
	case plan.Bool:
		return append(ops, opFlip)
	case plan.Int, plan.Uint:
		if p.Enum != nil {
			if len(p.Enum.Values) > 1 {
				ops = append(ops, opEnum)
			}
			return ops
		}
		if singleValue(p) {
			return ops
		}
		return append(ops, opNumInteresting, opNumDelta, opNumBits, opNumLeaf)
	case plan.Float:
		if singleValue(p) {
			return ops
		}
		return append(ops, opFloatSpecial, opNumDelta, opNumBits, opNumLeaf)
	case plan.Complex:
		return append(ops, opComplex)
	case plan.String, plan.Opaque:
		if p.Choices != nil {
			if len(p.Choices.Texts) > 1 {
				ops = append(ops, opEnum)
			}
			return ops
		}
		return append(ops, opLeaf)
	case plan.Bytes, plan.Slice, plan.Map:
		n := s.n
		if p.Kind == plan.Bytes {
			ops = append(ops, opLeaf)
		}
		if n == 0 && p.Limits.MinLen == 0 {
			ops = append(ops, opNilToggle)
		}
		if p.Kind == plan.Bytes {
			return ops
		}
		if m.canInsert(p, n, depth) {
			ops = append(ops, opInsert)
		}
		if n > p.Limits.MinLen {
			ops = append(ops, opDelete)
		}
		if p.Kind == plan.Slice && n >= 2 {
			ops = append(ops, opSwap)
		}
		return ops
	case plan.Pointer:
		if !s.isNil || (m.fitsIn(p.Elem, p.DepthElem, depth, m.budget) && m.memFits(p.Cost(1), p.Elem.MinSize)) {
			ops = append(ops, opPtrToggle)
		}
		return ops
	case plan.Union:
		if len(p.Variants) > 1 || s.isNil {
			ops = append(ops, opVariant)
		}
		if !s.isNil {
			ops = append(ops, opUnionNil)
		}
		return ops
	}
	return ops
}

func singleValue(p *plan.Plan) bool {
	l := &p.Limits
	if !l.HasRange {
		return false
	}
	switch p.Kind {
	case plan.Int:
		return l.IntMin == l.IntMax
	case plan.Uint:
		return l.UintMin == l.UintMax
	default:
		return l.FloatMin == l.FloatMax
	}
}

// maxDepth is the depth limit the codec applies (clamped to
// codec.MaxDepthCeiling).
func (m *Mutator) maxDepth() int { return m.codec.MaxDepthOrDefault() }

func (m *Mutator) canInsert(p *plan.Plan, n, depth int) bool {
	if n >= p.Limits.MaxLen || n >= plan.MaxLength {
		return false
	}
	if p.ElemMinSize() == 0 && n >= p.MaxZeroSizeCount() {
		return false
	}
	inc := p.Cost(n+1) - p.Cost(n)
	if p.Cost(n+1) == math.MaxInt {
		inc = math.MaxInt // saturated
	}
	if !m.memFits(inc, p.ElemMinSize()) {
		return false
	}
	if p.Kind == plan.Map {
		return m.fitsIn(p.Key, false, depth, m.budget) && m.fitsIn(p.Elem, p.DepthElem, depth, m.budget-p.Key.MinSize)
	}
	return m.fitsIn(p.Elem, p.DepthElem, depth, m.budget)
}

// memFits reports whether a change that makes decoding allocate cost
// bytes more (plan.Plan.Cost) and the encoding at least enc bytes longer
// keeps the value within the codec's memory budget,
// MaxMemory + codec.MemoryPerByte*len(encoding). A change whose bytes pay
// for its memory always fits; for others the memory the value already
// takes is measured once per call of MutateChecked (once per attempt when
// a hook asked first). This only steers the choice:
// Mutate's final encoding applies the codec's exact rule (which also
// counts where in the encoding the bytes lie) and undoes what breaks it.
func (m *Mutator) memFits(cost, enc int) bool {
	if cost <= codec.MemoryPerByte*enc || m.root == nil {
		return true
	}
	if m.memUsed < 0 {
		used, _, err := m.codec.Memory(m.root)
		if err != nil {
			return false
		}
		m.memUsed, m.memKeep = used, m.inHook == 0
	}
	return m.memUsed+cost <= m.codec.MemoryBudget(len(m.orig)+enc)
}

// apply performs operation o on v.
func (m *Mutator) apply(p *plan.Plan, v reflect.Value, depth int, o op) {
	r := m.r
	switch o {
	case opSwap:
		// Logged below, as the swap or move it is.
	case opInsert, opDelete:
		if p.Kind != plan.Map {
			m.saveSlot(v) // a new backing array: the old one is intact
		}
	default:
		m.saveSlot(v)
	}
	switch o {
	case opFlip:
		v.SetBool(!v.Bool())
	case opEnum:
		if p.Choices != nil {
			texts := p.Choices.Texts
			cur := p.Choices.Index(v.String())
			i := r.IntN(len(texts) - 1)
			if i >= cur && cur >= 0 {
				i++
			}
			v.SetString(texts[i])
			break
		}
		vals := p.Enum.Values
		cur := p.Enum.Index(rawOf(p, v))
		i := r.IntN(len(vals) - 1)
		if i >= cur && cur >= 0 {
			i++
		}
		setRaw(p, v, vals[i])
	case opNumInteresting, opNumDelta, opNumBits, opNumLeaf, opFloatSpecial:
		m.number(p, v, o)
	case opComplex:
		c := v.Complex()
		part := plan.Plan{Kind: plan.Float, Width: p.Width / 2}
		o := []op{opFloatSpecial, opNumDelta, opNumBits}[r.IntN(3)]
		if r.IntN(2) == 0 {
			v.SetComplex(complex(m.float(&part, real(c), o), imag(c)))
		} else {
			v.SetComplex(complex(real(c), m.float(&part, imag(c), o)))
		}
	case opLeaf:
		m.leafBytes(p, v)
	case opNilToggle:
		if v.IsNil() {
			v.Set(m.makeCollection(p, 0))
		} else {
			v.SetZero()
		}
	case opInsert:
		m.insert(p, v, depth)
	case opDelete:
		m.delete(p, v)
	case opSwap:
		n := v.Len()
		i, j := r.IntN(n), r.IntN(n-1)
		if j >= i {
			j++
		}
		if r.IntN(2) == 0 {
			m.saveSwap(v, i, j, false)
			reflect.Swapper(v.Interface())(i, j)
		} else {
			m.saveSwap(v, i, j, true)
			undo.MoveElem(v, i, j)
		}
	case opPtrToggle:
		if !v.IsNil() {
			v.SetZero()
			return
		}
		ptr := reflect.New(p.Elem.Type)
		m.fresh(p.Elem, ptr.Elem(), walk.Below(p.DepthElem, depth), m.budget)
		v.Set(ptr)
	case opVariant:
		m.switchVariant(p, v, depth)
	case opUnionNil:
		v.SetZero()
	}
}

func (m *Mutator) makeCollection(p *plan.Plan, n int) reflect.Value {
	if p.Kind == plan.Map {
		return reflect.MakeMapWithSize(p.Type, n)
	}
	return reflect.MakeSlice(p.Type, n, n)
}

// insert adds a run of elements to a slice (insertRun), or of fresh
// entries to a map.
func (m *Mutator) insert(p *plan.Plan, v reflect.Value, depth int) {
	if p.Kind != plan.Map {
		m.insertRun(p, v, depth)
		return
	}
	if v.IsNil() {
		m.saveSlot(v)
		v.Set(reflect.MakeMap(p.Type))
	}
	k := m.runLen(min(p.Limits.MaxLen, plan.MaxLength) - v.Len())
	for i := range k {
		if i > 0 && !m.canInsert(p, v.Len(), depth) {
			return
		}
		m.budget -= m.insertEntry(p, v, depth)
	}
}

// insertEntry adds a fresh entry to the map v, whose key it does not hold
// yet, and returns the size of its encoding (0 when four fresh keys were
// all taken).
func (m *Mutator) insertEntry(p *plan.Plan, v reflect.Value, depth int) int {
	d := walk.Below(p.DepthElem, depth)
	for range 4 {
		k := reflect.New(p.Key.Type).Elem()
		m.path.Key(v.Len(), reflect.Value{})
		used := m.fresh(p.Key, k, d, m.budget-p.Elem.MinSize)
		m.path.Pop()
		if v.MapIndex(k).IsValid() {
			continue
		}
		val := reflect.New(p.Elem.Type).Elem()
		m.path.Entry(v.Len(), k)
		used += m.fresh(p.Elem, val, d, m.budget-used)
		m.path.Pop()
		m.setEntry(v, k, val)
		return used
	}
	return 0
}

// delete removes a run of elements or entries.
func (m *Mutator) delete(p *plan.Plan, v reflect.Value) {
	if p.Kind == plan.Map {
		m.deleteEntries(p, v)
		return
	}
	m.deleteRun(p, v)
}

// switchVariant gives a union a fresh value of another variant.
func (m *Mutator) switchVariant(p *plan.Plan, v reflect.Value, depth int) {
	cur := -1
	extra := 0
	if !v.IsNil() {
		cur = p.VariantIndex(v.Elem().Type())
		tmp := reflect.New(v.Elem().Type())
		tmp.Elem().Set(v.Elem())
		if n, err := m.codec.Size(tmp.Interface()); err == nil {
			extra = n
		}
	}
	var choices []int
	for i := range p.Variants {
		if i != cur && m.fitsIn(p.Variants[i].Plan, p.Variants[i].Depth, depth, m.budget+extra) &&
			m.memFits(p.Variants[i].Mem, p.Variants[i].Plan.MinSize) {
			choices = append(choices, i)
		}
	}
	if len(choices) == 0 {
		return
	}
	vr := &p.Variants[choices[m.r.IntN(len(choices))]]
	ev := reflect.New(vr.Type).Elem()
	m.path.Variant(vr.Name)
	m.freshVariant(vr, ev, depth, m.budget+extra)
	m.path.Pop()
	v.Set(ev)
}
