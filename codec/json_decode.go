package codec

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// mismatch reports a token of the wrong JSON type for a value of p.
func mismatch(p *plan.Plan, want string, t json.Token, start int) *Error {
	return jsonErr(start, ErrJSON, "%v wants %s, got %s", p.Type, want, describe(t))
}

// deeper is the reader's depth step (see encoder.deeper).
func (r *jsonReader) deeper(counts bool, depth, off int) (int, error) {
	d, ok := plan.Deeper(counts, depth, r.maxDepth)
	if !ok {
		return d, located(depthErr(r.maxDepth), off)
	}
	return d, nil
}

// value reads into v the value whose first token t, at offset start, has
// been read already.
func (r *jsonReader) value(p *plan.Plan, v reflect.Value, t json.Token, start, depth int) error {
	switch p.Kind {
	case plan.Bool:
		b, ok := t.(bool)
		if !ok {
			return mismatch(p, "true or false", t, start)
		}
		v.SetBool(b)
		return nil
	case plan.Int, plan.Uint:
		return r.integer(p, v, t, start)
	case plan.Float:
		bits, err := r.float(p, p.Width, t, start)
		if err != nil {
			return err
		}
		f := math.Float64frombits(bits)
		if p.Width == 4 {
			f = float64(math.Float32frombits(uint32(bits)))
		}
		if err := checkFloat(p, f); err != nil {
			return located(err, start)
		}
		putBits(mem(v, p.Width), bits, p.Width)
		return nil
	case plan.Complex:
		if t != arrayStart {
			return mismatch(p, "an array [real, imaginary]", t, start)
		}
		half := p.Width / 2
		m := mem(v, p.Width)
		for i := 0; i < 2; i++ {
			ft, fs, err := r.next()
			if err != nil {
				return err
			}
			if ft == arrayEnd {
				return mismatch(p, "two numbers", ft, fs)
			}
			bits, err := r.float(p, half, ft, fs)
			if err != nil {
				return err
			}
			putBits(m[i*half:], bits, half)
		}
		return r.end(p, arrayEnd, "two numbers")
	case plan.String:
		b, err := r.checkedBytes(p, t, start)
		if err != nil {
			return err
		}
		v.SetString(string(b))
		return nil
	case plan.Bytes:
		if t == nil {
			return nilCollection(p, start)
		}
		b, err := r.checkedBytes(p, t, start)
		if err != nil {
			return err
		}
		v.SetBytes(b)
		return nil
	case plan.Opaque:
		return r.opaque(p, v, t, start)
	case plan.Slice:
		return r.slice(p, v, t, start, depth)
	case plan.Array:
		if t != arrayStart {
			return mismatch(p, "an array", t, start)
		}
		for i := 0; ; i++ {
			et, es, err := r.next()
			if err != nil {
				return err
			}
			if et == arrayEnd {
				if i != p.Len {
					return jsonErr(es, ErrJSON, "%v wants %d elements, got %d", p.Type, p.Len, i)
				}
				return nil
			}
			if i == p.Len {
				return jsonErr(es, ErrJSON, "%v wants %d elements, got more", p.Type, p.Len)
			}
			if err := r.value(p.Elem, v.Index(i), et, es, depth); err != nil {
				return at(err, idxSeg(i))
			}
		}
	case plan.Map:
		return r.mapValue(p, v, t, start, depth)
	case plan.Pointer:
		return r.pointer(p, v, t, start, depth)
	case plan.Struct:
		return r.structValue(p, v, t, start, depth)
	case plan.Union:
		return r.union(p, v, t, start, depth)
	}
	return fmt.Errorf("codec: internal error: plan kind %v", p.Kind)
}

func putBits(m []byte, bits uint64, width int) {
	if width == 4 {
		binary.NativeEndian.PutUint32(m, uint32(bits))
	} else {
		binary.NativeEndian.PutUint64(m, bits)
	}
}

func nilCollection(p *plan.Plan, start int) error {
	if p.Limits.MinLen > 0 {
		return jsonErr(start, ErrLength, "null, but minlen is %d", p.Limits.MinLen)
	}
	return nil
}

// end reads the token that must close the current array or object.
func (r *jsonReader) end(p *plan.Plan, want json.Delim, what string) error {
	t, start, err := r.next()
	if err != nil {
		return err
	}
	if t != want {
		return jsonErr(start, ErrJSON, "%v wants %s, got %s before %s", p.Type, what, describe(t), strconv.Quote(want.String()))
	}
	return nil
}

// member reads the name and the first token of the only member of an
// object whose '{', at offset start, has been read.
func (r *jsonReader) member(p *plan.Plan, want string, start int) (string, json.Token, int, error) {
	nt, ns, err := r.next()
	if err != nil {
		return "", nil, 0, err
	}
	name, ok := nt.(string)
	if !ok {
		return "", nil, 0, jsonErr(ns, ErrJSON, "%v wants %s, got an empty object", p.Type, want)
	}
	t, vs, err := r.next()
	return name, t, vs, err // the name even when reading the value failed
}

func (r *jsonReader) slice(p *plan.Plan, v reflect.Value, t json.Token, start, depth int) error {
	if t == nil {
		return nilCollection(p, start)
	}
	if t != arrayStart {
		return mismatch(p, "an array or null", t, start)
	}
	v.Set(reflect.MakeSlice(p.Type, 0, 0))
	limit := p.Limits.MaxLen
	if p.ElemMinSize() == 0 {
		limit = min(limit, p.MaxZeroSizeCount())
	}
	dd := depth
	for n := 0; ; n++ {
		et, es, err := r.next()
		if err != nil {
			return err
		}
		if et == arrayEnd {
			if err := checkLen(p, n); err != nil {
				return located(err, start)
			}
			return nil
		}
		if n == 0 {
			if dd, err = r.deeper(p.DepthElem, depth, start); err != nil {
				return err
			}
		}
		if n == limit {
			return jsonErr(es, ErrLength, "more than %d elements", limit)
		}
		// Growing one by one doubles the capacity: twice the elements'
		// cost bounds every array allocated on the way.
		if err := r.grow(2*(p.Cost(n+1)-p.Cost(n)), es); err != nil {
			return at(err, idxSeg(n))
		}
		v.Grow(1)
		v.SetLen(n + 1)
		if err := r.value(p.Elem, v.Index(n), et, es, dd); err != nil {
			return at(err, idxSeg(n))
		}
	}
}

func (r *jsonReader) mapValue(p *plan.Plan, v reflect.Value, t json.Token, start, depth int) error {
	if t == nil {
		return nilCollection(p, start)
	}
	object := t == objectStart && p.Key.Kind == plan.String
	if t != arrayStart && !object {
		want := `an array of {"key": K, "value": V} objects, or null`
		if p.Key.Kind == plan.String {
			want = `an object, an array of {"key": K, "value": V} objects, or null`
		}
		return mismatch(p, want, t, start)
	}
	m := reflect.MakeMap(p.Type)
	v.Set(m)
	dd := depth
	for n := 0; ; n++ {
		et, es, err := r.next()
		if err != nil {
			return err
		}
		if et == arrayEnd || et == objectEnd {
			if err := checkLen(p, n); err != nil {
				return located(err, start)
			}
			return nil
		}
		if n == 0 {
			if dd, err = r.deeper(p.DepthElem, depth, start); err != nil {
				return err
			}
		}
		if n == p.Limits.MaxLen {
			return jsonErr(es, ErrLength, "more than %d entries", n)
		}
		if err := r.grow(p.Cost(n+1)-p.Cost(n)+plan.AllocCost(int(p.Key.Type.Size()))+plan.AllocCost(int(p.Elem.Type.Size())), es); err != nil {
			return at(err, keySeg(n))
		}
		k := reflect.New(p.Key.Type).Elem()
		val := reflect.New(p.Elem.Type).Elem()
		seg := keySeg(n)
		if object {
			name, _ := et.(string)
			seg = "[" + strconv.Quote(name) + "]"
			if err := r.value(p.Key, k, name, es, dd); err != nil {
				return at(err, seg)
			}
			vt, vs, err := r.next()
			if err == nil {
				err = r.value(p.Elem, val, vt, vs, dd)
			}
			if err != nil {
				return at(err, seg)
			}
		} else if err := r.pair(p, k, val, et, es, dd, n); err != nil {
			return err
		}
		m.SetMapIndex(k, val)
		if m.Len() != n+1 {
			return at(jsonErr(es, ErrMapKeys, "a key repeats an earlier one"), seg)
		}
	}
}

// pair reads entry n of a map in the form {"key": K, "value": V}. A
// missing value is zero.
func (r *jsonReader) pair(p *plan.Plan, k, val reflect.Value, t json.Token, start, depth, n int) error {
	if t != objectStart {
		return at(mismatch(p, `{"key": K, "value": V} entries`, t, start), idxSeg(n))
	}
	haveKey, haveVal := false, false
	for {
		nt, ns, err := r.next()
		if err != nil {
			return err
		}
		if nt == objectEnd {
			break
		}
		name, _ := nt.(string)
		vt, vs, err := r.next()
		switch {
		case name == "key" && !haveKey:
			haveKey = true
			if err == nil {
				err = r.value(p.Key, k, vt, vs, depth)
			}
			err = at(err, keySeg(n))
		case name == "value" && !haveVal:
			haveVal = true
			if err == nil {
				err = r.value(p.Elem, val, vt, vs, depth)
			}
			err = at(err, valSeg(n))
		case name == "key" || name == "value":
			err = at(jsonErr(ns, ErrJSON, "%q appears twice in a map entry", name), idxSeg(n))
		default:
			err = at(jsonErr(ns, ErrJSON, `unknown member %q in a map entry; want "key" and "value"`, name), idxSeg(n))
		}
		if err != nil {
			return err
		}
	}
	if !haveKey {
		return at(jsonErr(start, ErrJSON, `a map entry has no "key"`), idxSeg(n))
	}
	return nil
}

func (r *jsonReader) pointer(p *plan.Plan, v reflect.Value, t json.Token, start, depth int) error {
	if t == nil {
		return nil
	}
	dd, err := r.deeper(p.DepthElem, depth, start)
	if err != nil {
		return err
	}
	wrapped := jsonNullable(p.Elem)
	et, es := t, start
	if wrapped {
		if t != arrayStart {
			return mismatch(p, "null or a one-element array [value]", t, start)
		}
		if et, es, err = r.next(); err != nil {
			return err
		}
		if et == arrayEnd {
			return mismatch(p, "null or a one-element array [value]", json.Delim('['), start)
		}
	}
	if err := r.grow(p.Cost(1), start); err != nil {
		return err
	}
	ptr := reflect.New(p.Elem.Type)
	if err := r.value(p.Elem, ptr.Elem(), et, es, dd); err != nil {
		return err
	}
	v.Set(ptr)
	if wrapped {
		return r.end(p, arrayEnd, "a one-element array")
	}
	return nil
}

func (r *jsonReader) structValue(p *plan.Plan, v reflect.Value, t json.Token, start, depth int) error {
	if t != objectStart {
		return mismatch(p, "an object", t, start)
	}
	var seen []bool
	for {
		nt, ns, err := r.next()
		if err != nil {
			return err
		}
		if nt == objectEnd {
			return nil
		}
		name, _ := nt.(string)
		i := fieldIndex(p, name)
		if i < 0 {
			return jsonErr(ns, ErrJSON, "unknown field %q of %v%s", name, p.Type, fieldHint(p, name))
		}
		if seen == nil {
			seen = make([]bool, len(p.Fields))
		}
		if seen[i] {
			return jsonErr(ns, ErrJSON, "field %q of %v appears twice", name, p.Type)
		}
		seen[i] = true
		f := &p.Fields[i]
		vt, vs, err := r.next()
		if err == nil {
			err = r.value(f.Plan, v.Field(f.Index), vt, vs, depth)
		}
		if err != nil {
			return at(err, fieldSeg(f.Name))
		}
	}
}

func fieldIndex(p *plan.Plan, name string) int {
	for i := range p.Fields {
		if p.Fields[i].Name == name {
			return i
		}
	}
	return -1
}

// fieldHint suggests the field a misspelt name meant, or lists the fields.
func fieldHint(p *plan.Plan, name string) string {
	names := make([]string, len(p.Fields))
	for i := range p.Fields {
		names[i] = p.Fields[i].Name
		if strings.EqualFold(names[i], name) {
			return fmt.Sprintf(" (did you mean %q?)", names[i])
		}
	}
	if len(names) == 0 {
		return " (it has no encoded fields)"
	}
	return "; fields: " + list(names)
}

func (r *jsonReader) union(p *plan.Plan, v reflect.Value, t json.Token, start, depth int) error {
	if t == nil {
		return nil
	}
	const want = `null or {"Variant": value}`
	if t != objectStart {
		return mismatch(p, want, t, start)
	}
	name, vt, vs, err := r.member(p, want, start)
	if err != nil && name == "" {
		return err
	}
	i := -1
	for j := range p.Variants {
		if p.Variants[j].Name == name {
			i = j
			break
		}
	}
	if i < 0 {
		names := make([]string, len(p.Variants))
		for j := range p.Variants {
			names[j] = p.Variants[j].Name
		}
		return jsonErr(start, ErrUnionTag, "unknown variant %q of %v; variants: %s", name, p.Type, list(names))
	}
	vr := &p.Variants[i]
	if err != nil {
		return at(err, variantSeg(vr.Name))
	}
	dd, err := r.deeper(vr.Depth, depth, start)
	if err != nil {
		return err
	}
	if err := r.grow(vr.Mem, start); err != nil {
		return err
	}
	ev := reflect.New(vr.Type).Elem()
	if err := r.value(vr.Plan, ev, vt, vs, dd); err != nil {
		return at(err, variantSeg(vr.Name))
	}
	v.Set(ev)
	return r.end(p, objectEnd, "one member (a union holds one variant)")
}
