package mutator

import (
	"bytes"
	"encoding/binary"
	"math"
	"reflect"
	"unicode/utf8"

	"github.com/structfuzz/structfuzz/internal/plan"
)

func rawOf(p *plan.Plan, v reflect.Value) uint64 {
	if p.Kind == plan.Int {
		return uint64(v.Int())
	}
	return v.Uint()
}

// setRaw stores a raw pattern, mapped into the plan's enum or range.
func setRaw(p *plan.Plan, v reflect.Value, raw uint64) {
	shift := 64 - 8*uint(p.Width)
	if p.Kind == plan.Int {
		v.SetInt(p.FitInt(int64(raw<<shift) >> shift))
	} else {
		v.SetUint(p.FitUint(raw << shift >> shift))
	}
}

// number applies a numeric operation to an Int, Uint or Float.
func (m *Mutator) number(p *plan.Plan, v reflect.Value, o op) {
	if p.Kind == plan.Float {
		v.SetFloat(m.float(p, v.Float(), o))
		return
	}
	r := m.r
	x := rawOf(p, v)
	switch o {
	case opNumInteresting:
		copied := false
		switch r.IntN(4) {
		case 0:
			// A number the input holds elsewhere: a count, an index, a
			// length a header repeats.
			x, copied = m.pickInteger()
		case 1:
			x, copied = m.dictInteger() // a constant of the target's source
		}
		if copied {
			break
		}
		if l := &p.Limits; l.HasRange && r.IntN(2) == 0 {
			if p.Kind == plan.Int {
				b := [...]int64{l.IntMin, l.IntMax, l.IntMin + 1, l.IntMax - 1, 0}
				x = uint64(b[r.IntN(len(b))])
			} else {
				b := [...]uint64{l.UintMin, l.UintMax, l.UintMin + 1, l.UintMax - 1}
				x = b[r.IntN(len(b))]
			}
		} else {
			x = interestingWord(r, p.Width)
		}
	case opNumDelta:
		d := uint64(1 + r.IntN(16))
		if r.IntN(2) == 0 {
			x += d
		} else {
			x -= d
		}
	case opNumBits:
		if r.IntN(2) == 0 {
			x ^= 1 << r.IntN(8*p.Width)
		} else {
			x = r.Uint64()
		}
	case opNumLeaf:
		x = m.leafWord(x, p.Width)
	}
	setRaw(p, v, x)
}

// leafWord passes the little-endian bytes of a number through the Leaf.
func (m *Mutator) leafWord(x uint64, width int) uint64 {
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], x)
	n := m.leaf.Mutate(buf[:width], width, width)
	clear(buf[max(n, 0):])
	return binary.LittleEndian.Uint64(buf[:])
}

var (
	specials64 = [...]float64{0, math.Copysign(0, -1), 1, -1, 0.5, math.NaN(), math.Inf(1), math.Inf(-1),
		math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
		0x1p-1022, 1e-9, 1e9, 1 << 53, math.Pi}
	specials32 = [...]float64{0, math.Copysign(0, -1), 1, -1, 0.5, math.NaN(), math.Inf(1), math.Inf(-1),
		math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32,
		0x1p-126, 1e-9, 1e9, 1 << 24, math.Pi}
)

// float returns x changed by a float operation, rounded to the plan's
// width and mapped into its range.
func (m *Mutator) float(p *plan.Plan, x float64, o op) float64 {
	r := m.r
	f32 := p.Width == 4
	switch o {
	case opFloatSpecial:
		if l := &p.Limits; l.HasRange && r.IntN(2) == 0 {
			x = [...]float64{l.FloatMin, l.FloatMax, 0}[r.IntN(3)]
		} else if f32 {
			x = specials32[r.IntN(len(specials32))]
		} else {
			x = specials64[r.IntN(len(specials64))]
		}
	case opNumDelta:
		switch r.IntN(5) {
		case 0:
			x += float64(1 + r.IntN(16))
		case 1:
			x -= float64(1 + r.IntN(16))
		case 2:
			x *= 2
		case 3:
			x /= 2
		default:
			x = -x
		}
	case opNumBits:
		if f32 {
			b := math.Float32bits(float32(x))
			if r.IntN(2) == 0 {
				b ^= 1 << r.IntN(32)
			} else {
				b = r.Uint32()
			}
			x = float64(math.Float32frombits(b))
		} else {
			b := math.Float64bits(x)
			if r.IntN(2) == 0 {
				b ^= 1 << r.IntN(64)
			} else {
				b = r.Uint64()
			}
			x = math.Float64frombits(b)
		}
	case opNumLeaf:
		if f32 {
			x = float64(math.Float32frombits(uint32(m.leafWord(uint64(math.Float32bits(float32(x))), 4))))
		} else {
			x = math.Float64frombits(m.leafWord(math.Float64bits(x), 8))
		}
	}
	if f32 {
		x = float64(float32(x))
	}
	return p.FitFloat(x)
}

// putWord writes word w into buf, whose first size bytes are a text and
// whose length is the limit: in place of the text half the time,
// otherwise inserted at a random place of it. It returns the new length.
func (m *Mutator) putWord(buf []byte, size int, w []byte) int {
	if m.r.IntN(2) == 0 {
		return copy(buf, w)
	}
	at := m.r.IntN(size + 1)
	k := min(len(w), len(buf)-size)
	copy(buf[at+k:size+k], buf[at:size])
	copy(buf[at:at+k], w)
	return size + k
}

// leafBytes passes the bytes of a String, Bytes or Opaque value through
// the Leaf, within the size budget and the length limits.
func (m *Mutator) leafBytes(p *plan.Plan, v reflect.Value) {
	var cur []byte
	switch p.Kind {
	case plan.String:
		cur = []byte(v.String())
	case plan.Bytes:
		cur = v.Bytes()
	case plan.Opaque:
		b, err := p.MarshalOpaque(v)
		if err != nil {
			return
		}
		cur = b
	}
	size := len(cur)
	limit := size
	if m.budget > 0 {
		limit += min(m.budget, max(64, size))
	}
	limit = min(limit, p.Limits.MaxLen)
	if limit < size {
		limit = size
	}
	if cap(m.leafBuf) < limit {
		m.leafBuf = make([]byte, limit)
	}
	buf := m.leafBuf[:limit]
	copy(buf, cur)
	n := -1
	if p.Kind != plan.Opaque {
		// Now and then the text goes, or becomes one the input holds
		// elsewhere (a name a later step refers to, say).
		switch x := m.r.IntN(16); {
		case x == 0 && p.Limits.MinLen == 0:
			n = 0
		case x <= 2:
			if t, ok := m.pickText(); ok {
				n = copy(buf, t)
			}
		case x <= 5:
			// A word of the target's source, whole or put into the text.
			if w, ok := m.dictText(); ok {
				n = m.putWord(buf, size, w)
			}
		}
	}
	if n < 0 {
		n = m.leaf.Mutate(buf, size, limit)
	}
	n = max(0, min(n, limit))
	out := buf[:n]
	for len(out) < p.Limits.MinLen {
		out = append(out, byte('a'+m.r.IntN(26)))
	}
	// A string is valid UTF-8 seven times in eight: most code treats
	// strings as text, and a string of random bytes mostly exercises
	// its first check.
	if p.Limits.UTF8 || (p.Kind == plan.String && !utf8.Valid(out) && m.r.IntN(8) != 0) {
		plan.FixUTF8(out)
	}
	switch p.Kind {
	case plan.String:
		v.SetString(string(out))
	case plan.Bytes:
		if !(len(out) == 0 && v.IsNil()) {
			v.SetBytes(bytes.Clone(out))
		}
	case plan.Opaque:
		tmp := reflect.New(p.Type).Elem()
		if p.UnmarshalOpaque(tmp, bytes.Clone(out)) == nil {
			v.Set(tmp)
		}
	}
}
