package codec

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"slices"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// encoder walks a value along its plan. Every value it visits is
// addressable: the root is (valueOf makes it so), and map entries and
// union contents are copied into addressable temporaries, so float32 bits
// and bulk copies can be read straight from memory.
type encoder struct {
	maxDepth int
}

func appendUint(buf []byte, x uint64, width int) []byte {
	switch width {
	case 1:
		return append(buf, byte(x))
	case 2:
		return binary.LittleEndian.AppendUint16(buf, uint16(x))
	case 4:
		return binary.LittleEndian.AppendUint32(buf, uint32(x))
	default:
		return binary.LittleEndian.AppendUint64(buf, x)
	}
}

// float32Bits reads the bits of a float32 without a round trip through
// float64, which would quiet a signalling NaN.
func float32Bits(v reflect.Value) uint32 {
	return binary.NativeEndian.Uint32(mem(v, 4))
}

// deeper returns the depth below an element reached from a plan whose
// step counts toward the limit, or an error past the limit.
func (e *encoder) deeper(counts bool, depth int) (int, error) {
	if !counts {
		return depth, nil
	}
	if depth+1 > e.maxDepth {
		return depth, depthErr(e.maxDepth)
	}
	return depth + 1, nil
}

func (e *encoder) value(buf []byte, p *plan.Plan, v reflect.Value, depth int) ([]byte, error) {
	if p.MemCopy {
		return append(buf, mem(v, p.Fixed)...), nil
	}
	switch p.Kind {
	case plan.Bool:
		if v.Bool() {
			return append(buf, 1), nil
		}
		return append(buf, 0), nil
	case plan.Int:
		x := v.Int()
		if err := checkInt(p, x); err != nil {
			return buf, err
		}
		return appendUint(buf, uint64(x), p.Width), nil
	case plan.Uint:
		x := v.Uint()
		if err := checkUint(p, x); err != nil {
			return buf, err
		}
		return appendUint(buf, x, p.Width), nil
	case plan.Float:
		if err := checkFloat(p, v.Float()); err != nil {
			return buf, err
		}
		if p.Width == 4 {
			return appendUint(buf, uint64(float32Bits(v)), 4), nil
		}
		return appendUint(buf, math.Float64bits(v.Float()), 8), nil
	case plan.Complex:
		// Complex plans are MemCopy on little-endian hosts; this is the
		// portable path.
		c := v.Complex()
		if p.Width == 8 {
			buf = appendUint(buf, uint64(math.Float32bits(float32(real(c)))), 4)
			return appendUint(buf, uint64(math.Float32bits(float32(imag(c)))), 4), nil
		}
		buf = appendUint(buf, math.Float64bits(real(c)), 8)
		return appendUint(buf, math.Float64bits(imag(c)), 8), nil
	case plan.String:
		s := v.String()
		if err := e.lenOK(p, len(s)); err != nil {
			return buf, err
		}
		if p.Limits.UTF8 {
			if err := checkUTF8(p, []byte(s)); err != nil {
				return buf, err
			}
		}
		buf = appendUint(buf, uint64(len(s)), 4)
		return append(buf, s...), nil
	case plan.Bytes:
		if v.IsNil() {
			return e.nilCollection(buf, p)
		}
		b := v.Bytes()
		if err := e.lenOK(p, len(b)); err != nil {
			return buf, err
		}
		if err := checkUTF8(p, b); err != nil {
			return buf, err
		}
		buf = appendUint(buf, uint64(len(b)), 4)
		return append(buf, b...), nil
	case plan.Slice:
		if v.IsNil() {
			return e.nilCollection(buf, p)
		}
		n := v.Len()
		if err := e.lenOK(p, n); err != nil {
			return buf, err
		}
		buf = appendUint(buf, uint64(n), 4)
		if p.Elem.MemCopy {
			return append(buf, sliceMem(v, n, p.Elem.Fixed)...), nil
		}
		if n == 0 {
			return buf, nil
		}
		d, err := e.deeper(p.DepthElem, depth)
		if err != nil {
			return buf, err
		}
		for i := 0; i < n; i++ {
			if buf, err = e.value(buf, p.Elem, v.Index(i), d); err != nil {
				return buf, at(err, idxSeg(i))
			}
		}
		return buf, nil
	case plan.Array:
		var err error
		for i := 0; i < p.Len; i++ {
			if buf, err = e.value(buf, p.Elem, v.Index(i), depth); err != nil {
				return buf, at(err, idxSeg(i))
			}
		}
		return buf, nil
	case plan.Map:
		return e.mapValue(buf, p, v, depth)
	case plan.Opaque:
		b, err := opaqueBytes(p, v)
		if err != nil {
			return buf, err
		}
		buf = appendUint(buf, uint64(len(b)), 4)
		return append(buf, b...), nil
	case plan.Pointer:
		if v.IsNil() {
			return append(buf, 0), nil
		}
		d, err := e.deeper(p.DepthElem, depth)
		if err != nil {
			return buf, err
		}
		return e.value(append(buf, 1), p.Elem, v.Elem(), d)
	case plan.Struct:
		var err error
		for i := range p.Fields {
			f := &p.Fields[i]
			if buf, err = e.value(buf, f.Plan, v.Field(f.Index), depth); err != nil {
				return buf, at(err, fieldSeg(f.Name))
			}
		}
		return buf, nil
	case plan.Union:
		if v.IsNil() {
			return appendUint(buf, 0, 2), nil
		}
		vr, ev, d, err := e.variant(p, v, depth)
		if err != nil {
			return buf, err
		}
		buf = appendUint(buf, uint64(vr+1), 2)
		buf, err = e.value(buf, p.Variants[vr].Plan, ev, d)
		return buf, at(err, variantSeg(p.Variants[vr].Name))
	}
	return buf, fmt.Errorf("codec: internal error: plan kind %v", p.Kind)
}

func (e *encoder) lenOK(p *plan.Plan, n int) error {
	if n > plan.MaxLength {
		return &Error{Offset: -1, Err: ErrLength, Detail: fmt.Sprintf("length %d does not fit the format's uint32", n)}
	}
	if err := checkLen(p, n); err != nil {
		return err
	}
	return nil
}

func (e *encoder) nilCollection(buf []byte, p *plan.Plan) ([]byte, error) {
	if p.Limits.MinLen > 0 {
		return buf, &Error{Offset: -1, Err: ErrLength, Detail: fmt.Sprintf("nil, but minlen is %d", p.Limits.MinLen)}
	}
	return appendUint(buf, plan.NilLength, 4), nil
}

// variant resolves the dynamic type of a non-nil union value: its index,
// an addressable copy of its content, and the depth below it.
func (e *encoder) variant(p *plan.Plan, v reflect.Value, depth int) (int, reflect.Value, int, error) {
	ev := v.Elem()
	vr := p.VariantIndex(ev.Type())
	if vr < 0 {
		return 0, ev, 0, &Error{Offset: -1, Err: ErrUnionTag, Detail: fmt.Sprintf("%v is not a registered variant of %v", ev.Type(), p.Type)}
	}
	d, err := e.deeper(p.Variants[vr].Depth, depth)
	if err != nil {
		return 0, ev, 0, err
	}
	if ev.Kind() != reflect.Pointer {
		cp := reflect.New(ev.Type()).Elem()
		cp.Set(ev)
		ev = cp
	}
	return vr, ev, d, nil
}

type mapEntry struct {
	key        []byte
	start, end int // key bytes in the scratch buffer
	val        reflect.Value
}

// mapValue encodes a map with its entries sorted by the bytes of their
// keys, so equal maps encode equally.
func (e *encoder) mapValue(buf []byte, p *plan.Plan, v reflect.Value, depth int) ([]byte, error) {
	if v.IsNil() {
		return e.nilCollection(buf, p)
	}
	n := v.Len()
	if err := e.lenOK(p, n); err != nil {
		return buf, err
	}
	buf = appendUint(buf, uint64(n), 4)
	if n == 0 {
		return buf, nil
	}
	d, err := e.deeper(p.DepthElem, depth)
	if err != nil {
		return buf, err
	}
	var keys []byte
	entries := make([]mapEntry, 0, n)
	k := reflect.New(p.Key.Type).Elem()
	// The values go to one addressable slice: MapIter.Value would allocate
	// a copy of each value that is not pointer-shaped.
	vals := reflect.MakeSlice(reflect.SliceOf(p.Elem.Type), n, n)
	for it := v.MapRange(); it.Next(); {
		k.SetIterKey(it)
		start := len(keys)
		if keys, err = e.value(keys, p.Key, k, d); err != nil {
			return buf, at(err, keySeg(len(entries)))
		}
		val := vals.Index(len(entries))
		val.SetIterValue(it)
		entries = append(entries, mapEntry{start: start, end: len(keys), val: val})
	}
	for i := range entries {
		entries[i].key = keys[entries[i].start:entries[i].end]
	}
	slices.SortFunc(entries, func(a, b mapEntry) int { return bytes.Compare(a.key, b.key) })
	for i := range entries {
		if i > 0 && bytes.Equal(entries[i-1].key, entries[i].key) {
			return buf, at(&Error{Offset: -1, Err: ErrMapKeys, Detail: "two keys encode identically (NaN keys?)"}, keySeg(i))
		}
		buf = append(buf, entries[i].key...)
		if buf, err = e.value(buf, p.Elem, entries[i].val, d); err != nil {
			return buf, at(err, valSeg(i))
		}
	}
	return buf, nil
}

// size mirrors value without building the encoding.
func (e *encoder) size(p *plan.Plan, v reflect.Value, depth int) (int, error) {
	if p.Unchecked {
		return p.Fixed, nil
	}
	switch p.Kind {
	case plan.Bool, plan.Int, plan.Uint, plan.Float, plan.Complex:
		// Constrained scalars: validate through the encoder into a small
		// stack buffer.
		var scratch [16]byte
		b, err := e.value(scratch[:0], p, v, depth)
		return len(b), err
	case plan.String:
		s := v.String()
		if err := e.lenOK(p, len(s)); err != nil {
			return 0, err
		}
		if p.Limits.UTF8 {
			if err := checkUTF8(p, []byte(s)); err != nil {
				return 0, err
			}
		}
		return 4 + len(s), nil
	case plan.Bytes:
		if v.IsNil() {
			var scratch [4]byte // appending to nil would allocate
			_, err := e.nilCollection(scratch[:0], p)
			return 4, err
		}
		b := v.Bytes()
		if err := e.lenOK(p, len(b)); err != nil {
			return 0, err
		}
		return 4 + len(b), checkUTF8OrNil(p, b)
	case plan.Slice:
		if v.IsNil() {
			var scratch [4]byte // appending to nil would allocate
			_, err := e.nilCollection(scratch[:0], p)
			return 4, err
		}
		n := v.Len()
		if err := e.lenOK(p, n); err != nil {
			return 0, err
		}
		if p.Elem.Unchecked {
			return 4 + n*p.Elem.Fixed, nil
		}
		if n == 0 {
			return 4, nil
		}
		d, err := e.deeper(p.DepthElem, depth)
		if err != nil {
			return 0, err
		}
		total := 4
		for i := 0; i < n; i++ {
			s, err := e.size(p.Elem, v.Index(i), d)
			if err != nil {
				return 0, at(err, idxSeg(i))
			}
			total += s
		}
		return total, nil
	case plan.Array:
		total := 0
		for i := 0; i < p.Len; i++ {
			s, err := e.size(p.Elem, v.Index(i), depth)
			if err != nil {
				return 0, at(err, idxSeg(i))
			}
			total += s
		}
		return total, nil
	case plan.Opaque:
		b, err := opaqueBytes(p, v)
		return 4 + len(b), err
	case plan.Map:
		// Whether two keys collide is only known from their encodings.
		b, err := e.mapValue(nil, p, v, depth)
		return len(b), err
	case plan.Pointer:
		if v.IsNil() {
			return 1, nil
		}
		d, err := e.deeper(p.DepthElem, depth)
		if err != nil {
			return 0, err
		}
		s, err := e.size(p.Elem, v.Elem(), d)
		return 1 + s, err
	case plan.Struct:
		total := 0
		for i := range p.Fields {
			f := &p.Fields[i]
			s, err := e.size(f.Plan, v.Field(f.Index), depth)
			if err != nil {
				return 0, at(err, fieldSeg(f.Name))
			}
			total += s
		}
		return total, nil
	case plan.Union:
		if v.IsNil() {
			return 2, nil
		}
		vr, ev, d, err := e.variant(p, v, depth)
		if err != nil {
			return 0, err
		}
		s, err := e.size(p.Variants[vr].Plan, ev, d)
		return 2 + s, at(err, variantSeg(p.Variants[vr].Name))
	}
	return 0, fmt.Errorf("codec: internal error: plan kind %v", p.Kind)
}

func checkUTF8OrNil(p *plan.Plan, b []byte) error {
	if err := checkUTF8(p, b); err != nil {
		return err
	}
	return nil
}
