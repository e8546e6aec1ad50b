package walk

import (
	"fmt"
	"reflect"
	"strconv"
	"unsafe"

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
	if !src.CanAddr() {
		// The walk reads fields through their memory (Unrestricted), so
		// an unaddressable value is first copied whole.
		tmp := reflect.New(p.Type).Elem()
		tmp.Set(src)
		src = tmp
	}
	c := cloner{o: o, max: o.MaxDepthOrDefault()}
	if err := c.at(p, out.Addr().UnsafePointer(), src.Addr().UnsafePointer(), 0); err != nil {
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

// seg records a path segment of an error while the walk unwinds.
func (c *cloner) seg(err error, seg string) error {
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

// at copies the value of plan p at src into the zero value at dst. The
// walk reaches fields by offset, slice elements by stride and pointer
// targets through memory, as the codec's encoder does, and copies plain
// memory (no pointers in it) as bytes; maps and opaque values go through
// value.
func (c *cloner) at(p *plan.Plan, dst, src unsafe.Pointer, depth int) error {
	if p.Plain {
		size := int(p.Size)
		copy(unsafe.Slice((*byte)(dst), size), unsafe.Slice((*byte)(src), size))
		return nil
	}
	switch p.Kind {
	case plan.String:
		*(*string)(dst) = *(*string)(src) // immutable: shared
	case plan.Struct:
		for i := range p.Fields {
			f := &p.Fields[i]
			if err := c.at(f.Plan, unsafe.Add(dst, f.Offset), unsafe.Add(src, f.Offset), depth); err != nil {
				return c.seg(err, "."+f.Name)
			}
		}
	case plan.Array:
		size := p.Elem.Size
		for i := 0; i < p.Len; i++ {
			if err := c.at(p.Elem, unsafe.Add(dst, uintptr(i)*size), unsafe.Add(src, uintptr(i)*size), depth); err != nil {
				return c.seg(err, "["+strconv.Itoa(i)+"]")
			}
		}
	case plan.Pointer:
		elem := *(*unsafe.Pointer)(src)
		if elem == nil {
			return nil
		}
		d, err := c.deeper(p.DepthElem, depth)
		if err != nil {
			return err
		}
		np := reflect.New(p.Elem.Type).UnsafePointer()
		*(*unsafe.Pointer)(dst) = np
		return c.at(p.Elem, np, elem, d)
	case plan.Bytes, plan.Slice:
		return c.slice(p, dst, src, depth)
	case plan.Union:
		return c.union(p, dst, src, depth)
	default:
		return c.value(p, reflect.NewAt(p.Type, dst).Elem(), reflect.NewAt(p.Type, src).Elem(), depth)
	}
	return nil
}

// slice copies a slice into a new backing array: plain elements at once,
// others one by one. A nil slice stays nil, an empty one empty.
func (c *cloner) slice(p *plan.Plan, dst, src unsafe.Pointer, depth int) error {
	sh := (*plan.SliceHeader)(src)
	if sh.Data == nil {
		return nil
	}
	makeSlice(reflect.NewAt(p.Type, dst).Elem(), sh.Len)
	if sh.Len == 0 {
		return nil
	}
	d := depth
	if p.Kind == plan.Slice {
		var err error
		if d, err = c.deeper(p.DepthElem, depth); err != nil {
			return err
		}
	}
	data, size := (*plan.SliceHeader)(dst).Data, p.Elem.Size
	if p.Elem.Plain {
		n := sh.Len * int(size)
		copy(unsafe.Slice((*byte)(data), n), unsafe.Slice((*byte)(sh.Data), n))
		return nil
	}
	for i := 0; i < sh.Len; i++ {
		if err := c.at(p.Elem, unsafe.Add(data, uintptr(i)*size), unsafe.Add(sh.Data, uintptr(i)*size), d); err != nil {
			return c.seg(err, "["+strconv.Itoa(i)+"]")
		}
	}
	return nil
}

// union copies the content of the union at src into a new box of its
// variant at dst.
func (c *cloner) union(p *plan.Plan, dst, src unsafe.Pointer, depth int) error {
	i, content := p.VariantAt(src)
	switch i {
	case -1:
		return nil
	case -2:
		t := reflect.NewAt(p.Type, src).Elem().Elem().Type()
		return &codec.Error{Op: "clone", Offset: -1, Err: codec.ErrUnionTag,
			Detail: fmt.Sprintf("%v is not a registered variant of %v", t, p.Type)}
	}
	vr := &p.Variants[i]
	d, err := c.deeper(vr.Depth, depth)
	if err != nil {
		return err
	}
	if vr.Plan.Flat {
		// Nothing can change the content of an interface in place, and a
		// flat one holds no reference: the copy may share it (both words
		// of the interface, its type and its box).
		*(*[2]unsafe.Pointer)(dst) = *(*[2]unsafe.Pointer)(src)
		return nil
	}
	if err := c.at(vr.Plan, vr.Prepare(dst), content, d); err != nil {
		return c.seg(err, ".("+vr.Name+")")
	}
	return nil
}

// value copies src into dst, both of plan p, for the kinds at leaves to
// reflect: maps and opaque values. src is addressable, dst addressable
// and zero.
func (c *cloner) value(p *plan.Plan, dst, src reflect.Value, depth int) error {
	switch p.Kind {
	case plan.Map:
		return c.mapValue(p, dst, src, depth)
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
		return nil
	}
	return fmt.Errorf("walk: internal error: Clone of plan kind %v", p.Kind)
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
			if err := c.at(p.Key, k.Addr().UnsafePointer(), sk.Addr().UnsafePointer(), d); err != nil {
				return c.seg(err, "[key#"+strconv.Itoa(i)+"]")
			}
		}
		if !p.Elem.Flat {
			v.SetZero()
			if err := c.at(p.Elem, v.Addr().UnsafePointer(), sv.Addr().UnsafePointer(), d); err != nil {
				return c.seg(err, "[value#"+strconv.Itoa(i)+"]")
			}
		}
		m.SetMapIndex(k, v)
	}
	return nil
}
