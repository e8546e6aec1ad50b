// Package walk holds the small helpers that the algorithms over plans
// (mutator, crossover, postprocess) share: a deterministic order for map
// entries, deep copies, and the depth step of recursive types.
package walk

import (
	"math"
	"reflect"

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
