package plan

import (
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
)

// ErrType is matched (errors.Is) by every plan compilation error: the type
// cannot be fuzzed as declared.
var ErrType = errors.New("type cannot be fuzzed")

// Error is a plan compilation error. Path names the part of the root type
// at fault, e.g. "Request.Parts[].Body".
type Error struct {
	Path string
	Msg  string
}

// Error implements error.
func (e *Error) Error() string { return "structfuzz: " + e.Path + ": " + e.Msg }

// Is makes errors.Is(err, ErrType) true.
func (e *Error) Is(target error) bool { return target == ErrType }

func fail(path, format string, args ...any) error {
	return &Error{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// nextID is the ID of the next base plan.
var nextID atomic.Int64

var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

type compiler struct {
	cache *sync.Map
	fresh map[reflect.Type]*Plan // base plans made by this compilation
	all   []*Plan                // every plan made, narrowed copies included
	mine  map[*Plan]bool         // the set of all
	keys  []keyCheck             // map keys, checked once every plan is complete
}

type keyCheck struct {
	p    *Plan
	path string
}

func (c *compiler) add(p *Plan) *Plan {
	c.all = append(c.all, p)
	c.mine[p] = true
	return p
}

func typeName(t reflect.Type) string {
	if t.Name() != "" {
		return t.Name()
	}
	return t.String()
}

func (c *compiler) newPlan(t reflect.Type, k Kind, path string) *Plan {
	p := &Plan{Type: t, Kind: k, Name: typeName(t), Size: t.Size(), Fixed: -1, path: path, ID: int(nextID.Add(1) - 1), memo: new(memos)}
	p.Base = p
	p.Limits.MaxLen = MaxLength
	return c.add(p)
}

// derive returns a narrowed copy of p for a field's constraints.
func (c *compiler) derive(p *Plan, path string) *Plan {
	d := *p
	d.path, d.memo = path, new(memos)
	return c.add(&d)
}

func (c *compiler) compile(t reflect.Type, path string) (*Plan, error) {
	if e, ok := c.cache.Load(t); ok && e.(*entry).err == nil {
		return e.(*entry).plan, nil
	}
	if p, ok := c.fresh[t]; ok {
		return p, nil
	}
	var k Kind
	width := 0
	switch t.Kind() {
	case reflect.Bool:
		k, width = Bool, 1
	case reflect.Int, reflect.Int64:
		k, width = Int, 8
	case reflect.Int8, reflect.Int16, reflect.Int32:
		k, width = Int, int(t.Size())
	case reflect.Uint, reflect.Uint64, reflect.Uintptr:
		k, width = Uint, 8
	case reflect.Uint8, reflect.Uint16, reflect.Uint32:
		k, width = Uint, int(t.Size())
	case reflect.Float32, reflect.Float64:
		k, width = Float, int(t.Size())
	case reflect.Complex64, reflect.Complex128:
		k, width = Complex, int(t.Size())
	case reflect.String:
		k = String
	case reflect.Slice:
		k = Slice
	case reflect.Array:
		k = Array
	case reflect.Map:
		k = Map
	case reflect.Pointer:
		k = Pointer
	case reflect.Struct:
		k = Struct
	case reflect.Interface:
		k = Union
	default:
		return nil, fail(path, "unsupported type %v (%v values cannot be encoded)", t, t.Kind())
	}
	p := c.newPlan(t, k, path)
	p.Width = width
	c.fresh[t] = p
	if k != Pointer && k != Union {
		h, err := findHooks(t, funcs[t])
		if err != nil {
			return nil, fail(path, "%v", err)
		}
		p.Hooks = h
	}
	p.Hooks.Funcs = funcs[t]
	var err error
	switch k {
	case Int, Uint:
		err = c.enum(p, path)
	case Slice, Array, Pointer:
		sub := path + "[]"
		if k == Pointer {
			sub = path
		}
		p.Elem, err = c.compile(t.Elem(), sub)
		if k == Array {
			p.Len = t.Len()
		}
		if err == nil && k == Slice && p.Elem.Kind == Uint && p.Elem.Width == 1 && !p.Elem.Constrained() {
			p.Kind = Bytes
		}
	case Map:
		if p.Key, err = c.compile(t.Key(), path+"[key]"); err == nil {
			// Checked in finish: a key type that contains this map (through
			// a pointer) is still being compiled here.
			c.keys = append(c.keys, keyCheck{p.Key, path + "[key]"})
			p.Elem, err = c.compile(t.Elem(), path+"[value]")
		}
	case Struct:
		if err = c.fields(p, path); err == nil && len(p.Fields) == 0 && t.NumField() > 0 && !promotes(t) {
			err = opaque(p, path)
		}
	case Union:
		err = c.union(p, path)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// plainKey rejects map keys whose identity does not survive encoding:
// pointers and interfaces compare by identity or dynamic type.
func plainKey(p *Plan, path string) error {
	switch p.Kind {
	case Pointer, Union:
		return fail(path, "map key type %v holds a %s; keys must be plain values (numbers, strings, arrays and structs of them)", p.Type, p.Kind)
	case Array:
		return plainKey(p.Elem, path+"[]")
	case Struct:
		for _, f := range p.Fields {
			if err := plainKey(f.Plan, path+"."+f.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

var (
	binaryMarshaler   = reflect.TypeFor[encoding.BinaryMarshaler]()
	binaryUnmarshaler = reflect.TypeFor[encoding.BinaryUnmarshaler]()
	textMarshaler     = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshaler   = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// promotes reports whether struct type t has an exported field, itself or
// promoted from an embedded struct. One that does not keeps all its state
// in unexported fields (it is opaque); embedded unexported, it adds nothing
// and is skipped like any unexported field.
func promotes(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.IsExported() || (f.Anonymous && f.Type.Kind() == reflect.Struct && promotes(f.Type)) {
			return true
		}
	}
	return false
}

// opaque turns a struct with no encodable field but unexported state into
// an Opaque plan, if it can marshal itself, rather than silently encode
// nothing of it.
func opaque(p *Plan, path string) error {
	pt := reflect.PointerTo(p.Type)
	switch {
	case pt.Implements(binaryMarshaler) && pt.Implements(binaryUnmarshaler):
		p.Kind = Opaque
	case pt.Implements(textMarshaler) && pt.Implements(textUnmarshaler):
		p.Kind, p.Text = Opaque, true
	default:
		return fail(path, "%v has only unexported fields, so none of it can be encoded: skip the field with `fuzz:\"-\"`, or give the type MarshalBinary and UnmarshalBinary methods", p.Type)
	}
	return nil
}

func (c *compiler) fields(p *Plan, path string) error {
	t := p.Type
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		// Unexported fields cannot be set through reflection; an embedded
		// unexported struct still promotes its exported fields.
		if !f.IsExported() && !(f.Anonymous && f.Type.Kind() == reflect.Struct && promotes(f.Type)) {
			continue
		}
		raw := f.Tag.Get("fuzz")
		fpath := path + "." + f.Name
		tg, err := parseTag(raw)
		if err != nil {
			return fail(fpath, "bad fuzz tag %q: %v", raw, err)
		}
		if tg.skip {
			continue
		}
		fp, err := c.compile(f.Type, fpath)
		if err != nil {
			return err
		}
		if !tg.empty() {
			if fp, err = c.constrain(fp, tg, fpath); err != nil {
				return err
			}
			if opt := tg.unused(); opt != "" {
				return fail(fpath, "fuzz tag %q: %s does not apply to %v", raw, opt, f.Type)
			}
		}
		p.Fields = append(p.Fields, Field{Name: f.Name, Index: i, Offset: f.Offset, Plan: fp, Tag: raw})
	}
	return nil
}

// constrain returns p narrowed by the tag's options (see tag).
func (c *compiler) constrain(p *Plan, tg *tag, path string) (*Plan, error) {
	// p is nil below a plan still being compiled (finish completes the
	// copy). A plan met again lies on a cycle of containers that reaches no
	// scalar: the walk stops, and the option stays unused.
	if p == nil || tg.seen[p] {
		return p, nil
	}
	if tg.seen == nil {
		tg.seen = map[*Plan]bool{}
	}
	tg.seen[p] = true
	switch p.Kind {
	case Pointer, Array:
		sub := path
		if p.Kind == Array {
			sub += "[]"
		}
		e, err := c.constrain(p.Elem, tg, sub)
		if err != nil || e == p.Elem {
			return p, err
		}
		d := c.derive(p, path)
		d.Elem = e
		return d, nil
	case String, Bytes, Slice, Map:
		d := c.derive(p, path)
		if tg.hasLen() && !tg.usedLen {
			tg.usedLen = true
			if p.Kind == Map && tg.minLen > 0 {
				return nil, fail(path, "minlen does not apply to maps: colliding keys could leave fewer entries")
			}
			d.Limits.MinLen, d.Limits.MaxLen = tg.minLen, tg.maxLen
		}
		if (p.Kind == String || p.Kind == Bytes) && tg.utf8 {
			tg.usedUTF = true
			d.Limits.UTF8 = true
		}
		switch {
		case p.Kind == String:
			if tg.hasRange() {
				return nil, fail(path, "min/max do not apply to strings (use minlen/maxlen)")
			}
			if tg.hasOneof {
				tg.usedOneof = true
				for _, v := range tg.oneof {
					if len(v) < d.Limits.MinLen || len(v) > d.Limits.MaxLen {
						return nil, fail(path, "oneof value %q is outside the length bounds [%d, %d]", v, d.Limits.MinLen, d.Limits.MaxLen)
					}
				}
				d.Choices = newChoices(tg.oneof)
			}
		case p.Kind == Bytes && tg.hasOneof:
			return nil, fail(path, "oneof applies to strings and integers, not %s", p.Type)
		case p.Kind == Bytes && !tg.hasRange():
		case tg.hasValue():
			e, err := c.constrain(p.Elem, tg, path+"[]")
			if err != nil {
				return nil, err
			}
			d.Elem = e
			if d.Kind == Bytes && e.Constrained() {
				if d.Limits.UTF8 {
					// A Slice is never checked for UTF-8: refuse rather
					// than ignore the option.
					return nil, fail(path, "utf8 cannot be combined with min/max on a byte slice")
				}
				d.Kind = Slice
			}
		}
		return d, nil
	case Int, Uint, Float:
		if tg.hasOneof {
			return c.oneofInts(p, tg, path)
		}
		if !tg.hasRange() {
			return p, nil
		}
		if p.Enum != nil {
			return nil, fail(path, "min/max do not apply to enum type %v (its declared values bound it)", p.Type)
		}
		tg.usedRange = true
		d := c.derive(p, path)
		if err := tg.rangeFor(d, &d.Limits); err != nil {
			return nil, fail(path, "fuzz tag %q: %v", tg.raw, err)
		}
		return d, nil
	}
	return p, nil
}

// oneofInts narrows an integer plan to the values of a oneof= tag, as
// an enum of its own.
func (c *compiler) oneofInts(p *Plan, tg *tag, path string) (*Plan, error) {
	if p.Kind == Float {
		return nil, fail(path, "oneof applies to strings and integers, not %s", p.Type)
	}
	if p.Enum != nil {
		return nil, fail(path, "oneof does not apply to enum type %v (its declared values bound it)", p.Type)
	}
	tg.usedOneof = true
	vals, err := tg.oneofInts(p)
	if err != nil {
		return nil, fail(path, "fuzz tag %q: %v", tg.raw, err)
	}
	e := newEnum(vals)
	if len(e.Values) < len(vals) {
		return nil, fail(path, "fuzz tag %q: oneof lists a value twice", tg.raw)
	}
	d := c.derive(p, path)
	d.Enum = e
	return d, nil
}

func (c *compiler) union(p *Plan, path string) error {
	vts := unions[p.Type]
	if len(vts) == 0 {
		return fail(path, "interface %v has no registered variants (register them with codec.RegisterUnion)", p.Type)
	}
	p.variantIndex = make(map[reflect.Type]int, len(vts))
	names := variantNames(vts)
	for i, vt := range vts {
		vp, err := c.compile(vt, path+".("+names[i]+")")
		if err != nil {
			return err
		}
		vr := Variant{Name: names[i], Type: vt, Plan: vp}
		vr.compileBox(p.Type)
		p.Variants = append(p.Variants, vr)
		p.variantIndex[vt] = i
	}
	return nil
}

// variantNames picks the shortest unambiguous name for each variant.
func variantNames(vts []reflect.Type) []string {
	namers := []func(reflect.Type) string{
		func(t reflect.Type) string {
			if t.Kind() == reflect.Pointer && t.Name() == "" {
				t = t.Elem()
			}
			return typeName(t)
		},
		func(t reflect.Type) string { return t.String() },
		func(t reflect.Type) string {
			star := ""
			if t.Kind() == reflect.Pointer && t.Name() == "" {
				star, t = "*", t.Elem()
			}
			if t.PkgPath() == "" {
				return star + t.String()
			}
			return star + t.PkgPath() + "." + t.Name()
		},
	}
	names := make([]string, len(vts))
	for i, t := range vts {
		names[i] = namers[0](t)
	}
	for _, namer := range namers[1:] {
		count := map[string]int{}
		for _, n := range names {
			count[n]++
		}
		for i, t := range vts {
			if count[names[i]] > 1 {
				names[i] = namer(t)
			}
		}
	}
	return names
}

func (c *compiler) enum(p *Plan, path string) error {
	vals, ok := enums[p.Type]
	if !ok {
		var err error
		if vals, err = enumMethod(p.Type); err != nil {
			return fail(path, "%v", err)
		}
		if vals == nil {
			return nil
		}
	}
	norm := make([]uint64, len(vals))
	for i, v := range vals {
		norm[i] = normalise(p, v)
	}
	e := newEnum(norm)
	e.Names = enumNames(p.Type, e.Values)
	p.Enum = e
	return nil
}

// normalise truncates raw to the plan's width and sign-extends signed kinds,
// the form decoders produce.
func normalise(p *Plan, raw uint64) uint64 {
	bits := uint(p.Width * 8)
	if bits == 64 {
		return raw
	}
	raw &= 1<<bits - 1
	if p.Kind == Int && raw&(1<<(bits-1)) != 0 {
		raw |= ^uint64(0) << bits
	}
	return raw
}

// enumNames returns the String() names of the values when t is a
// fmt.Stringer and every name is distinct, else nil.
func enumNames(t reflect.Type, vals []uint64) []string {
	if !t.Implements(reflect.TypeFor[fmt.Stringer]()) {
		return nil
	}
	names := make([]string, len(vals))
	seen := map[string]bool{}
	for i, raw := range vals {
		v := reflect.New(t).Elem()
		if t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uintptr {
			v.SetUint(raw)
		} else {
			v.SetInt(int64(raw))
		}
		n, ok := callString(v)
		if !ok || n == "" || seen[n] {
			return nil
		}
		seen[n] = true
		names[i] = n
	}
	return names
}

func callString(v reflect.Value) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return v.Interface().(fmt.Stringer).String(), true
}
