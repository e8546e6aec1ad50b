package baseline

import (
	"reflect"
	"sync"

	fuzzheaders "github.com/AdaLogics/go-fuzz-headers"
	gofuzz "github.com/google/gofuzz"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// unionMap maps each union interface type reachable from a type to its
// variant types, in tag order.
type unionMap map[reflect.Type][]reflect.Type

var unionCache sync.Map // reflect.Type -> unionMap

// unionsOf lists the unions reachable from t, from structfuzz's type model
// (the variants registered with codec.RegisterUnion).
func unionsOf(t reflect.Type) unionMap {
	if u, ok := unionCache.Load(t); ok {
		return u.(unionMap)
	}
	u := unionMap{}
	if p, err := plan.For(t); err == nil {
		collect(p, u, map[*plan.Plan]bool{})
	}
	unionCache.Store(t, u)
	return u
}

func collect(p *plan.Plan, u unionMap, seen map[*plan.Plan]bool) {
	if p == nil || seen[p] {
		return
	}
	seen[p] = true
	if p.Kind == plan.Union {
		var vs []reflect.Type
		for _, v := range p.Variants {
			vs = append(vs, v.Type)
			collect(v.Plan, u, seen)
		}
		u[p.Type] = vs
	}
	collect(p.Elem, u, seen)
	collect(p.Key, u, seen)
	for _, f := range p.Fields {
		collect(f.Plan, u, seen)
	}
}

// newVariant makes a zero value of variant type vt and returns it with
// the pointer that generators fill: for a pointer variant the two are the
// same; for a value variant the value is read back after filling.
func newVariant(vt reflect.Type) (fill reflect.Value, value func() reflect.Value) {
	if vt.Kind() == reflect.Pointer {
		p := reflect.New(vt.Elem())
		return p, func() reflect.Value { return p }
	}
	p := reflect.New(vt)
	return p, func() reflect.Value { return p.Elem() }
}

// maxUnionDepth bounds how deep fillHeaders nests unions, as the codec's
// depth limit bounds structfuzz's own values.
const maxUnionDepth = 16

// fillHeaders walks v and gives every nil union a variant chosen by the
// consumer's next byte (0 keeps it nil), filled by GenerateStruct, then
// descends into it. It stops quietly when the data runs out.
func fillHeaders(c *fuzzheaders.ConsumeFuzzer, v reflect.Value, u unionMap, depth int) {
	if depth > maxUnionDepth {
		return
	}
	switch v.Kind() {
	case reflect.Interface:
		vs, ok := u[v.Type()]
		if !ok || !v.CanSet() {
			return
		}
		if v.IsNil() {
			b, err := c.GetByte()
			if err != nil {
				return
			}
			k := int(b) % (len(vs) + 1)
			if k == 0 {
				return
			}
			fill, value := newVariant(vs[k-1])
			if err := c.GenerateStruct(fill.Interface()); err != nil {
				return
			}
			v.Set(value())
		}
		// Descend through an addressable copy, then store it back.
		inner := reflect.New(v.Elem().Type()).Elem()
		inner.Set(v.Elem())
		fillHeaders(c, inner, u, depth+1)
		v.Set(inner)
	case reflect.Pointer:
		if !v.IsNil() {
			fillHeaders(c, v.Elem(), u, depth)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanSet() {
				fillHeaders(c, v.Field(i), u, depth)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			fillHeaders(c, v.Index(i), u, depth)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(iter.Value())
			fillHeaders(c, e, u, depth)
			v.SetMapIndex(iter.Key(), e)
		}
	}
}

// goFuzzFuncs builds one gofuzz custom function per union: it picks nil
// or a variant and lets gofuzz fill the variant.
func goFuzzFuncs(u unionMap) []any {
	cont := reflect.TypeFor[gofuzz.Continue]()
	var funcs []any
	for it, vs := range u {
		ft := reflect.FuncOf([]reflect.Type{reflect.PointerTo(it), cont}, nil, false)
		fn := reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
			dst := args[0].Elem()
			c := args[1].Interface().(gofuzz.Continue)
			k := c.Intn(len(vs) + 1)
			if k == 0 {
				dst.SetZero()
				return nil
			}
			fill, value := newVariant(vs[k-1])
			c.Fuzz(fill.Interface())
			dst.Set(value())
			return nil
		})
		funcs = append(funcs, fn.Interface())
	}
	return funcs
}
