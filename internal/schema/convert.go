package schema

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Convert carries v, a value decoded with recorded, over to current's
// layout by names: struct fields by field name (a new field gets its zero
// value, a removed one is dropped), a string to a byte slice and back,
// union variants by variant name (a
// variant the current type lacks becomes the nil union, dropped), enum
// values by their String() names when both sides have names, numbers to
// a new width when they fit. It returns the new value and the paths of
// what it dropped. Constraints of the current type (ranges, lengths) are
// not checked here: encode the result and decode it strictly with the Go
// type.
func Convert(recorded, current *Schema, v Value) (Value, []string, error) {
	c := converter{old: recorded, cur: current}
	out, err := c.conv(0, 0, v, current.Root, 0)
	return out, c.dropped, err
}

type converter struct {
	old, cur *Schema
	dropped  []string
}

func (c *converter) conv(oi, ni int, v Value, path string, depth int) (Value, error) {
	if depth > maxNesting {
		return Value{}, fmt.Errorf("%s: nested too deep", path)
	}
	o, n := &c.old.Types[oi], &c.cur.Types[ni]
	fail := func(format string, args ...any) (Value, error) {
		return Value{}, fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...))
	}
	switch {
	case o.Kind == "pointer" && n.Kind != "pointer":
		if v.Nil {
			return c.cur.Zero(ni), nil
		}
		return c.conv(*o.Elem, ni, v.Elems[0], path, depth+1)
	case o.Kind != "pointer" && n.Kind == "pointer":
		e, err := c.conv(oi, *n.Elem, v, path, depth+1)
		return Value{Elems: []Value{e}}, err
	case o.Kind == "string" && c.cur.isByteList(n):
		out := Value{Elems: make([]Value, len(v.Bytes))}
		for j, b := range v.Bytes {
			out.Elems[j] = Value{Bits: uint64(b)}
		}
		return out, nil
	case c.old.isByteList(o) && n.Kind == "string":
		if v.Nil {
			return Value{}, nil
		}
		out := Value{Bytes: make([]byte, len(v.Elems))}
		for j, e := range v.Elems {
			out.Bytes[j] = byte(e.Bits)
		}
		return out, nil
	case o.Kind != n.Kind && !(isList(o.Kind) && isList(n.Kind)):
		if isNumber(o.Kind) && isNumber(n.Kind) {
			break
		}
		return fail("cannot convert %s to %s", c.old.Describe(oi), c.cur.Describe(ni))
	}
	switch n.Kind {
	case "bool", "complex":
		if n.Kind == "complex" && o.Width != n.Width {
			re, err := c.number(o, n, Value{Bits: v.Bits}, path)
			if err != nil {
				return re, err
			}
			im, err := c.number(o, n, Value{Bits: v.Imag}, path)
			return Value{Bits: re.Bits, Imag: im.Bits}, err
		}
		return Value{Bits: v.Bits, Imag: v.Imag}, nil
	case "int", "uint", "float":
		return c.number(o, n, v, path)
	case "string", "opaque":
		return Value{Bytes: slices.Clone(v.Bytes)}, nil
	case "bytes", "slice", "array":
		if n.Kind == "array" && len(v.Elems) != n.Len {
			return fail("array length changed from %d to %d", len(v.Elems), n.Len)
		}
		out := Value{Nil: v.Nil}
		for j, e := range v.Elems {
			ne, err := c.conv(*o.Elem, *n.Elem, e, path+"["+strconv.Itoa(j)+"]", depth+1)
			if err != nil {
				return Value{}, err
			}
			out.Elems = append(out.Elems, ne)
		}
		return out, nil
	case "map":
		out := Value{Nil: v.Nil}
		for j := 0; j+1 < len(v.Elems); j += 2 {
			k, err := c.conv(*o.Key, *n.Key, v.Elems[j], path+"[key]", depth+1)
			if err != nil {
				return Value{}, err
			}
			e, err := c.conv(*o.Elem, *n.Elem, v.Elems[j+1], path+"[value]", depth+1)
			if err != nil {
				return Value{}, err
			}
			out.Elems = append(out.Elems, k, e)
		}
		return out, nil
	case "pointer":
		if v.Nil {
			return Value{Nil: true}, nil
		}
		e, err := c.conv(*o.Elem, *n.Elem, v.Elems[0], path, depth+1)
		return Value{Elems: []Value{e}}, err
	case "struct":
		out := Value{Elems: make([]Value, len(n.Fields))}
		for j, f := range n.Fields {
			k := slices.IndexFunc(o.Fields, func(of Field) bool { return of.Name == f.Name })
			if k < 0 {
				out.Elems[j] = c.cur.Zero(f.Type)
				continue
			}
			var err error
			if out.Elems[j], err = c.conv(o.Fields[k].Type, f.Type, v.Elems[k], path+"."+f.Name, depth+1); err != nil {
				return Value{}, err
			}
		}
		for _, f := range o.Fields {
			if !slices.ContainsFunc(n.Fields, func(nf Field) bool { return nf.Name == f.Name }) {
				c.dropped = append(c.dropped, path+"."+f.Name)
			}
		}
		return out, nil
	case "union":
		if v.Nil {
			return Value{Nil: true}, nil
		}
		name := o.Variants[v.Variant].Name
		k := slices.IndexFunc(n.Variants, func(nv Variant) bool { return nv.Name == name })
		if k < 0 {
			c.dropped = append(c.dropped, path+".("+name+")")
			return Value{Nil: true}, nil
		}
		e, err := c.conv(o.Variants[v.Variant].Type, n.Variants[k].Type, v.Elems[0], path+".("+name+")", depth+1)
		return Value{Variant: k, Elems: []Value{e}}, err
	}
	return fail("cannot convert %s", n.Kind)
}

// isByteList reports a slice of one-byte unsigned integers.
func (s *Schema) isByteList(t *Type) bool {
	if !isList(t.Kind) {
		return false
	}
	e := s.Types[*t.Elem]
	return e.Kind == "uint" && e.Width == 1
}

func isNumber(k string) bool { return k == "int" || k == "uint" || k == "float" }

// number converts a scalar: an enum value by name, an integer to a new
// width or signedness when it fits, a float to a new width.
func (c *converter) number(o, n *Type, v Value, path string) (Value, error) {
	x := v.Bits
	if o.Enum != nil && n.Enum != nil && o.Enum.Names != nil && n.Enum.Names != nil {
		i := slices.Index(o.Enum.Values, x)
		if i >= 0 {
			j := slices.Index(n.Enum.Names, o.Enum.Names[i])
			if j < 0 {
				return Value{}, fmt.Errorf("%s: enum value %s (%s) is no longer declared", path, o.Enum.Names[i], rawText(*o, x))
			}
			return Value{Bits: n.Enum.Values[j]}, nil
		}
	}
	if o.Kind == "float" || n.Kind == "float" {
		if o.Kind != n.Kind {
			return Value{}, fmt.Errorf("%s: cannot convert %s to %s", path, o.Kind, n.Kind)
		}
		if o.Width == n.Width {
			return Value{Bits: x}, nil
		}
		if n.Width == 8 {
			return Value{Bits: math.Float64bits(float64(math.Float32frombits(uint32(x))))}, nil
		}
		return Value{Bits: uint64(math.Float32bits(float32(math.Float64frombits(x))))}, nil
	}
	// Integers: check the value fits the new type.
	neg := o.Kind == "int" && int64(x) < 0
	bits := uint(8 * n.Width)
	fits := true
	switch {
	case n.Kind == "uint":
		fits = !neg && (bits == 64 || x < 1<<bits)
	case neg:
		fits = bits == 64 || int64(x) >= -(1<<(bits-1))
	default:
		fits = x <= math.MaxInt64 && (bits == 64 || x < 1<<(bits-1))
	}
	if !fits {
		return Value{}, fmt.Errorf("%s: %s does not fit %s", path, rawText(*o, x), c.cur.describeType(n))
	}
	return Value{Bits: x}, nil
}

func (s *Schema) describeType(t *Type) string {
	return t.Kind + strconv.Itoa(8*t.Width)
}

// Zero returns the value a new field of type i gets: the Go zero value,
// or the smallest valid value where zero is not valid (an enum without
// 0, a range above 0, a minimum length). Convert uses it on the current
// schema, the one Build made, never on one read from a file.
func (s *Schema) Zero(i int) Value {
	return s.zero(i, 0)
}

func (s *Schema) zero(i, depth int) Value {
	t := s.Types[i]
	if depth > maxNesting {
		return Value{}
	}
	switch t.Kind {
	case "int", "uint", "float":
		if t.Enum != nil && !slices.Contains(t.Enum.Values, 0) && len(t.Enum.Values) > 0 {
			return Value{Bits: t.Enum.Values[0]}
		}
		if t.Range != "" {
			return Value{Bits: rangeZero(t)}
		}
	case "string":
		return Value{Bytes: make([]byte, t.MinLen)}
	case "bytes", "slice":
		if t.MinLen == 0 {
			return Value{Nil: true}
		}
		v := Value{Elems: make([]Value, t.MinLen)}
		for j := range v.Elems {
			v.Elems[j] = s.zero(*t.Elem, depth+1)
		}
		return v
	case "map", "pointer", "union":
		return Value{Nil: true}
	case "array":
		v := Value{Elems: make([]Value, t.Len)}
		for j := range v.Elems {
			v.Elems[j] = s.zero(*t.Elem, depth+1)
		}
		return v
	case "struct":
		v := Value{Elems: make([]Value, len(t.Fields))}
		for j, f := range t.Fields {
			v.Elems[j] = s.zero(f.Type, depth+1)
		}
		return v
	}
	return Value{}
}

// rangeZero returns 0 when the range "[min, max]" holds it, else min.
func rangeZero(t Type) uint64 {
	lo, hi, ok := strings.Cut(strings.Trim(t.Range, "[]"), ", ")
	if !ok {
		return 0
	}
	switch t.Kind {
	case "int":
		a, _ := strconv.ParseInt(lo, 10, 64)
		b, _ := strconv.ParseInt(hi, 10, 64)
		if a <= 0 && 0 <= b {
			return 0
		}
		return uint64(a)
	case "uint":
		a, _ := strconv.ParseUint(lo, 10, 64)
		return a
	default:
		a, _ := strconv.ParseFloat(lo, 64)
		b, _ := strconv.ParseFloat(hi, 64)
		if a <= 0 && 0 <= b {
			return 0
		}
		if t.Width == 4 {
			return uint64(math.Float32bits(float32(a)))
		}
		return math.Float64bits(a)
	}
}
