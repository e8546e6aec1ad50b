package mutator

import (
	"math"
	"reflect"

	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// Fresh values are small: short strings and collections, pointers and
// unions often nil. They respect every constraint and the depth limit, and
// try to stay within a byte budget (a required minimum can exceed it; the
// size check in Mutate has the last word).
const (
	freshMaxString = 16
	freshMaxElems  = 4
)

// fresh sets v, a zero value of plan p at depth, to a random valid value
// and returns the size of its encoding. A value of a type with a Mutate
// hook is made by the hook, from the zero value: the hook owns its type's
// values, fresh ones included.
func (m *Mutator) fresh(p *plan.Plan, v reflect.Value, depth, budget int) int {
	if p.Hooks.Has(plan.MutateHook) && v.CanAddr() {
		m.callHook(p, v, depth)
		// v may be an unexported embedded field, which reflect does not
		// let Addr().Interface() reach; the codec reads it all the same.
		if n, err := m.codec.Size(walk.Unrestricted(v).Addr().Interface()); err == nil {
			return n
		}
		return p.MinSize // broken: the attempt's encoding names the hook
	}
	r := m.r
	switch p.Kind {
	case plan.Bool:
		v.SetBool(r.IntN(2) == 1)
	case plan.Int, plan.Uint:
		m.freshInt(p, v)
	case plan.Float:
		m.freshFloat(p, v)
	case plan.Complex:
		part := plan.Plan{Kind: plan.Float, Width: p.Width / 2}
		re, im := reflect.New(reflect.TypeFor[float64]()).Elem(), reflect.New(reflect.TypeFor[float64]()).Elem()
		m.freshFloat(&part, re)
		m.freshFloat(&part, im)
		v.SetComplex(complex(re.Float(), im.Float()))
	case plan.String, plan.Bytes:
		if p.Choices != nil {
			return m.freshChoice(p, v, budget)
		}
		var b []byte
		if w, ok := m.dictText(); ok && r.IntN(4) == 0 && len(w) >= p.Limits.MinLen && len(w) <= min(p.Limits.MaxLen, budget-4) {
			// A word of the target's source (see AddDictionary).
			b = append(b, w...)
			if p.Limits.UTF8 {
				plan.FixUTF8(b)
			}
		} else {
			n := m.freshLen(p, budget-4, 1, freshMaxString)
			b = make([]byte, n)
			// Byte slices are half random bytes; strings are printable
			// ASCII, save one in eight (see leafBytes).
			text := p.Limits.UTF8 || (p.Kind == plan.String && r.IntN(8) != 0)
			for i := range b {
				if text || r.IntN(2) == 0 {
					b[i] = byte(' ' + r.IntN(95))
				} else {
					b[i] = byte(r.Uint32())
				}
			}
		}
		n := len(b)
		if p.Kind == plan.String {
			v.SetString(string(b))
		} else {
			v.SetBytes(b)
		}
		return 4 + n
	case plan.Slice:
		n := m.freshLen(p, budget-4, p.Elem.MinSize, freshMaxElems)
		d, ok := plan.Deeper(p.DepthElem, depth, m.maxDepth())
		if !ok {
			n = 0
		}
		s := reflect.MakeSlice(p.Type, n, n)
		used := 4
		for i := 0; i < n; i++ {
			m.path.Index(i)
			used += m.fresh(p.Elem, s.Index(i), d, budget-used-(n-1-i)*p.Elem.MinSize)
			m.path.Pop()
		}
		v.Set(s)
		return used
	case plan.Array:
		used := 0
		for i := 0; i < p.Len; i++ {
			m.path.Index(i)
			used += m.fresh(p.Elem, v.Index(i), depth, budget-used-(p.Len-1-i)*p.Elem.MinSize)
			m.path.Pop()
		}
		return used
	case plan.Map:
		per := p.Key.MinSize + p.Elem.MinSize
		n := m.freshLen(p, budget-4, per, freshMaxElems)
		d, ok := plan.Deeper(p.DepthElem, depth, m.maxDepth())
		if !ok {
			n = 0
		}
		mv := reflect.MakeMapWithSize(p.Type, n)
		used := 4
		for i := 0; i < n; i++ {
			k := reflect.New(p.Key.Type).Elem()
			rest := (n - 1 - i) * per // room kept for the entries still to come
			m.path.Key(i, reflect.Value{})
			ku := m.fresh(p.Key, k, d, budget-used-rest-p.Elem.MinSize)
			m.path.Pop()
			if mv.MapIndex(k).IsValid() {
				continue
			}
			val := reflect.New(p.Elem.Type).Elem()
			m.path.Entry(i, k)
			used += ku + m.fresh(p.Elem, val, d, budget-used-rest-ku)
			m.path.Pop()
			mv.SetMapIndex(k, val)
		}
		v.Set(mv)
		return used
	case plan.Pointer:
		if r.IntN(4) == 0 || !m.fitsIn(p.Elem, p.DepthElem, depth, budget-1) {
			return 1
		}
		ptr := reflect.New(p.Elem.Type)
		used := 1 + m.fresh(p.Elem, ptr.Elem(), walk.Below(p.DepthElem, depth), budget-1)
		v.Set(ptr)
		return used
	case plan.Union:
		var choices []int
		for i := range p.Variants {
			if m.fitsIn(p.Variants[i].Plan, p.Variants[i].Depth, depth, budget-2) {
				choices = append(choices, i)
			}
		}
		if len(choices) == 0 || r.IntN(8) == 0 {
			return 2
		}
		vr := &p.Variants[choices[r.IntN(len(choices))]]
		ev := reflect.New(vr.Type).Elem()
		m.path.Variant(vr.Name)
		used := 2 + m.freshVariant(vr, ev, depth, budget-2)
		m.path.Pop()
		v.Set(ev)
		return used
	case plan.Struct:
		rest := p.MinSize
		used := 0
		for i := range p.Fields {
			f := &p.Fields[i]
			rest -= f.Plan.MinSize
			m.path.Field(f.Name)
			used += m.fresh(f.Plan, v.Field(f.Index), depth, budget-used-rest)
			m.path.Pop()
		}
		return used
	case plan.Opaque:
		b, _ := p.MarshalOpaque(v)
		return 4 + len(b)
	}
	return p.Fixed
}

// freshVariant sets ev, a zero value of variant vr of a union at depth,
// to a fresh value and returns the size of its encoding. A pointer
// variant points to a fresh value, nil only when none fits: a typed nil
// in an interface is a value type switches seldom expect, and the crash
// it causes is seldom a bug worth finding.
func (m *Mutator) freshVariant(vr *plan.Variant, ev reflect.Value, depth, budget int) int {
	d := walk.Below(vr.Depth, depth)
	pp := vr.Plan
	if pp.Kind != plan.Pointer || pp.Hooks.Has(plan.MutateHook) || !m.fitsIn(pp.Elem, pp.DepthElem, d, budget-1) {
		return m.fresh(pp, ev, d, budget)
	}
	ptr := reflect.New(pp.Elem.Type)
	used := 1 + m.fresh(pp.Elem, ptr.Elem(), walk.Below(pp.DepthElem, d), budget-1)
	ev.Set(ptr)
	return used
}

// fitsIn reports whether a value of plan e, reached by a step that counts
// toward the depth limit or not, can be made at depth within budget.
func (m *Mutator) fitsIn(e *plan.Plan, counts bool, depth, budget int) bool {
	if _, ok := plan.Deeper(counts, depth, m.maxDepth()); !ok {
		return false
	}
	return e.MinSize <= budget
}

// freshLen picks a small length within the plan's limits and what room
// (in bytes, per bytes an element) allows.
func (m *Mutator) freshLen(p *plan.Plan, room, per, most int) int {
	lo := p.Limits.MinLen
	hi := min(p.Limits.MaxLen, lo+most)
	if per > 0 {
		hi = min(hi, max(room, 0)/per)
	}
	if hi <= lo {
		return lo
	}
	return lo + m.r.IntN(hi-lo+1)
}

// freshChoice sets the string v of a plan tagged oneof= to a choice at
// random, or the shortest when that one does not fit budget; it returns
// the encoded size.
func (m *Mutator) freshChoice(p *plan.Plan, v reflect.Value, budget int) int {
	texts := p.Choices.Texts
	s := texts[m.r.IntN(len(texts))]
	if 4+len(s) > budget {
		for _, t := range texts {
			if len(t) < len(s) {
				s = t
			}
		}
	}
	v.SetString(s)
	return 4 + len(s)
}

func (m *Mutator) freshInt(p *plan.Plan, v reflect.Value) {
	r := m.r
	if p.Enum != nil {
		setRaw(p, v, p.Enum.Values[r.IntN(len(p.Enum.Values))])
		return
	}
	var x uint64
	switch r.IntN(8) {
	case 0, 1:
		x = 0
	case 2, 3:
		x = uint64(int64(r.IntN(17) - 8))
	case 4, 5:
		x = interestingWord(r, p.Width)
	case 6:
		// A constant of the target's source, when there is one.
		var ok bool
		if x, ok = m.dictInteger(); !ok {
			x = r.Uint64()
		}
	default:
		x = r.Uint64()
	}
	if l := &p.Limits; l.HasRange && r.IntN(2) == 0 {
		// Uniform within the range, so narrow ranges are covered evenly.
		lo, span := l.UintMin, l.UintMax-l.UintMin
		if p.Kind == plan.Int {
			lo, span = uint64(l.IntMin), uint64(l.IntMax)-uint64(l.IntMin)
		}
		if span == math.MaxUint64 {
			x = r.Uint64()
		} else {
			x = lo + r.Uint64N(span+1)
		}
	}
	setRaw(p, v, x)
}

func (m *Mutator) freshFloat(p *plan.Plan, v reflect.Value) {
	r := m.r
	var x float64
	switch r.IntN(4) {
	case 0:
		x = float64(r.IntN(17) - 8)
	case 1:
		x = m.float(p, 0, opFloatSpecial)
	case 2:
		x = r.NormFloat64() * 1000
	default:
		if l := &p.Limits; l.HasRange {
			x = l.FloatMin + r.Float64()*(l.FloatMax-l.FloatMin)
		} else {
			x = r.Float64()
		}
	}
	if p.Width == 4 {
		x = float64(float32(x))
	}
	v.SetFloat(p.FitFloat(x))
}
