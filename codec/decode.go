package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"unicode/utf8"
	"unsafe"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// decoder reads one value from data. In strict mode every deviation from
// the canonical encoding is an error; in lenient mode (see
// UnmarshalLenient) nothing is. Every value it writes is addressable: the
// root comes from a pointer, and everything else is freshly allocated.
type decoder struct {
	data     []byte
	off      int
	lenient  bool
	maxDepth int
	// acct keeps the memory budget (see plan.Account) at positions of
	// the encoding of the value decoded: the input offset less the bytes
	// lenient decoding dropped (repeated map keys, opaque bytes replaced
	// by the zero value's).
	acct    plan.Account
	dropped int
	// frozen is the position every charge inside a map takes, or -1
	// outside maps (see pos).
	frozen  int
	scratch [16]byte
	// arena is an immutable copy of data from arenaAt on, made at the
	// first string decoded (which starts at arenaAt), of which every
	// decoded string is a substring: one allocation for all the strings
	// of a value (see substr).
	arena   string
	arenaAt int
}

// substr returns b, just taken from offset off, as a string. Bytes of the
// input come from the arena; the zero-filled tail of a short lenient
// input does not, and is copied.
func (d *decoder) substr(off int, b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if off+len(b) > len(d.data) {
		return string(b)
	}
	if d.arena == "" {
		// Strings come in input order: the bytes before this one hold
		// none.
		d.arena, d.arenaAt = string(d.data[off:]), off
	}
	return d.arena[off-d.arenaAt : off-d.arenaAt+len(b)]
}

// pos is the position in the encoding of the decoded value that
// corresponds to the input offset: what the encoder charges at. Inside a
// map it is the position after the map's length: the encoder visits the
// entries sorted by key, which lenient input need not be, so what is
// charged inside a map may depend on the entries' sum only, not on their
// order.
func (d *decoder) pos() int {
	if d.frozen >= 0 {
		return d.frozen
	}
	return d.off - d.dropped
}

// promise caps a promise of more bytes at the end of the input (a lenient
// decoder zero-fills past it, and the budget counts input bytes), and
// voids it inside a map (see pos).
func (d *decoder) promise(n int) int {
	if d.frozen >= 0 {
		return 0
	}
	return max(0, min(n, len(d.data)-d.off))
}

// drop records that n input bytes before the offset are not part of the
// decoded value's encoding (repeated map entries, opaque bytes replaced by
// the zero value's). What was charged for them stays charged.
func (d *decoder) drop(n int) {
	d.dropped += max(n, 0)
}

// grow charges the memory budget for a String, Bytes or Slice of n
// elements before the decoder allocates it, and returns the count to
// allocate. Strict: a value that does not fit is ErrMemory. Lenient: the
// count is cut to what fits, but not below the plan's minimum length (a
// valid value needs it, so it is charged even over the budget).
func (d *decoder) grow(p *plan.Plan, n, start int) (int, error) {
	per := p.ElemMinSize()
	cost, pos, promise := p.Cost(n), d.pos(), d.promise(n*per)
	if !d.lenient {
		// Strict decoding stops at the first charge that fails: charge
		// at once, and take it back for the error's report.
		before := d.acct
		if d.acct.Charge(cost, pos, promise) {
			return n, nil
		}
		d.acct = before
		return 0, d.memErr(start, d.describe(p, n), cost, promise)
	}
	if d.acct.Fits(cost, pos, promise) {
		d.acct.Charge(cost, pos, promise)
		return n, nil
	}
	n = max(d.acct.Affordable(p, n, d.pos()), p.Limits.MinLen)
	d.acct.Charge(p.Cost(n), d.pos(), d.promise(n*per))
	return n, nil
}

// describe names a value of plan p with n elements for an error.
func (d *decoder) describe(p *plan.Plan, n int) string {
	switch p.Kind {
	case plan.String, plan.Bytes, plan.Opaque:
		return fmt.Sprintf("%v of %d bytes", p.Type, n)
	case plan.Slice:
		return fmt.Sprintf("%d elements of %v (%d bytes each)", n, p.Elem.Type, p.Elem.Type.Size())
	case plan.Map:
		return fmt.Sprintf("%v with %d entries", p.Type, n)
	case plan.Pointer:
		return fmt.Sprintf("a new %v", p.Elem.Type)
	}
	return p.Type.String()
}

// memErr reports a value (what) that needs cost bytes of memory, more
// than the budget allows for the input up to its promise.
func (d *decoder) memErr(start int, what string, cost, promise int) *Error {
	a := &d.acct
	h := max(a.Horizon, d.pos()+promise)
	return d.failAt(start, ErrMemory, "%s needs %d bytes; %d are allocated, and the budget for the first %d input bytes is %d (MaxMemory %d + %d per byte)",
		what, cost, a.Spent, h, a.Allowed(h), a.Base, a.PerByte)
}

func (d *decoder) failAt(off int, sentinel error, format string, args ...any) *Error {
	return &Error{Offset: off, Err: sentinel, Detail: fmt.Sprintf(format, args...)}
}

func (d *decoder) fail(sentinel error, format string, args ...any) *Error {
	return d.failAt(d.off, sentinel, format, args...)
}

// located gives a shared check's error the offset of the value at fault.
func located(err *Error, off int) error {
	err.Offset = off
	return err
}

// take consumes n bytes. Strict: short input is an error. Lenient: the
// bytes that exist are followed by zeros.
func (d *decoder) take(n int) ([]byte, error) {
	if len(d.data)-d.off >= n {
		b := d.data[d.off : d.off+n : d.off+n]
		d.off += n
		return b, nil
	}
	if !d.lenient {
		return nil, d.fail(ErrShortInput, "need %d bytes, %d left", n, len(d.data)-d.off)
	}
	var b []byte
	if n <= len(d.scratch) {
		b = d.scratch[:n]
		clear(b)
	} else {
		b = make([]byte, n)
	}
	copy(b, d.data[d.off:])
	d.off = len(d.data)
	return b, nil
}

func (d *decoder) uint(width int) (uint64, error) {
	b, err := d.take(width)
	if err != nil {
		return 0, err
	}
	switch width {
	case 1:
		return uint64(b[0]), nil
	case 2:
		return uint64(binary.LittleEndian.Uint16(b)), nil
	case 4:
		return uint64(binary.LittleEndian.Uint32(b)), nil
	default:
		return binary.LittleEndian.Uint64(b), nil
	}
}

// flag reads a bool or a pointer's presence byte.
func (d *decoder) flag() (bool, error) {
	b, err := d.uint(1)
	if err != nil {
		return false, err
	}
	if b > 1 {
		if !d.lenient {
			return false, d.failAt(d.off-1, ErrBool, "byte %#02x", b)
		}
		b &= 1
	}
	return b == 1, nil
}

// length reads the length prefix of a String, Bytes, Slice or Map and
// checks it against the plan's limits and what the rest of the input can
// hold. Lenient: an invalid length maps into the valid range.
func (d *decoder) length(p *plan.Plan) (n int, isNil bool, err error) {
	start := d.off
	raw, err := d.uint(4)
	if err != nil {
		return 0, false, err
	}
	lo, hi := p.Limits.MinLen, p.Limits.MaxLen
	// Only a Bytes, Slice or Map can be nil. For a String or an Opaque
	// value the nil length is an ordinary length, and too long: accepting
	// it as empty would re-encode as 00000000, not canonical.
	if raw == plan.NilLength && p.Kind != plan.String && p.Kind != plan.Opaque {
		if lo == 0 {
			return 0, true, nil
		}
		if !d.lenient {
			return 0, false, d.failAt(start, ErrLength, "nil, but minlen is %d", lo)
		}
	}
	limit := p.MaxCount(len(d.data) - d.off)
	if !d.lenient {
		switch {
		case raw > uint64(limit):
			return 0, false, d.failAt(start, ErrLength, "length %d, but the %d bytes left hold at most %d", raw, len(d.data)-d.off, limit)
		case raw < uint64(lo) || raw > uint64(hi):
			return 0, false, d.failAt(start, ErrLength, "length %d outside [%d, %d]", raw, lo, hi)
		}
		return int(raw), false, nil
	}
	top := min(hi, limit)
	if top < lo {
		top = lo // the minimum is zero-filled
	}
	if raw >= uint64(lo) && raw <= uint64(top) {
		return int(raw), false, nil
	}
	return lo + int(raw%uint64(top-lo+1)), false, nil
}

// deeper is the decoder's depth step (see encoder.deeper). Lenient: false
// means the element must be left out.
func (d *decoder) deeper(counts bool, depth, off int) (int, bool, error) {
	dd, ok := plan.Deeper(counts, depth, d.maxDepth)
	if !ok && !d.lenient {
		return dd, false, located(depthErr(d.maxDepth), off)
	}
	return dd, ok, nil
}

// value decodes into v, an addressable value of plan p.
func (d *decoder) value(p *plan.Plan, v reflect.Value, depth int) error {
	return d.fill(p, addr(v), depth)
}

// fill decodes into the value of plan p at ptr, which holds the zero
// value, writing memory through the plan's offsets and sizes rather than
// through reflect.
func (d *decoder) fill(p *plan.Plan, ptr unsafe.Pointer, depth int) error {
	if p.MemCopy {
		b, err := d.take(p.Fixed)
		if err != nil {
			return err
		}
		copy(bytesAt(ptr, p.Fixed), b)
		return nil
	}
	start := d.off
	switch p.Kind {
	case plan.Bool:
		b, err := d.flag()
		*(*bool)(ptr) = b
		return err
	case plan.Int:
		raw, err := d.uint(p.Width)
		if err != nil {
			return err
		}
		shift := 64 - 8*uint(p.Width)
		x := int64(raw<<shift) >> shift
		if d.lenient {
			x = p.FitInt(x)
		} else if err := checkInt(p, x); err != nil {
			return located(err, start)
		}
		if !setInt(p, ptr, x) && !d.lenient {
			return d.failAt(start, ErrRange, "%d does not fit %v on this platform", x, p.Type)
		}
		return nil
	case plan.Uint:
		x, err := d.uint(p.Width)
		if err != nil {
			return err
		}
		if d.lenient {
			x = p.FitUint(x)
		} else if err := checkUint(p, x); err != nil {
			return located(err, start)
		}
		if !setUint(p, ptr, x) && !d.lenient {
			return d.failAt(start, ErrRange, "%d does not fit %v on this platform", x, p.Type)
		}
		return nil
	case plan.Float:
		raw, err := d.uint(p.Width)
		if err != nil {
			return err
		}
		x := math.Float64frombits(raw)
		if p.Width == 4 {
			x = float64(math.Float32frombits(uint32(raw)))
		}
		if d.lenient {
			if y := p.FitFloat(x); math.Float64bits(y) != math.Float64bits(x) {
				x, raw = y, math.Float64bits(y)
				if p.Width == 4 {
					raw = uint64(math.Float32bits(float32(y)))
				}
			}
		} else if err := checkFloat(p, x); err != nil {
			return located(err, start)
		}
		// Store the bits as read: a float64 round trip would quiet a
		// signalling NaN.
		if p.Width == 4 {
			*(*uint32)(ptr) = uint32(raw)
		} else {
			*(*uint64)(ptr) = raw
		}
		return nil
	case plan.Complex:
		half := p.Width / 2
		re, err := d.uint(half)
		if err != nil {
			return err
		}
		im, err := d.uint(half)
		if err != nil {
			return err
		}
		if half == 4 {
			*(*complex64)(ptr) = complex(math.Float32frombits(uint32(re)), math.Float32frombits(uint32(im)))
		} else {
			*(*complex128)(ptr) = complex(math.Float64frombits(re), math.Float64frombits(im))
		}
		return nil
	case plan.String:
		n, _, err := d.length(p)
		if err != nil {
			return err
		}
		if n, err = d.grow(p, n, start); err != nil {
			return err
		}
		at := d.off
		b, err := d.take(n)
		if err != nil {
			return err
		}
		if p.Choices != nil {
			// The choice itself, whichever bytes spelt it: no copy.
			i := p.Choices.Index(unsafe.String(unsafe.SliceData(b), len(b)))
			switch {
			case i >= 0:
				*(*string)(ptr) = p.Choices.Texts[i]
			case d.lenient:
				*(*string)(ptr) = p.Choices.Texts[p.Choices.Fit(unsafe.String(unsafe.SliceData(b), len(b)))]
			default:
				err := checkChoice(p, string(b))
				err.Offset = start + 4
				return err
			}
			return nil
		}
		if p.Limits.UTF8 && !utf8.Valid(b) {
			if !d.lenient {
				return d.failAt(start+4, ErrUTF8, "")
			}
			// One copy, fixed in place and kept: the string owns it. (A
			// new variable: b may point into the decoder's scratch array,
			// which must not escape with it.)
			fixed := bytes.Clone(b)
			plan.FixUTF8(fixed)
			*(*string)(ptr) = unsafe.String(unsafe.SliceData(fixed), len(fixed))
			return nil
		}
		*(*string)(ptr) = d.substr(at, b)
		return nil
	case plan.Bytes:
		n, isNil, err := d.length(p)
		if err != nil || isNil {
			return err
		}
		if n, err = d.grow(p, n, start); err != nil {
			return err
		}
		src, err := d.take(n)
		if err != nil {
			return err
		}
		b := make([]byte, n)
		copy(b, src)
		if p.Limits.UTF8 && !utf8.Valid(b) {
			if !d.lenient {
				return d.failAt(start+4, ErrUTF8, "")
			}
			plan.FixUTF8(b)
		}
		*(*[]byte)(ptr) = b
		return nil
	case plan.Slice:
		return d.slice(p, ptr, depth)
	case plan.Array:
		size := p.Elem.Size
		for i := 0; i < p.Len; i++ {
			if err := d.fill(p.Elem, unsafe.Add(ptr, uintptr(i)*size), depth); err != nil {
				return at(err, idxSeg(i))
			}
		}
		return nil
	case plan.Map:
		return d.mapValue(p, reflect.NewAt(p.Type, ptr).Elem(), depth)
	case plan.Opaque:
		return d.opaque(p, reflect.NewAt(p.Type, ptr).Elem(), start)
	case plan.Pointer:
		present, err := d.flag()
		if err != nil || !present {
			return err
		}
		dd, ok, err := d.deeper(p.DepthElem, depth, start)
		if !ok {
			return err
		}
		if !d.acct.Fits(p.Cost(1), d.pos(), 0) {
			if d.lenient {
				return nil // left nil, as past the depth limit
			}
			return d.memErr(start, d.describe(p, 1), p.Cost(1), 0)
		}
		d.acct.Charge(p.Cost(1), d.pos(), 0)
		elem := reflect.New(p.Elem.Type).UnsafePointer()
		*(*unsafe.Pointer)(ptr) = elem
		return d.fill(p.Elem, elem, dd)
	case plan.Struct:
		for i := range p.Fields {
			f := &p.Fields[i]
			if err := d.fill(f.Plan, unsafe.Add(ptr, f.Offset), depth); err != nil {
				return at(err, fieldSeg(f.Name))
			}
		}
		return nil
	case plan.Union:
		return d.union(p, ptr, depth)
	}
	return fmt.Errorf("codec: internal error: plan kind %v", p.Kind)
}

func (d *decoder) slice(p *plan.Plan, ptr unsafe.Pointer, depth int) error {
	start := d.off
	n, isNil, err := d.length(p)
	if err != nil || isNil {
		return err
	}
	dd := depth
	if n > 0 {
		var ok bool
		if dd, ok, err = d.deeper(p.DepthElem, depth, start); !ok {
			if err == nil {
				emptySlice(ptr)
			}
			return err
		}
	}
	if n, err = d.grow(p, n, start); err != nil {
		return err
	}
	if n == 0 {
		emptySlice(ptr) // empty, not nil
		return nil
	}
	// The slice is nil: grow it in place. reflect.MakeSlice would also
	// allocate a header for the Value it returns: one allocation per
	// decoded slice. SetCap keeps cap == len, as MakeSlice did.
	s := reflect.NewAt(p.Type, ptr).Elem()
	s.Grow(n)
	s.SetLen(n)
	s.SetCap(n)
	data := (*plan.SliceHeader)(ptr).Data
	if p.Elem.MemCopy {
		b, err := d.take(n * p.Elem.Fixed)
		if err != nil {
			return err
		}
		copy(bytesAt(data, n*p.Elem.Fixed), b)
		return nil
	}
	size := p.Elem.Size
	for i := 0; i < n; i++ {
		if err := d.fill(p.Elem, unsafe.Add(data, uintptr(i)*size), dd); err != nil {
			return at(err, idxSeg(i))
		}
	}
	return nil
}

// emptySlice sets the nil slice at ptr to an empty one, without an
// allocation: its array is emptyArray, which no slice of capacity 0 can
// write to (the runtime gives zero-size allocations one address the same
// way).
func emptySlice(ptr unsafe.Pointer) {
	*(*plan.SliceHeader)(ptr) = plan.SliceHeader{Data: unsafe.Pointer(&emptyArray)}
}

var emptyArray uintptr

func (d *decoder) mapValue(p *plan.Plan, v reflect.Value, depth int) error {
	start := d.off
	n, isNil, err := d.length(p)
	if err != nil || isNil {
		return err
	}
	// The map is sized for the entries the budget pays for now; each
	// entry past them is charged once it is read (see plan.Account).
	hint, ok := d.acct.MapHint(p, n, d.pos())
	if !ok {
		if d.lenient {
			return nil // left nil
		}
		return d.memErr(start, d.describe(p, n), p.Mem.Once, 0)
	}
	m := reflect.MakeMapWithSize(p.Type, hint)
	v.Set(m)
	if n == 0 {
		return nil
	}
	dd, ok, err := d.deeper(p.DepthElem, depth, start)
	if !ok {
		return err
	}
	if d.frozen < 0 {
		d.frozen = d.pos()
		defer func() { d.frozen = -1 }()
	}
	var prev []byte
	var nanKeys map[string]bool // lenient: encodings of the keys holding a NaN
	// Every entry is read into the same key and value variables (zeroed
	// first: decoding leaves nil pointers and empty fields untouched), and
	// SetMapIndex copies them into the map.
	k := reflect.New(p.Key.Type).Elem()
	val := reflect.New(p.Elem.Type).Elem()
	for i := 0; i < n; i++ {
		kstart := d.off
		if i > 0 {
			k.SetZero()
			val.SetZero()
		}
		if err := d.value(p.Key, k, dd); err != nil {
			return at(err, keySeg(i))
		}
		key := d.data[kstart:d.off]
		if !d.lenient && i > 0 && bytes.Compare(prev, key) >= 0 {
			return at(d.failAt(kstart, ErrMapKeys, "key not above the previous one"), keySeg(i))
		}
		prev = key
		if err := d.value(p.Elem, val, dd); err != nil {
			return at(err, valSeg(i))
		}
		// Charged per entry read, repeated ones included (the lookup
		// below allocates): never less than the encoder charges for the
		// entries kept.
		if !d.acct.MapEntry(p, i, hint, d.pos()) {
			if !d.lenient {
				return at(d.memErr(kstart, fmt.Sprintf("entry %d of %v", i, p.Type), p.Mem.Each, 0), keySeg(i))
			}
			d.drop(d.off - kstart)
			break // the map stops growing
		}
		if d.lenient && m.MapIndex(k).IsValid() {
			d.drop(d.off - kstart)
			continue // a repeated key: the first one stays
		}
		if d.lenient && !k.Equal(k) {
			// A NaN inside the key: MapIndex never finds it, so a repeat
			// (the same bits, which Marshal rejects) shows only in the
			// encoding.
			kb, _ := (&encoder{maxDepth: d.maxDepth}).value(nil, p.Key, k, 0)
			if nanKeys[string(kb)] {
				d.drop(d.off - kstart)
				continue
			}
			if nanKeys == nil {
				nanKeys = map[string]bool{}
			}
			nanKeys[string(kb)] = true
		}
		m.SetMapIndex(k, val)
		if m.Len() != i+1 && !d.lenient {
			return at(d.failAt(kstart, ErrMapKeys, "key equals an earlier one as a Go value"), keySeg(i))
		}
	}
	return nil
}

func (d *decoder) union(p *plan.Plan, ptr unsafe.Pointer, depth int) error {
	start := d.off
	tag, err := d.uint(2)
	if err != nil {
		return err
	}
	if tag > uint64(len(p.Variants)) {
		if !d.lenient {
			return d.failAt(start, ErrUnionTag, "tag %d, but %v has %d variants", tag, p.Type, len(p.Variants))
		}
		tag %= uint64(len(p.Variants) + 1)
	}
	if tag == 0 {
		return nil
	}
	vr := &p.Variants[tag-1]
	dd, ok, err := d.deeper(vr.Depth, depth, start)
	if !ok {
		return err
	}
	if !d.acct.Fits(vr.Mem, d.pos(), 0) {
		if d.lenient {
			return nil // left nil, as past the depth limit
		}
		return d.memErr(start, "variant "+vr.Name, vr.Mem, 0)
	}
	d.acct.Charge(vr.Mem, d.pos(), 0)
	if err := d.fill(vr.Plan, vr.Prepare(ptr), dd); err != nil {
		return at(err, variantSeg(vr.Name))
	}
	return nil
}

// opaque decodes a type that unmarshals itself. Strict: its method must
// accept the bytes and marshal the result back to the same bytes, or the
// encoding would not be canonical. Lenient: bytes it rejects leave the zero
// value.
func (d *decoder) opaque(p *plan.Plan, v reflect.Value, start int) error {
	n, _, err := d.length(p)
	if err != nil {
		return err
	}
	src, err := d.take(n)
	if err != nil {
		return err
	}
	// Charged after its bytes, which may be replaced (lenient): a promise
	// could be broken.
	if !d.acct.Fits(p.Cost(n), d.pos(), 0) {
		if !d.lenient {
			return d.memErr(start, d.describe(p, n), p.Cost(n), 0)
		}
		return d.zeroOpaque(p, v, n) // what does not fit stays zero
	}
	// A fresh variable: the method may keep b, and src may point into the
	// decoder's scratch array, which must not escape with it (that would
	// move every decoder to the heap).
	b := bytes.Clone(src)
	uerr := p.UnmarshalOpaque(v, b)
	if uerr == nil && !d.lenient {
		again, merr := opaqueBytes(p, v)
		if merr != nil {
			uerr = merr
		} else if !bytes.Equal(again, b) {
			uerr = errors.New("it marshals back to different bytes")
		}
	}
	if uerr != nil {
		if !d.lenient {
			return d.failAt(start, ErrOpaque, "%v: %v", p.Type, uerr)
		}
		return d.zeroOpaque(p, v, n)
	}
	d.acct.Charge(p.Cost(n), d.pos(), 0)
	return nil
}

// zeroOpaque leaves the zero value in place of n bytes an opaque value was
// not decoded from (lenient), and charges what the zero value costs where
// its encoding ends.
func (d *decoder) zeroOpaque(p *plan.Plan, v reflect.Value, n int) error {
	v.SetZero()
	zero, err := p.MarshalOpaque(v)
	if err != nil {
		zero = nil // Marshal reports it
	}
	d.drop(n - len(zero))
	d.acct.Charge(p.Cost(len(zero)), d.pos(), 0)
	return nil
}
