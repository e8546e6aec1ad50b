package plan

import (
	"reflect"
	"unsafe"
)

// A union value is a Go interface: two words, the type (or itab) of its
// content and a data word. For most types the data word points to a
// "box", a heap copy of the content that nothing else writes; for
// pointer-shaped types it is the content itself. reflect only hands out
// the content of an interface as a read-only copy and stores a value into
// one by copying it into a new box: one allocation to read a variant
// addressably, two to decode one. The compiled box operations below skip
// both, the way reflect itself packs interfaces.

// SliceHeader is the layout of every Go slice, for the algorithms that
// read and write values through memory by the plan.
type SliceHeader struct {
	Data     unsafe.Pointer
	Len, Cap int
}

// iface is the layout of every Go interface value, empty or not.
type iface struct {
	tab  unsafe.Pointer // *itab, or *rtype for an empty interface
	data unsafe.Pointer
}

// compileBox records how values of variant vr sit in interfaces of type
// it: whether they are boxed (stored behind the data word) and the type
// word the interface holds for them.
func (vr *Variant) compileBox(it reflect.Type) {
	holder := reflect.New(it).Elem()
	holder.Set(reflect.New(vr.Type).Elem())
	h := (*iface)(holder.Addr().UnsafePointer())
	vr.tab = h.tab
	// A zero value of a pointer-shaped type is a nil data word; every
	// boxed value, zero-sized ones included, has a non-nil one.
	vr.boxed = h.data != nil
}

// Prepare makes the union value at ptr (nil, or to be overwritten) hold
// a zero value of variant vr, and returns where a decoder writes its
// content: a fresh box for a boxed variant, which becomes the interface's
// own without the copy (and second allocation) reflect.Value.Set makes,
// or the interface's data word for a pointer-shaped one.
func (vr *Variant) Prepare(ptr unsafe.Pointer) unsafe.Pointer {
	h := (*iface)(ptr)
	if !vr.boxed {
		h.data = nil
		h.tab = vr.tab
		return unsafe.Pointer(&h.data)
	}
	box := reflect.New(vr.Type).UnsafePointer()
	h.data = box
	h.tab = vr.tab
	return box
}

// VariantAt reads the union value at ptr (of this Union plan): the index
// in Variants of the variant it holds and a pointer to its content, or
// -1 and nil for a nil union, or -2 and nil for a dynamic type that is not
// a registered variant. The content is read-only: a box may be shared by copies of the
// interface.
func (p *Plan) VariantAt(ptr unsafe.Pointer) (int, unsafe.Pointer) {
	h := (*iface)(ptr)
	if h.tab == nil {
		return -1, nil
	}
	i := -2
	for j := range p.Variants {
		if p.Variants[j].tab == h.tab {
			i = j
			break
		}
	}
	if i < 0 {
		// Type words are unique per type in one program, but a program
		// built from several modules (plugins) may hold copies: ask
		// reflect.
		if i = p.VariantIndex(reflect.NewAt(p.Type, ptr).Elem().Elem().Type()); i < 0 {
			return -2, nil
		}
	}
	if p.Variants[i].boxed {
		return i, h.data
	}
	return i, unsafe.Pointer(&h.data)
}
