// Package plan is structfuzz's single type model. Each reflect.Type a user
// fuzzes is compiled once into a *Plan: its kind, encoded size, fields with
// their parsed `fuzz:` tags, element and key plans, union variants, enum
// values, which hook methods it has, and how it recurses. The codec, the
// mutator, crossover and post-processing are all small walks over plans.
//
// Plans are immutable once returned by For and safe for concurrent use.
// Unsupported types fail compilation with an error that names the path to
// the offending part, for example
//
//	Request.Parts[].Body: interface io.Reader has no registered variants
package plan

import (
	"reflect"
	"strconv"
	"strings"
	"unsafe"
)

// Kind classifies a plan. It is coarser than reflect.Kind: all signed
// integers share Int and differ in Width, for example.
type Kind uint8

// The kinds of plan.
const (
	Invalid Kind = iota
	Bool
	Int     // signed integers; Width is 1, 2, 4 or 8 (int is 8)
	Uint    // unsigned integers and uintptr; Width is 1, 2, 4 or 8
	Float   // Width 4 or 8
	Complex // Width 8 or 16
	String
	Bytes   // a slice of an unconstrained byte-sized unsigned integer
	Slice   // any other slice
	Array   // Len elements of Elem
	Map     // Key and Elem
	Pointer // presence, then Elem
	Struct  // Fields in order
	Union   // an interface type with registered Variants
	// Opaque is a type whose fields are all unexported but which marshals
	// itself: encoding.BinaryMarshaler and BinaryUnmarshaler, or else the
	// Text pair (time.Time, netip.Addr, big.Int). It encodes as a length and
	// the bytes its methods produce.
	Opaque
)

var kindNames = [...]string{"invalid", "bool", "int", "uint", "float", "complex", "string", "bytes",
	"slice", "array", "map", "pointer", "struct", "union", "opaque"}

// String names the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// NilLength is the length prefix that marks a nil slice or map.
const NilLength = 0xFFFFFFFF

// MaxLength is the largest length a slice, map or string may have.
const MaxLength = NilLength - 1

// MaxZeroSizeLen bounds the length of a slice or map whose elements encode
// to zero bytes: nothing in the input can justify a larger count.
const MaxZeroSizeLen = 1 << 12

// MaxZeroSizeMemory bounds the memory such a collection may take, for
// elements that encode to nothing but are large in memory (hidden fields).
const MaxZeroSizeMemory = 1 << 20

// Plan is the compiled form of one Go type, possibly narrowed by the
// constraints of the struct field it is used in (see Base).
type Plan struct {
	Type reflect.Type
	Kind Kind
	// Name is a short readable name of Type, used in error paths.
	Name string
	// Width is the encoded width in bytes of a Bool, Int, Uint, Float or
	// Complex.
	Width int
	// Size is Type.Size(): the size of a value in memory, the stride of
	// slice and array elements.
	Size uintptr
	// Fixed is the encoded size when every value of the plan encodes to the
	// same number of bytes, and -1 otherwise.
	Fixed int
	// MinSize is the smallest encoded size of any valid value.
	MinSize int
	// MemCopy reports that, on a little-endian host, the in-memory
	// representation of every valid value is exactly its encoding, so bulk
	// copies may replace the element-wise walk.
	MemCopy bool
	// Unchecked reports a fixed-size plan with no enum or range inside:
	// every value of the Go type is valid and encodes to Fixed bytes.
	Unchecked bool
	// Flat reports a plan whose values hold no references: scalars,
	// strings, and arrays and structs (all fields encoded) of them. A
	// plain copy of such a value is a deep copy.
	Flat bool
	// Plain reports a Flat plan whose values hold no pointers (no
	// strings): a copy of their bytes is a deep copy.
	Plain bool

	// Elem is the element of a Slice, Bytes, Array, Pointer, or the value of
	// a Map.
	Elem *Plan
	// Key is the key of a Map.
	Key *Plan
	// Len is the length of an Array.
	Len int
	// Fields are the encoded fields of a Struct, in declaration order.
	Fields []Field
	// Variants are the alternatives of a Union, in tag order: tag i+1 is
	// Variants[i] and tag 0 is the nil interface.
	Variants []Variant
	// Text reports that an Opaque plan uses MarshalText and UnmarshalText
	// rather than the binary pair.
	Text bool
	// Enum lists the declared values of a named integer type, or the
	// values of a oneof= tag on an integer, or is nil.
	Enum *Enum
	// Choices lists the values of a oneof= tag on a string, or is nil.
	Choices *Choices
	// Limits holds the constraints from the `fuzz:` tag of the field this
	// plan was narrowed for.
	Limits Limits
	// Hooks records the hook methods of the type.
	Hooks Hooks

	// Recursive reports that the plan lies on a cycle of the type graph.
	Recursive bool
	// DepthElem reports that descending from this Pointer, Slice or Map into
	// its element is an optional step around a cycle: it counts toward the
	// depth limit, and at the limit the pointer must be nil or the
	// collection empty.
	DepthElem bool

	// Mem is what decoding a value of the plan allocates (see Cost): the
	// codec's memory budget charges it, and the mutator keeps within it.
	Mem Memory

	// Base is the unconstrained plan of Type. It is the plan itself unless
	// this plan was narrowed by a field's tag.
	Base *Plan
	// ID numbers base plans from 0 in the order they were made, never
	// reused, so IDs stay small; a narrowed plan has its Base's ID.
	// Algorithms that keep something per type (crossover's donors) index
	// a slice by it rather than a map.
	ID int

	variantIndex map[reflect.Type]int
	path         string // where compilation first met this plan
	// reach and reachKeys are the hooks a value can hold, map keys left
	// out or counted (see ReachesHook).
	reach, reachKeys reach
	memo             *memos // see Memo
}

// Field is one encoded struct field.
type Field struct {
	Name  string
	Index int // index for reflect.Value.Field
	// Offset is the field's byte offset in the struct, for walks that
	// reach fields through pointers.
	Offset uintptr
	Plan   *Plan
	Tag    string // the raw `fuzz:` tag
}

// Variant is one alternative of a union.
type Variant struct {
	// Name identifies the variant in the readable form: the type's name,
	// qualified by its package when two variants would share a name.
	Name string
	Type reflect.Type
	Plan *Plan
	// Depth reports that descending into this variant counts toward the
	// depth limit (see Plan.DepthElem).
	Depth bool
	// Mem is what decoding this variant allocates before its content
	// (see Plan.Mem).
	Mem int

	tab   unsafe.Pointer // the interface's type word for this variant
	boxed bool           // the interface stores the content behind its data word
}

// Limits are the constraints a `fuzz:` tag places on a value.
type Limits struct {
	// HasRange reports a min= or max= bound on an Int, Uint or Float; the
	// fields matching the kind hold both bounds (a missing bound is the
	// type's own extreme).
	HasRange           bool
	IntMin, IntMax     int64
	UintMin, UintMax   uint64
	FloatMin, FloatMax float64
	// MinLen and MaxLen bound the length of a String, Bytes, Slice or Map.
	// MaxLen is MaxLength when unbounded.
	MinLen, MaxLen int
	// UTF8 requires a String or Bytes to be valid UTF-8.
	UTF8 bool
}

// Enum is the declared value set of a named integer type.
type Enum struct {
	// Values holds the declared values in declaration order, as raw
	// 64-bit patterns (signed values sign-extended).
	Values []uint64
	// Names holds the String() form of each value when the type is a
	// fmt.Stringer and the names are distinct, else nil.
	Names []string
	// The index of each value, for Contains and Index, which every
	// decoded and encoded enum asks: a table indexed by the value less
	// base when the values lie close together (slots[i] is the index plus
	// one, 0 for a hole), else a map.
	base  uint64
	slots []int32
	index map[uint64]int
}

// Choices is the value set of a string tagged oneof=: a string of the
// plan is one of Texts, in tag order.
type Choices struct {
	Texts []string
	index map[string]int
}

func newChoices(texts []string) *Choices {
	c := &Choices{Texts: texts, index: make(map[string]int, len(texts))}
	for i, t := range texts {
		c.index[t] = i
	}
	return c
}

// Index returns the position of s in Texts, or -1.
func (c *Choices) Index(s string) int {
	if i, ok := c.index[s]; ok {
		return i
	}
	return -1
}

// Fit returns the index of s when it is a choice, else of the choice a
// lenient decoder takes in its place: one chosen by s's bytes, so that
// different strings reach different choices. (An index, not a string:
// s may point into a decoder's scratch memory, which must not escape.)
func (c *Choices) Fit(s string) int {
	if i, ok := c.index[s]; ok {
		return i
	}
	h := uint32(len(s))
	for i := 0; i < len(s); i++ {
		h = h*31 + uint32(s[i])
	}
	return int(h % uint32(len(c.Texts)))
}

// maxEnumSpan is the widest range of values an Enum indexes by a table.
const maxEnumSpan = 1 << 10

// newEnum indexes the distinct values of vals, in order.
func newEnum(vals []uint64) *Enum {
	e := &Enum{}
	seen := make(map[uint64]bool, len(vals))
	for _, v := range vals {
		if !seen[v] {
			seen[v] = true
			e.Values = append(e.Values, v)
		}
	}
	if len(e.Values) == 0 {
		e.index = map[uint64]int{}
		return e
	}
	// The values' span, read as signed and as unsigned numbers: a table
	// serves whichever is narrow (x - base wraps the same either way).
	sMin, sMax := int64(e.Values[0]), int64(e.Values[0])
	uMin, uMax := e.Values[0], e.Values[0]
	for _, v := range e.Values {
		sMin, sMax = min(sMin, int64(v)), max(sMax, int64(v))
		uMin, uMax = min(uMin, v), max(uMax, v)
	}
	switch {
	case uint64(sMax)-uint64(sMin) < maxEnumSpan:
		e.base, e.slots = uint64(sMin), make([]int32, uint64(sMax)-uint64(sMin)+1)
	case uMax-uMin < maxEnumSpan:
		e.base, e.slots = uMin, make([]int32, uMax-uMin+1)
	default:
		e.index = make(map[uint64]int, len(e.Values))
		for i, v := range e.Values {
			e.index[v] = i
		}
		return e
	}
	for i, v := range e.Values {
		e.slots[v-e.base] = int32(i + 1)
	}
	return e
}

// Contains reports whether raw is a declared value.
func (e *Enum) Contains(raw uint64) bool { return e.Index(raw) >= 0 }

// Index returns the position of raw in Values, or -1.
func (e *Enum) Index(raw uint64) int {
	if e.slots != nil {
		if off := raw - e.base; off < uint64(len(e.slots)) {
			return int(e.slots[off]) - 1
		}
		return -1
	}
	if i, ok := e.index[raw]; ok {
		return i
	}
	return -1
}

// Receiver says whether a hook method was found on the type, and on which
// receiver.
type Receiver uint8

// Hook receivers.
const (
	NoHook      Receiver = iota
	ValueHook            // the method is declared on T
	PointerHook          // the method is declared on *T
)

// Hooks records which hook methods a type has, and the hook functions
// registered for it.
type Hooks struct {
	Mutate      Receiver // Mutate(*mutator.Mutator)
	CrossOver   Receiver // CrossOver(other *T, c hook.Context) or (other *T, r *rand.Rand)
	PostProcess Receiver // PostProcess(c hook.Context) or (r *rand.Rand)
	// Funcs holds the functions registered with RegisterHookFunc, indexed
	// by HookKind; each package stores and asserts its own function type.
	// A registered function takes precedence over a method.
	Funcs [NumHookKinds]any

	// methods holds the hook methods found, as functions that take the
	// receiver first (see MethodFunc).
	methods [NumHookKinds]reflect.Value
	// ctx says which hook methods take a hook.Context rather than the
	// older *rand.Rand.
	ctx [NumHookKinds]bool
}

// HookKind names one of the hooks.
type HookKind int

// The hooks.
const (
	MutateHook HookKind = iota
	CrossOverHook
	PostProcessHook
	NumHookKinds
)

// Method returns the receiver of the hook method of kind k.
func (h *Hooks) Method(k HookKind) Receiver {
	switch k {
	case MutateHook:
		return h.Mutate
	case CrossOverHook:
		return h.CrossOver
	case PostProcessHook:
		return h.PostProcess
	}
	return NoHook
}

// MethodFunc returns the hook method of kind k, looked up once when the
// type was compiled, as a function whose first argument is the receiver:
// a T for a ValueHook, a *T for a PointerHook. It is the zero Value when
// the type has no such method (Method(k) is NoHook). Calling it saves the
// lookup by name that Value.MethodByName makes on every call.
func (h *Hooks) MethodFunc(k HookKind) reflect.Value {
	if k < 0 || k >= NumHookKinds {
		return reflect.Value{}
	}
	return h.methods[k]
}

// TakesContext reports whether the hook method of kind k takes a
// hook.Context; otherwise it takes the older *rand.Rand (Mutate takes a
// *mutator.Mutator, which is a hook.Context).
func (h *Hooks) TakesContext(k HookKind) bool {
	return k >= 0 && k < NumHookKinds && h.ctx[k]
}

// Has reports whether a function or method hook of kind k exists.
func (h *Hooks) Has(k HookKind) bool {
	return h.Funcs[k] != nil || h.Method(k) != NoHook
}

// VariantIndex returns the index in Variants of dynamic type t, or -1.
func (p *Plan) VariantIndex(t reflect.Type) int {
	if len(p.Variants) <= 8 {
		// A few comparisons of type words beat hashing one.
		for i := range p.Variants {
			if p.Variants[i].Type == t {
				return i
			}
		}
		return -1
	}
	if i, ok := p.variantIndex[t]; ok {
		return i
	}
	return -1
}

// LenOK reports whether n satisfies the plan's length limits.
func (p *Plan) LenOK(n int) bool {
	return n >= p.Limits.MinLen && n <= p.Limits.MaxLen
}

// Constrained reports whether values of a scalar plan are narrower than its
// representation: an enum or a range.
func (p *Plan) Constrained() bool {
	return p.Enum != nil || p.Limits.HasRange || p.Choices != nil
}

// Path returns where compilation first met this plan, e.g.
// "Request.Parts[]".
func (p *Plan) Path() string { return p.path }

// MaxCount returns the largest element count that remaining bytes of input
// can justify for a String, Bytes, Slice or Map, ignoring the plan's own
// MaxLen.
func (p *Plan) MaxCount(remaining int) int {
	per := p.ElemMinSize()
	if per == 0 {
		return p.MaxZeroSizeCount()
	}
	n := remaining / per
	if n > MaxLength {
		n = MaxLength
	}
	return n
}

// MaxZeroSizeCount is the most elements a Slice or Map whose elements
// encode to nothing may hold: MaxZeroSizeLen, or fewer when they are large
// in memory. Encoding and decoding both enforce it.
func (p *Plan) MaxZeroSizeCount() int {
	mem := int(p.Elem.Type.Size())
	if p.Kind == Map {
		mem += int(p.Key.Type.Size())
	}
	if mem == 0 {
		return MaxZeroSizeLen
	}
	return max(1, min(MaxZeroSizeLen, MaxZeroSizeMemory/mem))
}

// ElemMinSize is the smallest encoded size of one element (one entry for a
// map, one byte for a string).
func (p *Plan) ElemMinSize() int {
	switch p.Kind {
	case String, Bytes, Opaque:
		return 1
	case Map:
		return p.Key.MinSize + p.Elem.MinSize
	default:
		return p.Elem.MinSize
	}
}

// JoinPath renders the path of a value for an error: the root's name,
// then segs, which a walk collects innermost first while it unwinds. A long
// path (a cyclic value) shows both ends and counts what it leaves out.
func JoinPath(root string, segs []string) string {
	const show = 12
	var b strings.Builder
	b.WriteString(root)
	n := len(segs)
	for i := n - 1; i >= 0; i-- {
		if n > 2*show && i == n-1-show {
			b.WriteString("…(" + strconv.Itoa(n-2*show) + " more)…")
			i = show - 1 // the innermost show segments follow
		}
		b.WriteString(segs[i])
	}
	return b.String()
}
