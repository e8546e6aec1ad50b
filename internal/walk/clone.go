package walk

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
)

// Clone returns a deep copy of src, a value of plan p, sharing nothing
// with it (strings, and the flat content of a union, aside: nothing can
// change them in place). The copy is what encoding src and decoding the
// result would give, without the round trip: a walk over the plan copies
// what the codec encodes, so what it does not encode (unexported fields,
// fields tagged `fuzz:"-"`, the unexported state of an embedded struct)
// is zero in the copy, while nil and empty slices and maps stay nil and
// empty. Flat values (the whole value, or the elements of a slice) are
// copied at once; types that marshal themselves (plan.Opaque) are copied
// through their methods: the copy is what UnmarshalBinary (or
// UnmarshalText) makes of what MarshalBinary (MarshalText) gives.
//
// Clone checks the depth limit of o as encoding does: a value nested
// deeper, or cyclic, is an error wrapping codec.ErrDepth. A union holding
// an unregistered type is an error wrapping codec.ErrUnionTag, and an
// opaque value whose methods fail one wrapping codec.ErrOpaque. Clone
// checks nothing else that encoding checks: a value that breaks a tag,
// has two map keys that encode alike, an opaque value that does not
// marshal back to the same bytes, or would exceed o's memory budget is
// copied where the old round trip through the codec failed. Callers copy
// parts of values that encode, for which the two agree.
func Clone(o codec.Options, p *plan.Plan, src reflect.Value) (reflect.Value, error) {
	out := reflect.New(p.Type).Elem()
	if src.CanAddr() {
		src = Unrestricted(src)
	}
	if p.Flat {
		out.Set(src) // nothing to share: a copy is deep
		return out, nil
	}
	if !src.CanAddr() {
		// The walk reads fields through their memory (Unrestricted), so
		// an unaddressable value is first copied whole.
		tmp := reflect.New(p.Type).Elem()
		tmp.Set(src)
		src = tmp
	}
	c := cloner{o: o, max: o.MaxDepthOrDefault()}
	if err := c.value(p, out, src, 0); err != nil {
		if e, ok := err.(*codec.Error); ok {
			e.Path = plan.JoinPath(p.Name, c.segs)
		}
		return reflect.Value{}, err
	}
	return out, nil
}

// cloner is the state of one Clone.
type cloner struct {
	o    codec.Options
	max  int      // the depth limit
	segs []string // the path of an error, innermost first
}

// at records a path segment of an error while the walk unwinds.
func (c *cloner) at(err error, seg string) error {
	if err != nil {
		c.segs = append(c.segs, seg)
	}
	return err
}

// deeper is the depth step (plan.Deeper), an error past the limit.
func (c *cloner) deeper(counts bool, depth int) (int, error) {
	d, ok := plan.Deeper(counts, depth, c.max)
	if !ok {
		return depth, &codec.Error{Op: "clone", Offset: -1, Err: codec.ErrDepth,
			Detail: fmt.Sprintf("more than %d nested levels (a cyclic value?)", c.max)}
	}
	return d, nil
}

// value copies src into dst, both of plan p: src addressable, dst
// addressable and zero.
func (c *cloner) value(p *plan.Plan, dst, src reflect.Value, depth int) error {
	if p.Flat {
		dst.Set(src)
		return nil
	}
	switch p.Kind {
	case plan.Bytes:
		if !src.IsNil() {
			makeSlice(dst, src.Len())
			reflect.Copy(dst, src)
		}
	case plan.Slice:
		if src.IsNil() {
			return nil
		}
		n := src.Len()
		makeSlice(dst, n)
		if n == 0 {
			return nil
		}
		d, err := c.deeper(p.DepthElem, depth)
		if err != nil {
			return err
		}
		if p.Elem.Flat {
			reflect.Copy(dst, src)
			return nil
		}
		for i := 0; i < n; i++ {
			if err := c.value(p.Elem, dst.Index(i), src.Index(i), d); err != nil {
				return c.at(err, "["+strconv.Itoa(i)+"]")
			}
		}
	case plan.Array:
		for i := 0; i < p.Len; i++ {
			if err := c.value(p.Elem, dst.Index(i), src.Index(i), depth); err != nil {
				return c.at(err, "["+strconv.Itoa(i)+"]")
			}
		}
	case plan.Struct:
		for i := range p.Fields {
			f := &p.Fields[i]
			if err := c.value(f.Plan, Unrestricted(dst.Field(f.Index)), Unrestricted(src.Field(f.Index)), depth); err != nil {
				return c.at(err, "."+f.Name)
			}
		}
	case plan.Map:
		return c.mapValue(p, dst, src, depth)
	case plan.Pointer:
		if src.IsNil() {
			return nil
		}
		d, err := c.deeper(p.DepthElem, depth)
		if err != nil {
			return err
		}
		ptr := reflect.New(p.Elem.Type)
		dst.Set(ptr)
		return c.value(p.Elem, ptr.Elem(), src.Elem(), d)
	case plan.Union:
		return c.union(p, dst, src, depth)
	case plan.Opaque:
		// Its state is whatever its methods marshal: copy through them,
		// as the codec does.
		b, err := p.MarshalOpaque(src)
		if err == nil {
			err = p.UnmarshalOpaque(dst, b)
		}
		if err != nil {
			return &codec.Error{Op: "clone", Offset: -1, Err: codec.ErrOpaque, Detail: fmt.Sprintf("%v: %v", p.Type, err)}
		}
	default:
		return fmt.Errorf("walk: internal error: Clone of plan kind %v", p.Kind)
	}
	return nil
}

// makeSlice sets dst, a nil slice, to a new slice of n zero elements
// (empty, not nil, when n is 0). Growing it in place saves the header
// reflect.MakeSlice would allocate; cap stays n, as decoding leaves it.
func makeSlice(dst reflect.Value, n int) {
	dst.Grow(n)
	dst.SetLen(n)
	dst.SetCap(n)
	if n == 0 && dst.IsNil() {
		dst.Set(reflect.MakeSlice(dst.Type(), 0, 0))
	}
}

// mapValue copies a map entry by entry, keys included: a key may hold
// fields the codec does not encode.
func (c *cloner) mapValue(p *plan.Plan, dst, src reflect.Value, depth int) error {
	if src.IsNil() {
		return nil
	}
	n := src.Len()
	m := reflect.MakeMapWithSize(p.Type, n)
	dst.Set(m)
	if n == 0 {
		return nil
	}
	d, err := c.deeper(p.DepthElem, depth)
	if err != nil {
		return err
	}
	// Entries are read into sk and sv (addressable, as the walk needs),
	// copied into k and v, and SetMapIndex copies those into the map. A
	// flat key or value needs no second copy.
	sk, sv := reflect.New(p.Key.Type).Elem(), reflect.New(p.Elem.Type).Elem()
	k, v := sk, sv
	if !p.Key.Flat {
		k = reflect.New(p.Key.Type).Elem()
	}
	if !p.Elem.Flat {
		v = reflect.New(p.Elem.Type).Elem()
	}
	i := 0
	for it := src.MapRange(); it.Next(); i++ {
		sk.SetIterKey(it)
		sv.SetIterValue(it)
		if !p.Key.Flat {
			k.SetZero()
			if err := c.value(p.Key, k, sk, d); err != nil {
				return c.at(err, "[key#"+strconv.Itoa(i)+"]")
			}
		}
		if !p.Elem.Flat {
			v.SetZero()
			if err := c.value(p.Elem, v, sv, d); err != nil {
				return c.at(err, "[value#"+strconv.Itoa(i)+"]")
			}
		}
		m.SetMapIndex(k, v)
	}
	return nil
}

// union copies the content of a union into a new value of its variant.
func (c *cloner) union(p *plan.Plan, dst, src reflect.Value, depth int) error {
	if src.IsNil() {
		return nil
	}
	ev := src.Elem()
	i := p.VariantIndex(ev.Type())
	if i < 0 {
		return &codec.Error{Op: "clone", Offset: -1, Err: codec.ErrUnionTag,
			Detail: fmt.Sprintf("%v is not a registered variant of %v", ev.Type(), p.Type)}
	}
	vr := &p.Variants[i]
	d, err := c.deeper(vr.Depth, depth)
	if err != nil {
		return err
	}
	if vr.Plan.Flat {
		// Nothing can change the content of an interface in place, and a
		// flat one holds no reference: the copy may share it.
		dst.Set(src)
		return nil
	}
	// The content of an interface is not addressable: read it from a
	// copy.
	cp, sc := reflect.New(vr.Type).Elem(), reflect.New(vr.Type).Elem()
	sc.Set(ev)
	if err := c.value(vr.Plan, cp, sc, d); err != nil {
		return c.at(err, ".("+vr.Name+")")
	}
	dst.Set(cp)
	return nil
}
