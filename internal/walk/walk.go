// Package walk holds the small helpers that the algorithms over plans
// (mutator, crossover, postprocess) share: a deterministic order for map
// entries, deep copies, the depth step of recursive types, and the
// records a count of candidates keeps for the walk that applies one.
package walk

import (
	"math"
	"reflect"
	"unsafe"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/mapord"
	"github.com/structfuzz/structfuzz/internal/plan"
)

// Entry is one entry of a map: the encoding of its key, and addressable
// copies of the key (K) and the value (V).
type Entry = mapord.Entry

// Entries returns the entries of map v (of plan p) in the order of their
// encoded keys, the order the codec writes them in (see mapord), so that
// walks over maps are deterministic. Values come from the iteration, not
// from lookups: a key holding a NaN is not equal to itself, so MapIndex
// cannot find it. Key and Val are addressable copies that the caller
// keeps.
func Entries(o codec.Options, p *plan.Plan, v reflect.Value) []Entry {
	var s mapord.Scratch // the caller keeps the copies: nothing to release
	entries, _, _ := s.Sorted(v, KeyEncoder(o))
	return entries
}

// KeyEncoder returns the mapord.KeyEncoder of the codec with options o.
// A key that does not encode (it breaks its type's tags) gets what the
// encoding could write of it: walks order such keys somewhere rather than
// fail.
func KeyEncoder(o codec.Options) mapord.KeyEncoder {
	return func(buf []byte, _ int, k reflect.Value) ([]byte, error) {
		buf, _ = o.Append(buf, k.Addr().Interface())
		return buf, nil
	}
}

// Below returns the depth of an element reached by a step that counts
// toward the depth limit (plan.Plan.DepthElem, plan.Variant.Depth) or not,
// for a walk that checks the limit itself: plan.Deeper without a limit.
func Below(counts bool, depth int) int {
	d, _ := plan.Deeper(counts, depth, math.MaxInt)
	return d
}

// Unrestricted returns v itself, or, when v was reached through an
// unexported embedded struct (so reflect forbids Interface and Set on it),
// a view of the same memory without that restriction. The walks reach such
// values only because the codec encodes the exported fields promoted from
// them; their hooks are user code like any other. v must be addressable.
func Unrestricted(v reflect.Value) reflect.Value {
	if v.CanInterface() {
		return v
	}
	return reflect.NewAt(v.Type(), v.Addr().UnsafePointer()).Elem()
}

// InsertAt sets slice v to a new slice, sharing nothing with the old
// backing array, with elem inserted at index at.
func InsertAt(v reflect.Value, at int, elem reflect.Value) {
	n := v.Len()
	s := reflect.MakeSlice(v.Type(), n+1, n+1)
	reflect.Copy(s, v.Slice(0, at))
	s.Index(at).Set(elem)
	reflect.Copy(s.Slice(at+1, n+1), v.Slice(at, n))
	v.Set(s)
}

// Same reports that a and b, two values of plan p, surely encode alike.
// It compares the parts the encoding holds (plain memory as bytes, strings,
// lengths and nil-ness, union variants), stops at the first difference,
// and says false for maps with entries and for opaque values, which it
// cannot tell cheaply.
// A crossover or mutation that would put a value where the same value
// already is changes nothing: the caller skips it without encoding the
// result. Both values are within the depth limit (they encode).
func Same(p *plan.Plan, a, b reflect.Value) bool {
	if p.Plain && a.CanAddr() && b.CanAddr() {
		size := int(p.Size)
		return size == 0 || string(unsafe.Slice((*byte)(a.Addr().UnsafePointer()), size)) ==
			string(unsafe.Slice((*byte)(b.Addr().UnsafePointer()), size))
	}
	switch p.Kind {
	case plan.Bool:
		return a.Bool() == b.Bool()
	case plan.Int:
		return a.Int() == b.Int()
	case plan.Uint:
		return a.Uint() == b.Uint()
	case plan.Float:
		return math.Float64bits(a.Float()) == math.Float64bits(b.Float())
	case plan.Complex:
		ca, cb := a.Complex(), b.Complex()
		return math.Float64bits(real(ca)) == math.Float64bits(real(cb)) &&
			math.Float64bits(imag(ca)) == math.Float64bits(imag(cb))
	case plan.String:
		return a.String() == b.String()
	case plan.Bytes:
		// nil and empty encode apart.
		return a.IsNil() == b.IsNil() && string(a.Bytes()) == string(b.Bytes())
	case plan.Struct:
		for i := range p.Fields {
			f := &p.Fields[i]
			if !Same(f.Plan, a.Field(f.Index), b.Field(f.Index)) {
				return false
			}
		}
		return true
	case plan.Slice, plan.Array:
		if p.Kind == plan.Slice && a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !Same(p.Elem, a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case plan.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() && b.IsNil()
		}
		return Same(p.Elem, a.Elem(), b.Elem())
	case plan.Union:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() && b.IsNil()
		}
		ea, eb := a.Elem(), b.Elem()
		if ea.Type() != eb.Type() {
			return false
		}
		vr := p.VariantIndex(ea.Type())
		return vr >= 0 && Same(p.Variants[vr].Plan, ea, eb)
	case plan.Map:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() && b.IsNil()
		}
		return a.Len() == 0 && b.Len() == 0
	}
	return false
}
