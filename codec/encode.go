package codec

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/structfuzz/structfuzz/internal/mapord"
	"github.com/structfuzz/structfuzz/internal/plan"
)

// encoder walks a value along its plan. Every value it visits is
// addressable: the root is (valueOf makes it so), and map entries and
// union contents are copied into addressable temporaries, so float32 bits
// and bulk copies can be read straight from memory.
type encoder struct {
	maxDepth int

	// The memory budget (see plan.Account): when mem is set, the encoder
	// charges what decoding the value will allocate, at the positions the
	// decoder charges at, and refuses (ErrMemory) a value whose encoding
	// strict decoding would refuse for memory.
	mem  bool
	acct plan.Account
	// The position of the next byte in the encoding: len(buf)+shift while
	// encoding into buf, pos while sizing.
	shift, pos int
	// frozen is the position of every charge inside a map, or -1 (see
	// decoder.pos).
	frozen int
	// maps holds what encoding maps needs, from mapsPool (see scratch
	// and release), or nil.
	maps *mapScratch
}

// mapScratch is what encoding maps needs: the temporaries of their sorted
// entries, and room for the encoding of a map being sized.
type mapScratch struct {
	sort mapord.Scratch
	size []byte
}

// mapsPool keeps the map scratch of finished encodings.
var mapsPool = sync.Pool{New: func() any { return new(mapScratch) }}

// scratch returns the encoder's map scratch, taken from the pool on first
// use: an encoding without maps takes none.
func (e *encoder) scratch() *mapScratch {
	if e.maps == nil {
		e.maps = mapsPool.Get().(*mapScratch)
	}
	return e.maps
}

// release gives the encoder's map scratch back to the pool. The encoder
// may be used again: it takes it anew.
func (e *encoder) release() {
	if e.maps != nil {
		e.maps.sort.Trim(maxPooled)
		if cap(e.maps.size) > maxPooled {
			e.maps.size = nil
		}
		mapsPool.Put(e.maps)
		e.maps = nil
	}
}

// newEncoder returns an encoder for o, charging the memory budget.
func newEncoder(o Options) encoder {
	return encoder{maxDepth: o.MaxDepthOrDefault(), mem: true, frozen: -1,
		acct: plan.Account{Base: o.MaxMemoryOrDefault(), PerByte: MemoryPerByte}}
}

// charge charges cost at position pos with a promise of more bytes, and
// returns ErrMemory when the budget does not hold (what names the value).
func (e *encoder) charge(cost, pos, promise int, what func() string) error {
	if !e.mem {
		return nil
	}
	if e.frozen >= 0 {
		pos, promise = e.frozen, 0
	}
	if e.acct.Charge(cost, pos, promise) {
		return nil
	}
	a := &e.acct
	return &Error{Offset: -1, Err: ErrMemory, Detail: fmt.Sprintf(
		"decoding %s would need %d bytes; %d are allocated before it, and the budget for the first %d bytes of the encoding is %d (MaxMemory %d + %d per byte)",
		what(), cost, a.Spent-cost, a.Horizon, a.Allowed(a.Horizon), a.Base, a.PerByte)}
}

// chargeLen charges a String, Bytes or Slice of n elements whose length
// prefix ends at pos.
func (e *encoder) chargeLen(p *plan.Plan, n, pos int) error {
	if !e.mem {
		return nil
	}
	return e.charge(p.Cost(n), pos, n*p.ElemMinSize(), func() string { return (&decoder{}).describe(p, n) })
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

// deeper returns the depth below an element reached from a plan whose
// step counts toward the limit, or an error past the limit.
func (e *encoder) deeper(counts bool, depth int) (int, error) {
	d, ok := plan.Deeper(counts, depth, e.maxDepth)
	if !ok {
		return d, depthErr(e.maxDepth)
	}
	return d, nil
}

// value appends the encoding of v, an addressable value of plan p.
func (e *encoder) value(buf []byte, p *plan.Plan, v reflect.Value, depth int) ([]byte, error) {
	return e.put(buf, p, addr(v), depth)
}

// put appends the encoding of the value of plan p at ptr. The walk reads
// memory through the plan's offsets and sizes rather than through
// reflect; it writes nothing.
func (e *encoder) put(buf []byte, p *plan.Plan, ptr unsafe.Pointer, depth int) ([]byte, error) {
	if p.MemCopy {
		return append(buf, bytesAt(ptr, p.Fixed)...), nil
	}
	switch p.Kind {
	case plan.Bool:
		if *(*bool)(ptr) {
			return append(buf, 1), nil
		}
		return append(buf, 0), nil
	case plan.Int:
		x := intAt(p, ptr)
		if err := checkInt(p, x); err != nil {
			return buf, err
		}
		return appendUint(buf, uint64(x), p.Width), nil
	case plan.Uint:
		x := uintAt(p, ptr)
		if err := checkUint(p, x); err != nil {
			return buf, err
		}
		return appendUint(buf, x, p.Width), nil
	case plan.Float:
		if p.Width == 4 {
			// The bits as stored: a round trip through float64 would
			// quiet a signalling NaN.
			bits := *(*uint32)(ptr)
			if err := checkFloat(p, float64(math.Float32frombits(bits))); err != nil {
				return buf, err
			}
			return appendUint(buf, uint64(bits), 4), nil
		}
		x := *(*float64)(ptr)
		if err := checkFloat(p, x); err != nil {
			return buf, err
		}
		return appendUint(buf, math.Float64bits(x), 8), nil
	case plan.Complex:
		// Complex plans are MemCopy on little-endian hosts; this is the
		// portable path.
		if p.Width == 8 {
			c := *(*complex64)(ptr)
			buf = appendUint(buf, uint64(math.Float32bits(real(c))), 4)
			return appendUint(buf, uint64(math.Float32bits(imag(c))), 4), nil
		}
		c := *(*complex128)(ptr)
		buf = appendUint(buf, math.Float64bits(real(c)), 8)
		return appendUint(buf, math.Float64bits(imag(c)), 8), nil
	case plan.String:
		s := *(*string)(ptr)
		if err := e.lenOK(p, len(s)); err != nil {
			return buf, err
		}
		if p.Limits.UTF8 && !utf8.ValidString(s) {
			return buf, checkUTF8(p, []byte(s))
		}
		if p.Choices != nil {
			if err := checkChoice(p, s); err != nil {
				return buf, err
			}
		}
		buf = appendUint(buf, uint64(len(s)), 4)
		if err := e.chargeLen(p, len(s), len(buf)+e.shift); err != nil {
			return buf, err
		}
		return append(buf, s...), nil
	case plan.Bytes:
		b := *(*[]byte)(ptr)
		if b == nil {
			return e.nilCollection(buf, p)
		}
		if err := e.lenOK(p, len(b)); err != nil {
			return buf, err
		}
		if err := checkUTF8(p, b); err != nil {
			return buf, err
		}
		buf = appendUint(buf, uint64(len(b)), 4)
		if err := e.chargeLen(p, len(b), len(buf)+e.shift); err != nil {
			return buf, err
		}
		return append(buf, b...), nil
	case plan.Slice:
		h := (*plan.SliceHeader)(ptr)
		if h.Data == nil {
			return e.nilCollection(buf, p)
		}
		n := h.Len
		if err := e.lenOK(p, n); err != nil {
			return buf, err
		}
		buf = appendUint(buf, uint64(n), 4)
		if err := e.chargeLen(p, n, len(buf)+e.shift); err != nil {
			return buf, err
		}
		if p.Elem.MemCopy {
			return append(buf, bytesAt(h.Data, n*p.Elem.Fixed)...), nil
		}
		if n == 0 {
			return buf, nil
		}
		d, err := e.deeper(p.DepthElem, depth)
		if err != nil {
			return buf, err
		}
		size := p.Elem.Size
		for i := 0; i < n; i++ {
			if buf, err = e.put(buf, p.Elem, unsafe.Add(h.Data, uintptr(i)*size), d); err != nil {
				return buf, at(err, idxSeg(i))
			}
		}
		return buf, nil
	case plan.Array:
		var err error
		size := p.Elem.Size
		for i := 0; i < p.Len; i++ {
			if buf, err = e.put(buf, p.Elem, unsafe.Add(ptr, uintptr(i)*size), depth); err != nil {
				return buf, at(err, idxSeg(i))
			}
		}
		return buf, nil
	case plan.Map:
		return e.mapValue(buf, p, reflect.NewAt(p.Type, ptr).Elem(), depth)
	case plan.Opaque:
		b, err := opaqueBytes(p, reflect.NewAt(p.Type, ptr).Elem())
		if err != nil {
			return buf, err
		}
		buf = appendUint(buf, uint64(len(b)), 4)
		buf = append(buf, b...)
		return buf, e.chargeOpaque(p, len(b), len(buf)+e.shift)
	case plan.Pointer:
		elem := *(*unsafe.Pointer)(ptr)
		if elem == nil {
			return append(buf, 0), nil
		}
		d, err := e.deeper(p.DepthElem, depth)
		if err != nil {
			return buf, err
		}
		buf = append(buf, 1)
		if err := e.chargePointer(p, len(buf)+e.shift); err != nil {
			return buf, err
		}
		return e.put(buf, p.Elem, elem, d)
	case plan.Struct:
		var err error
		for i := range p.Fields {
			f := &p.Fields[i]
			if buf, err = e.put(buf, f.Plan, unsafe.Add(ptr, f.Offset), depth); err != nil {
				return buf, at(err, fieldSeg(f.Name))
			}
		}
		return buf, nil
	case plan.Union:
		vr, content, d, err := e.variant(p, ptr, depth)
		if err != nil || vr < 0 {
			return appendUint(buf, 0, 2), err
		}
		buf = appendUint(buf, uint64(vr+1), 2)
		if err := e.chargeVariant(&p.Variants[vr], len(buf)+e.shift); err != nil {
			return buf, err
		}
		if buf, err = e.put(buf, p.Variants[vr].Plan, content, d); err != nil {
			return buf, at(err, variantSeg(p.Variants[vr].Name))
		}
		return buf, nil
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

// variant resolves the union value at ptr: the index of its variant (-1
// when it is nil), a read-only pointer to its content, and the depth
// below it.
func (e *encoder) variant(p *plan.Plan, ptr unsafe.Pointer, depth int) (int, unsafe.Pointer, int, error) {
	vr, content := p.VariantAt(ptr)
	switch vr {
	case -1:
		return -1, nil, depth, nil
	case -2:
		t := reflect.NewAt(p.Type, ptr).Elem().Elem().Type()
		return -1, nil, depth, &Error{Offset: -1, Err: ErrUnionTag, Detail: fmt.Sprintf("%v is not a registered variant of %v", t, p.Type)}
	}
	d, err := e.deeper(p.Variants[vr].Depth, depth)
	if err != nil {
		return -1, nil, depth, err
	}
	return vr, content, d, nil
}

// chargeOpaque charges an opaque value of n bytes whose encoding ends at
// pos: after its bytes, as the decoder (which may replace them) does.
func (e *encoder) chargeOpaque(p *plan.Plan, n, pos int) error {
	if !e.mem {
		return nil
	}
	return e.charge(p.Cost(n), pos, 0, func() string { return (&decoder{}).describe(p, n) })
}

// chargePointer charges the target of a present pointer after its
// presence byte at pos.
func (e *encoder) chargePointer(p *plan.Plan, pos int) error {
	if !e.mem {
		return nil
	}
	return e.charge(p.Cost(1), pos, 0, func() string { return (&decoder{}).describe(p, 1) })
}

// chargeVariant charges a union's variant after its tag at pos.
func (e *encoder) chargeVariant(vr *plan.Variant, pos int) error {
	if !e.mem {
		return nil
	}
	return e.charge(vr.Mem, pos, 0, func() string { return "variant " + vr.Name })
}

// here returns the position of the next byte appended to buf, as the
// budget counts it (see decoder.pos).
func (e *encoder) here(buf []byte) int {
	if e.frozen >= 0 {
		return e.frozen
	}
	return len(buf) + e.shift
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
	charging := e.mem
	hint := 0
	if charging {
		var ok bool
		if hint, ok = e.acct.MapHint(p, n, e.here(buf)); !ok {
			return buf, e.charge(p.Mem.Once, e.here(buf), 0, func() string { return (&decoder{}).describe(p, n) })
		}
	}
	if n == 0 {
		return buf, nil
	}
	d, err := e.deeper(p.DepthElem, depth)
	if err != nil {
		return buf, err
	}
	if charging && e.frozen < 0 {
		e.frozen = e.here(buf)
		defer func() { e.frozen = -1 }()
	}
	// Keys are charged (strings) as they are encoded here, in iteration
	// order: inside a map every charge takes the same position, so the
	// order does not matter.
	sc := &e.scratch().sort
	entries, mark, err := sc.Sorted(v, func(kb []byte, i int, k reflect.Value) ([]byte, error) {
		kb, err := e.value(kb, p.Key, k, d)
		if err != nil {
			return kb, at(err, keySeg(i))
		}
		return kb, nil
	})
	defer sc.Release(mark)
	if err != nil {
		return buf, err
	}
	for i := range entries {
		if i > 0 && bytes.Equal(entries[i-1].Key, entries[i].Key) {
			return buf, at(&Error{Offset: -1, Err: ErrMapKeys, Detail: "two keys encode identically (NaN keys?)"}, keySeg(i))
		}
		buf = append(buf, entries[i].Key...)
		if buf, err = e.value(buf, p.Elem, entries[i].V, d); err != nil {
			return buf, at(err, valSeg(i))
		}
		if charging && !e.acct.MapEntry(p, i, hint, e.here(buf)) {
			a := &e.acct
			return buf, at(&Error{Offset: -1, Err: ErrMemory, Detail: fmt.Sprintf(
				"decoding entry %d of %v would need %d bytes more; %d are allocated, and the budget for the first %d bytes of the encoding is %d (MaxMemory %d + %d per byte)",
				i, p.Type, p.Mem.Each, a.Spent, a.Horizon, a.Allowed(a.Horizon), a.Base, a.PerByte)}, keySeg(i))
		}
	}
	return buf, nil
}

// size mirrors value without building the encoding. It advances e.pos,
// the position of v's encoding on entry, past it.
func (e *encoder) size(p *plan.Plan, v reflect.Value, depth int) (int, error) {
	return e.measure(p, addr(v), depth)
}

// measure is size for the value at ptr.
func (e *encoder) measure(p *plan.Plan, ptr unsafe.Pointer, depth int) (int, error) {
	if p.Unchecked {
		e.pos += p.Fixed
		return p.Fixed, nil
	}
	start := e.pos
	n, err := e.sizeOf(p, ptr, depth)
	e.pos = start + n
	return n, err
}

// sizeOf is measure, for e.pos at the start of the value.
func (e *encoder) sizeOf(p *plan.Plan, ptr unsafe.Pointer, depth int) (int, error) {
	start := e.pos
	switch p.Kind {
	case plan.Bool, plan.Int, plan.Uint, plan.Float, plan.Complex:
		// Constrained scalars: validate through the encoder into a small
		// stack buffer.
		var scratch [16]byte
		b, err := e.put(scratch[:0], p, ptr, depth)
		return len(b), err
	case plan.String:
		s := *(*string)(ptr)
		if err := e.lenOK(p, len(s)); err != nil {
			return 0, err
		}
		if p.Limits.UTF8 && !utf8.ValidString(s) {
			return 0, checkUTF8(p, []byte(s))
		}
		if p.Choices != nil {
			if err := checkChoice(p, s); err != nil {
				return 0, err
			}
		}
		return 4 + len(s), e.chargeLen(p, len(s), start+4)
	case plan.Bytes:
		b := *(*[]byte)(ptr)
		if b == nil {
			var scratch [4]byte // appending to nil would allocate
			_, err := e.nilCollection(scratch[:0], p)
			return 4, err
		}
		if err := e.lenOK(p, len(b)); err != nil {
			return 0, err
		}
		if err := e.chargeLen(p, len(b), start+4); err != nil {
			return 0, err
		}
		return 4 + len(b), checkUTF8OrNil(p, b)
	case plan.Slice:
		h := (*plan.SliceHeader)(ptr)
		if h.Data == nil {
			var scratch [4]byte // appending to nil would allocate
			_, err := e.nilCollection(scratch[:0], p)
			return 4, err
		}
		n := h.Len
		if err := e.lenOK(p, n); err != nil {
			return 0, err
		}
		if err := e.chargeLen(p, n, start+4); err != nil {
			return 0, err
		}
		e.pos = start + 4
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
		size := p.Elem.Size
		for i := 0; i < n; i++ {
			s, err := e.measure(p.Elem, unsafe.Add(h.Data, uintptr(i)*size), d)
			if err != nil {
				return 0, at(err, idxSeg(i))
			}
			total += s
		}
		return total, nil
	case plan.Array:
		total := 0
		size := p.Elem.Size
		for i := 0; i < p.Len; i++ {
			s, err := e.measure(p.Elem, unsafe.Add(ptr, uintptr(i)*size), depth)
			if err != nil {
				return 0, at(err, idxSeg(i))
			}
			total += s
		}
		return total, nil
	case plan.Opaque:
		b, err := opaqueBytes(p, reflect.NewAt(p.Type, ptr).Elem())
		if err != nil {
			return 0, err
		}
		return 4 + len(b), e.chargeOpaque(p, len(b), start+4+len(b))
	case plan.Map:
		// Whether two keys collide is only known from their encodings.
		// A map inside a map's value is encoded by put, not here, so
		// one buffer serves every map a sizing walk meets.
		shift := e.shift
		e.shift = start
		ms := e.scratch()
		b, err := e.mapValue(ms.size[:0], p, reflect.NewAt(p.Type, ptr).Elem(), depth)
		ms.size = b[:0]
		e.shift = shift
		return len(b), err
	case plan.Pointer:
		elem := *(*unsafe.Pointer)(ptr)
		if elem == nil {
			return 1, nil
		}
		d, err := e.deeper(p.DepthElem, depth)
		if err != nil {
			return 0, err
		}
		if err := e.chargePointer(p, start+1); err != nil {
			return 0, err
		}
		e.pos = start + 1
		s, err := e.measure(p.Elem, elem, d)
		return 1 + s, err
	case plan.Struct:
		total := 0
		for i := range p.Fields {
			f := &p.Fields[i]
			s, err := e.measure(f.Plan, unsafe.Add(ptr, f.Offset), depth)
			if err != nil {
				return 0, at(err, fieldSeg(f.Name))
			}
			total += s
		}
		return total, nil
	case plan.Union:
		vr, content, d, err := e.variant(p, ptr, depth)
		if err != nil {
			return 0, err
		}
		if vr < 0 {
			return 2, nil
		}
		if err := e.chargeVariant(&p.Variants[vr], start+2); err != nil {
			return 0, err
		}
		e.pos = start + 2
		s, err := e.measure(p.Variants[vr].Plan, content, d)
		if err != nil {
			return 0, at(err, variantSeg(p.Variants[vr].Name))
		}
		return 2 + s, nil
	}
	return 0, fmt.Errorf("codec: internal error: plan kind %v", p.Kind)
}

func checkUTF8OrNil(p *plan.Plan, b []byte) error {
	if err := checkUTF8(p, b); err != nil {
		return err
	}
	return nil
}
