package mutator

import (
	"reflect"

	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// A leaf often needs a value that the input already holds elsewhere: the
// name a later step refers to, the length a header repeats, the key of an
// earlier entry. pickLeaf finds one.

// pickText returns the bytes of a string or byte slice of the value
// being mutated (m.root), a copy, chosen uniformly among all of them, and
// whether there was one.
func (m *Mutator) pickText() ([]byte, bool) {
	pk := picker{m: m, want: isText}
	m.pickFrom(&pk)
	return pk.text, pk.seen > 0
}

// pickInteger returns an integer of the value being mutated, as its
// two's complement bits, chosen uniformly among all of them (enums
// aside), and whether there was one.
func (m *Mutator) pickInteger() (uint64, bool) {
	pk := picker{m: m, want: isInteger}
	m.pickFrom(&pk)
	return pk.word, pk.seen > 0
}

// pickFrom walks m.root with pk: reservoir sampling in the codec's order,
// map entries by encoded key, so the choice depends only on the random
// source.
func (m *Mutator) pickFrom(pk *picker) {
	if m.root == nil {
		return
	}
	rv := reflect.ValueOf(m.root)
	p, err := plan.For(rv.Type().Elem())
	if err != nil {
		return
	}
	pk.visit(p, rv.Elem())
}

type picker struct {
	m    *Mutator
	want func(*plan.Plan) bool
	seen int
	text []byte // the chosen text, a copy
	word uint64 // the chosen integer
}

func (pk *picker) visit(p *plan.Plan, v reflect.Value) {
	if pk.want(p) {
		pk.seen++
		if pk.m.r.IntN(pk.seen) != 0 {
			return
		}
		switch p.Kind {
		case plan.String:
			pk.text = append(pk.text[:0], v.String()...)
		case plan.Bytes:
			pk.text = append(pk.text[:0], v.Bytes()...)
		case plan.Int:
			pk.word = uint64(v.Int())
		case plan.Uint:
			pk.word = v.Uint()
		}
		return
	}
	switch p.Kind {
	case plan.Struct:
		for i := range p.Fields {
			f := &p.Fields[i]
			pk.visit(f.Plan, v.Field(f.Index))
		}
	case plan.Array, plan.Slice:
		for i := range v.Len() {
			pk.visit(p.Elem, v.Index(i))
		}
	case plan.Pointer:
		if !v.IsNil() {
			pk.visit(p.Elem, v.Elem())
		}
	case plan.Union:
		if v.IsNil() {
			return
		}
		if i := p.VariantIndex(v.Elem().Type()); i >= 0 {
			pk.visit(p.Variants[i].Plan, v.Elem())
		}
	case plan.Map:
		if v.Len() == 0 {
			return
		}
		mp := pk.m.temps()
		entries, mark, _ := mp.Sorted(v, walk.KeyEncoder(pk.m.codec))
		for _, e := range entries {
			pk.visit(p.Key, e.K)
			pk.visit(p.Elem, e.V)
		}
		mp.Release(mark)
	}
}

// isText reports a string or a byte slice.
func isText(p *plan.Plan) bool { return p.Kind == plan.String || p.Kind == plan.Bytes }

// isInteger reports an integer that is not an enum.
func isInteger(p *plan.Plan) bool {
	return (p.Kind == plan.Int || p.Kind == plan.Uint) && p.Enum == nil
}
