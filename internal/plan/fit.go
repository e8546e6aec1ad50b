package plan

import (
	"encoding"
	"math"
	"reflect"
	"unicode/utf8"
)

// The mappings of invalid values into valid ones that lenient decoding and
// the mutator share. Each leaves a valid value unchanged and is
// deterministic.

// FitInt maps x into the plan's enum set or range.
func (p *Plan) FitInt(x int64) int64 {
	if p.Enum != nil {
		if p.Enum.Contains(uint64(x)) {
			return x
		}
		return int64(p.Enum.Values[uint64(x)%uint64(len(p.Enum.Values))])
	}
	l := &p.Limits
	if !l.HasRange || (x >= l.IntMin && x <= l.IntMax) {
		return x
	}
	span := uint64(l.IntMax-l.IntMin) + 1 // nonzero: a full range never gets here
	if x < l.IntMin {
		return int64(uint64(l.IntMin) + wrapBelow(uint64(l.IntMin)-uint64(x), span))
	}
	return int64(uint64(l.IntMin) + (uint64(x)-uint64(l.IntMin))%span)
}

// wrapBelow is (-k) mod span, the offset from the minimum of a value k
// below it: the range repeats downwards as it does upwards.
func wrapBelow(k, span uint64) uint64 {
	return (span - k%span) % span
}

// FitUint maps x into the plan's enum set or range.
func (p *Plan) FitUint(x uint64) uint64 {
	if p.Enum != nil {
		if p.Enum.Contains(x) {
			return x
		}
		return p.Enum.Values[x%uint64(len(p.Enum.Values))]
	}
	l := &p.Limits
	if !l.HasRange || (x >= l.UintMin && x <= l.UintMax) {
		return x
	}
	span := l.UintMax - l.UintMin + 1
	if x < l.UintMin {
		return l.UintMin + wrapBelow(l.UintMin-x, span)
	}
	return l.UintMin + (x-l.UintMin)%span
}

// FitFloat maps x into the plan's range: NaN and infinities become the
// minimum, other values are folded into the range.
func (p *Plan) FitFloat(x float64) float64 {
	l := &p.Limits
	if !l.HasRange || (x >= l.FloatMin && x <= l.FloatMax) {
		return x
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return l.FloatMin
	}
	span := l.FloatMax - l.FloatMin
	if span > 0 && !math.IsInf(span, 0) {
		y := l.FloatMin + math.Mod(math.Abs(x-l.FloatMin), span)
		if y >= l.FloatMin && y <= l.FloatMax {
			return y
		}
	}
	return math.Max(l.FloatMin, math.Min(x, l.FloatMax))
}

// FixUTF8 replaces each byte of an invalid UTF-8 sequence in b by its low
// seven bits, keeping the length and the valid runes.
func FixUTF8(b []byte) {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			b[i] &= 0x7f
		}
		i += size
	}
}

// MarshalOpaque returns the bytes an Opaque plan's value v (addressable)
// marshals itself to, with MarshalBinary or MarshalText.
func (p *Plan) MarshalOpaque(v reflect.Value) ([]byte, error) {
	if p.Text {
		return v.Addr().Interface().(encoding.TextMarshaler).MarshalText()
	}
	return v.Addr().Interface().(encoding.BinaryMarshaler).MarshalBinary()
}

// UnmarshalOpaque sets the Opaque plan's value v (addressable) from b with
// UnmarshalBinary or UnmarshalText.
func (p *Plan) UnmarshalOpaque(v reflect.Value, b []byte) error {
	if p.Text {
		return v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(b)
	}
	return v.Addr().Interface().(encoding.BinaryUnmarshaler).UnmarshalBinary(b)
}
