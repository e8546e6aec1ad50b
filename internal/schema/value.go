package schema

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// Value is a decoded input as a generic tree, read with a Schema rather
// than a Go type.
type Value struct {
	// Bits holds a bool (0 or 1), an integer (signed ones sign-extended),
	// a float's IEEE 754 bits, or a complex number's real part.
	Bits uint64
	// Imag holds a complex number's imaginary part.
	Imag uint64
	// Bytes holds a string, a byte slice or an opaque type's bytes.
	Bytes []byte
	// Nil marks a nil slice, map, pointer or union.
	Nil bool
	// Variant is a non-nil union's variant, an index into Type.Variants.
	Variant int
	// Elems holds a struct's fields in order, the elements of a slice or
	// array, a pointer's or union's one value, and a map's entries as key,
	// value, key, value...
	Elems []Value
}

// maxNesting bounds the nesting of a decoded value, so that a hostile
// input cannot overflow the stack.
const maxNesting = 10000

// maxZeroSize bounds the count of elements that encode to nothing
// (plan.MaxZeroSizeLen).
const maxZeroSize = 1 << 12

// ErrDecode is wrapped by every error of Decode.
var ErrDecode = errors.New("does not decode with the recorded schema")

type decoder struct {
	s    *Schema
	data []byte
	off  int
	min  []int
}

// Decode reads data as the encoding of the schema's root type. It checks
// the layout (lengths, presence bytes, union tags, no trailing bytes), not
// the constraints (ranges, enums, UTF-8, key order): those belong to the
// type the value is converted to.
func (s *Schema) Decode(data []byte) (Value, error) {
	d := decoder{s: s, data: data, min: s.minSizes()}
	v, err := d.value(0, 0, "")
	if err == nil && d.off != len(data) {
		err = d.errorf("", "%d trailing bytes", len(data)-d.off)
	}
	return v, err
}

func (d *decoder) errorf(path, format string, args ...any) error {
	return fmt.Errorf("%w: %s%s at offset %d: %s", ErrDecode, d.s.Root, path, d.off, fmt.Sprintf(format, args...))
}

func (d *decoder) take(n int, path string) ([]byte, error) {
	if n > len(d.data)-d.off {
		return nil, d.errorf(path, "input too short: need %d bytes, %d left", n, len(d.data)-d.off)
	}
	b := d.data[d.off : d.off+n]
	d.off += n
	return b, nil
}

func (d *decoder) uint(w int, path string) (uint64, error) {
	b, err := d.take(w, path)
	if err != nil {
		return 0, err
	}
	var buf [8]byte
	copy(buf[:], b)
	return binary.LittleEndian.Uint64(buf[:]), nil
}

func (d *decoder) flag(path string) (bool, error) {
	x, err := d.uint(1, path)
	if err == nil && x > 1 {
		d.off--
		err = d.errorf(path, "byte %#x is neither 0 nor 1", x)
	}
	return x == 1, err
}

// length reads a length prefix for n elements of at least per bytes.
func (d *decoder) length(per int, nilOK bool, path string) (int, bool, error) {
	x, err := d.uint(4, path)
	if err != nil {
		return 0, false, err
	}
	if x == 0xFFFFFFFF && nilOK {
		return 0, true, nil
	}
	left := len(d.data) - d.off
	if per == 0 && x > maxZeroSize || per > 0 && x > uint64(left/per) {
		d.off -= 4
		return 0, false, d.errorf(path, "bad length %d for the %d bytes left", x, left)
	}
	return int(x), false, nil
}

func (d *decoder) value(i, depth int, path string) (Value, error) {
	if depth > maxNesting {
		return Value{}, d.errorf(path, "nested too deep")
	}
	t := &d.s.Types[i]
	var v Value
	var err error
	switch t.Kind {
	case "bool":
		var b bool
		b, err = d.flag(path)
		if b {
			v.Bits = 1
		}
	case "int", "uint", "float":
		v.Bits, err = d.uint(t.Width, path)
		if err == nil && t.Kind == "int" && t.Width < 8 {
			sh := 64 - 8*t.Width
			v.Bits = uint64(int64(v.Bits<<sh) >> sh)
		}
	case "complex":
		if v.Bits, err = d.uint(t.Width/2, path); err == nil {
			v.Imag, err = d.uint(t.Width/2, path)
		}
	case "string", "opaque":
		var n int
		if n, _, err = d.length(1, false, path); err == nil {
			var b []byte
			b, err = d.take(n, path)
			v.Bytes = bytes.Clone(b)
		}
	case "bytes", "slice", "array":
		n := t.Len
		if t.Kind != "array" {
			n, v.Nil, err = d.length(d.min[*t.Elem], true, path)
		} else if per := d.min[*t.Elem]; per == 0 && n > maxZeroSize || per > 0 && n > (len(d.data)-d.off)/per {
			err = d.errorf(path, "an array of %d elements does not fit the %d bytes left", n, len(d.data)-d.off)
		}
		for j := 0; err == nil && j < n; j++ {
			var e Value
			e, err = d.value(*t.Elem, depth+1, path+"["+strconv.Itoa(j)+"]")
			v.Elems = append(v.Elems, e)
		}
	case "map":
		var n int
		n, v.Nil, err = d.length(d.min[*t.Key]+d.min[*t.Elem], true, path)
		for j := 0; err == nil && j < n; j++ {
			var k, e Value
			if k, err = d.value(*t.Key, depth+1, path+"[key#"+strconv.Itoa(j)+"]"); err == nil {
				e, err = d.value(*t.Elem, depth+1, path+"[value#"+strconv.Itoa(j)+"]")
			}
			v.Elems = append(v.Elems, k, e)
		}
	case "pointer":
		var present bool
		if present, err = d.flag(path); err == nil {
			v.Nil = !present
			if present {
				var e Value
				e, err = d.value(*t.Elem, depth+1, path)
				v.Elems = []Value{e}
			}
		}
	case "struct":
		v.Elems = make([]Value, len(t.Fields))
		for j, f := range t.Fields {
			if v.Elems[j], err = d.value(f.Type, depth+1, path+"."+f.Name); err != nil {
				break
			}
		}
	case "union":
		var tag uint64
		if tag, err = d.uint(2, path); err == nil {
			switch {
			case tag == 0:
				v.Nil = true
			case tag > uint64(len(t.Variants)):
				d.off -= 2
				err = d.errorf(path, "union tag %d, but %s has %d variants", tag, t.Name, len(t.Variants))
			default:
				vr := t.Variants[tag-1]
				v.Variant = int(tag - 1)
				var e Value
				e, err = d.value(vr.Type, depth+1, path+".("+vr.Name+")")
				v.Elems = []Value{e}
			}
		}
	}
	return v, err
}

// minSizes returns the smallest encoded size of each type. Cycles pass
// through pointers, slices, maps or unions, whose minimum is fixed, so a
// type met again while it is being sized counts as zero (a lower bound).
func (s *Schema) minSizes() []int {
	size := make([]int, len(s.Types))
	state := make([]uint8, len(s.Types)) // 0 new, 1 in progress, 2 done
	var walk func(i int) int
	walk = func(i int) int {
		if state[i] != 0 {
			return size[i]
		}
		state[i] = 1
		t := s.Types[i]
		n := 0
		switch t.Kind {
		case "bool", "int", "uint", "float", "complex":
			n = t.Width
		case "string", "opaque", "bytes", "slice", "map":
			n = 4
			if t.MinLen > 0 && t.Kind != "map" {
				per := 1
				if t.Elem != nil {
					per = walk(*t.Elem)
				}
				n += min(t.MinLen, 1<<20) * per
			}
		case "pointer":
			n = 1
		case "union":
			n = 2
		case "array":
			n = t.Len * walk(*t.Elem)
		case "struct":
			for _, f := range t.Fields {
				n += walk(f.Type)
			}
		}
		if t.Elem != nil {
			walk(*t.Elem)
		}
		if t.Key != nil {
			walk(*t.Key)
		}
		for _, v := range t.Variants {
			walk(v.Type)
		}
		size[i], state[i] = n, 2
		return n
	}
	for i := range s.Types {
		walk(i)
	}
	return size
}

// Encode writes v as an encoding of the schema's root type. Map entries
// are sorted by the bytes of their keys, as the format requires.
func (s *Schema) Encode(v Value) ([]byte, error) {
	return s.encode(nil, 0, v, 0)
}

func (s *Schema) encode(buf []byte, i int, v Value, depth int) ([]byte, error) {
	if depth > maxNesting {
		return nil, errors.New("schema: value nested too deep")
	}
	t := &s.Types[i]
	put := func(x uint64, w int) {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], x)
		buf = append(buf, b[:w]...)
	}
	want := func(n int) error {
		if len(v.Elems) != n {
			return fmt.Errorf("schema: %s value has %d parts, want %d", t.Name, len(v.Elems), n)
		}
		return nil
	}
	var err error
	switch t.Kind {
	case "bool", "int", "uint", "float":
		put(v.Bits, t.Width)
	case "complex":
		put(v.Bits, t.Width/2)
		put(v.Imag, t.Width/2)
	case "string", "opaque":
		put(uint64(len(v.Bytes)), 4)
		buf = append(buf, v.Bytes...)
	case "bytes", "slice", "array":
		if t.Kind == "array" {
			if err := want(t.Len); err != nil {
				return nil, err
			}
		} else if v.Nil {
			put(0xFFFFFFFF, 4)
			break
		} else {
			put(uint64(len(v.Elems)), 4)
		}
		for _, e := range v.Elems {
			if buf, err = s.encode(buf, *t.Elem, e, depth+1); err != nil {
				return nil, err
			}
		}
	case "map":
		if v.Nil {
			put(0xFFFFFFFF, 4)
			break
		}
		if len(v.Elems)%2 != 0 {
			return nil, fmt.Errorf("schema: %s value has an odd number of parts", t.Name)
		}
		type entry struct{ k, v []byte }
		entries := make([]entry, 0, len(v.Elems)/2)
		for j := 0; j < len(v.Elems); j += 2 {
			var e entry
			if e.k, err = s.encode(nil, *t.Key, v.Elems[j], depth+1); err != nil {
				return nil, err
			}
			if e.v, err = s.encode(nil, *t.Elem, v.Elems[j+1], depth+1); err != nil {
				return nil, err
			}
			entries = append(entries, e)
		}
		slices.SortFunc(entries, func(a, b entry) int { return bytes.Compare(a.k, b.k) })
		put(uint64(len(entries)), 4)
		for _, e := range entries {
			buf = append(append(buf, e.k...), e.v...)
		}
	case "pointer":
		if v.Nil {
			buf = append(buf, 0)
			break
		}
		if err := want(1); err != nil {
			return nil, err
		}
		buf = append(buf, 1)
		return s.encode(buf, *t.Elem, v.Elems[0], depth+1)
	case "struct":
		if err := want(len(t.Fields)); err != nil {
			return nil, err
		}
		for j, f := range t.Fields {
			if buf, err = s.encode(buf, f.Type, v.Elems[j], depth+1); err != nil {
				return nil, err
			}
		}
	case "union":
		if v.Nil {
			put(0, 2)
			break
		}
		if err := want(1); err != nil {
			return nil, err
		}
		if v.Variant < 0 || v.Variant >= len(t.Variants) {
			return nil, fmt.Errorf("schema: %s has no variant %d", t.Name, v.Variant)
		}
		put(uint64(v.Variant+1), 2)
		return s.encode(buf, t.Variants[v.Variant].Type, v.Elems[0], depth+1)
	}
	return buf, nil
}
