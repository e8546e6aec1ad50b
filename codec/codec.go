// Package codec is structfuzz's fixed-width serialiser: it maps Go values
// (structs, slices, arrays, maps, pointers, named-integer enums and
// interfaces used as tagged unions) to bytes and back, safely on any input.
//
// The format is little-endian and platform independent: int and uint take
// eight bytes, lengths are uint32, a pointer is a presence byte, a union is a
// uint16 tag. Every valid value has exactly one encoding, and Unmarshal
// accepts only that encoding, so Marshal(Unmarshal(b)) == b for every input
// b that Unmarshal accepts. FORMAT.md in this directory gives the exact
// rules.
//
// Two decoders share the format. Unmarshal is strict: it reports short
// input, trailing bytes, lengths the input cannot hold, bad bool or union
// bytes, values outside declared ranges or enums, invalid UTF-8 where a tag
// requires it, nesting beyond the depth limit, and values that need more
// memory than the budget (see Memory below), each with the byte
// offset and the path of the value. UnmarshalLenient never fails on the
// input: it zero-fills when bytes run out, ignores trailing bytes, and maps
// every invalid field into a valid one, so byte-level fuzzers and the
// mutator can turn any byte string into a value.
//
// # Types
//
// Supported: bool, all integer and float kinds, complex numbers, strings,
// slices, arrays, maps with plain keys, pointers, structs (exported fields,
// and the exported fields of embedded structs) and interfaces whose
// variants were registered with RegisterUnion. A type whose fields are all
// unexported but which implements encoding.BinaryMarshaler and
// BinaryUnmarshaler (or the Text pair), such as time.Time, netip.Addr or
// big.Int, is encoded through those methods. Channels, funcs,
// unsafe.Pointer and other types with only unexported fields are rejected
// with an error naming the path to them.
//
// # Tags
//
// A `fuzz:` struct tag constrains a field; Marshal and Unmarshal enforce it,
// UnmarshalLenient and the mutator stay inside it:
//
//	fuzz:"-"                skip the field (it decodes as its zero value)
//	fuzz:"min=-5,max=5"     integer or float range, bounds included
//	fuzz:"len=4"            exact length of a string, slice or map
//	fuzz:"minlen=1,maxlen=64"   length bounds (minlen: strings and slices)
//	fuzz:"utf8"             a string or []byte must be valid UTF-8
//	fuzz:"oneof=GET|POST"   a string or integer is one of the values listed
//
// The values of oneof are separated by '|' and hold no ',' or '|'; an
// empty value (oneof=|x) is the empty string. oneof changes no encoding:
// the lenient decoder maps any other string to one of the values, chosen
// by its bytes.
//
// Value options (min, max, utf8, oneof) apply to the scalar reached through
// pointers, slices, arrays and map values, so `fuzz:"max=9"` on a []int
// bounds each element. Length options apply to the first string, slice or
// map reached through pointers and arrays.
//
// # Enums
//
// A named integer type declares its valid values with RegisterEnum, or with
// a method `func (T) EnumValues() []T`. Holes are allowed.
//
// # Recursion
//
// Recursive types (trees through pointers, slices, maps and unions) are
// supported. Each optional step around a cycle (a non-nil pointer, a
// non-empty collection, a non-nil union) counts toward the depth limit,
// DefaultMaxDepth unless Options says otherwise, and never more than
// MaxDepthCeiling; encoding a deeper or cyclic value is an error, and
// decoding rejects (strict) or cuts off (lenient) anything deeper.
//
// # Memory
//
// Decoding an input of n bytes allocates at most MaxMemory +
// MemoryPerByte*n bytes (Options.MaxMemory, DefaultMaxMemory by default),
// even for types whose values are large in memory but small in their
// encoding (skipped or unexported fields): strict decoding rejects an
// input that would need more (ErrMemory, naming the path), lenient
// decoding cuts the value where the budget ends, and Marshal refuses a
// value whose encoding would be rejected so. FORMAT.md gives the cost
// model.
package codec

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sync"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// DefaultMaxDepth is the depth limit when Options.MaxDepth is zero.
const DefaultMaxDepth = 64

// MaxDepthCeiling is the largest depth limit the codec applies. A larger
// Options.MaxDepth is clamped to it: every level of depth costs a few stack
// frames in each walk, and Go stops a program whose stack outgrows its
// limit (1 GB on 64-bit platforms) with a fatal error that no recover
// catches. At this ceiling a walk needs a few megabytes of stack.
const MaxDepthCeiling = 10000

// DefaultMaxMemory is the memory budget's constant part when
// Options.MaxMemory is zero: 4 MiB.
const DefaultMaxMemory = 4 << 20

// MemoryPerByte is the memory budget's allowance per input byte. Decoding
// an input of n bytes may allocate at most MaxMemory + MemoryPerByte*n
// bytes (see Options.MaxMemory).
const MemoryPerByte = 16

// Options configure encoding and decoding. The zero value is the default:
// strict decoding, DefaultMaxDepth and DefaultMaxMemory. Options are plain
// values; share them freely.
type Options struct {
	// MaxDepth bounds recursion: the number of optional steps around a
	// cycle of the type (see the package comment). Zero means
	// DefaultMaxDepth; a value above MaxDepthCeiling means the ceiling.
	MaxDepth int
	// Lenient makes Unmarshal accept any input (see UnmarshalLenient).
	Lenient bool
	// MaxMemory is the constant part, in bytes, of the memory budget of
	// decoding: an input of n bytes may make the decoder allocate at most
	//
	//	MaxMemory + MemoryPerByte*n
	//
	// bytes, as the cost model of FORMAT.md ("Memory") counts them: slice
	// and map storage, string and byte-slice bytes, the targets of
	// pointers, union contents and opaque values, rounded up to Go's
	// allocation sizes. Strict decoding rejects an input whose value
	// would need more (ErrMemory); lenient decoding stops growing the
	// collection, or leaves the pointer, union or opaque value empty, where
	// the budget runs out. Marshal and Size reject a value whose own
	// encoding would be rejected so, which keeps every encoding decodable.
	// Zero (or less) means DefaultMaxMemory.
	MaxMemory int
}

// MaxDepthOrDefault returns the depth limit o applies: MaxDepth,
// DefaultMaxDepth when it is zero or less, and at most MaxDepthCeiling.
func (o Options) MaxDepthOrDefault() int {
	if o.MaxDepth <= 0 {
		return DefaultMaxDepth
	}
	return min(o.MaxDepth, MaxDepthCeiling)
}

// MaxMemoryOrDefault returns the constant part of the memory budget o
// applies: MaxMemory, or DefaultMaxMemory when it is zero or less.
func (o Options) MaxMemoryOrDefault() int {
	if o.MaxMemory <= 0 {
		return DefaultMaxMemory
	}
	return o.MaxMemory
}

// MemoryBudget returns the bytes decoding an input of n bytes may allocate
// under o: MaxMemoryOrDefault() + MemoryPerByte*n, saturating at the
// largest int.
func (o Options) MemoryBudget(n int) int {
	return plan.Budget(o.MaxMemoryOrDefault(), MemoryPerByte, n)
}

// Marshal returns the encoding of v, a value or a non-nil pointer to one
// (a pointer encodes the value it points to).
func Marshal(v any) ([]byte, error) { return Options{}.Marshal(v) }

// Size returns len(Marshal(v)) without building the encoding. It reports
// the same errors as Marshal.
func Size(v any) (int, error) { return Options{}.Size(v) }

// Unmarshal decodes data into *ptr strictly: data must be exactly the
// encoding of one valid value of ptr's element type. See Options.Unmarshal.
func Unmarshal(data []byte, ptr any) error { return Options{}.Unmarshal(data, ptr) }

// UnmarshalLenient decodes any data into *ptr: missing bytes read as zero,
// trailing bytes are ignored, and invalid lengths, bools, union tags, enum
// and range values and UTF-8 are mapped to valid ones. It fails only when
// ptr is not a non-nil pointer to a supported type. The result always
// passes Marshal, and a valid encoding decodes exactly as Unmarshal would
// decode it.
func UnmarshalLenient(data []byte, ptr any) error {
	return Options{Lenient: true}.Unmarshal(data, ptr)
}

// Append appends the encoding of v to buf.
func (o Options) Append(buf []byte, v any) ([]byte, error) {
	p, rv, err := valueOf(v)
	if err != nil {
		return buf, err
	}
	e := newEncoder(o)
	defer e.release()
	e.shift = -len(buf)
	out, err := e.value(buf, p, rv, 0)
	if err != nil {
		return buf, finish(err, "marshal", p.Name)
	}
	return out, nil
}

// Marshal returns the encoding of v.
func (o Options) Marshal(v any) ([]byte, error) {
	// Encode into a pooled buffer, then copy out exactly: one allocation
	// instead of one per growth of a buffer started from nil.
	bp := scratch.Get().(*[]byte)
	out, err := o.Append((*bp)[:0], v)
	var result []byte
	if err == nil {
		result = bytes.Clone(out)
	}
	if cap(out) <= maxPooled {
		*bp = out
		scratch.Put(bp)
	}
	return result, err
}

// scratch holds encoding buffers for Marshal; buffers past maxPooled are
// left to the garbage collector rather than kept.
var scratch = sync.Pool{New: func() any { return new([]byte) }}

const maxPooled = 1 << 16

// Size returns len(o.Marshal(v)) without building the encoding.
func (o Options) Size(v any) (int, error) {
	p, rv, err := valueOf(v)
	if err != nil {
		return 0, err
	}
	e := newEncoder(o)
	defer e.release()
	n, err := e.size(p, rv, 0)
	if err != nil {
		return 0, finish(err, "size", p.Name)
	}
	return n, nil
}

// Memory returns the bytes of memory that decoding the encoding of v
// would charge against the memory budget (see MaxMemory and FORMAT.md,
// "Memory"), with the length of that encoding. It reports the errors Size
// reports, ErrMemory included.
func (o Options) Memory(v any) (mem, size int, err error) {
	p, rv, err := valueOf(v)
	if err != nil {
		return 0, 0, err
	}
	e := newEncoder(o)
	defer e.release()
	n, err := e.size(p, rv, 0)
	if err != nil {
		return 0, 0, finish(err, "size", p.Name)
	}
	return e.acct.Spent, n, nil
}

// Unmarshal decodes data into *ptr, which it overwrites completely: fields
// skipped by tags and unexported fields become zero, and nothing of the old
// value is reused. On error *ptr is set to its zero value.
func (o Options) Unmarshal(data []byte, ptr any) error {
	rv := reflect.ValueOf(ptr)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("codec: Unmarshal needs a non-nil pointer, got %T", ptr)
	}
	rv = rv.Elem()
	p, err := plan.For(rv.Type())
	if err != nil {
		return err
	}
	d := decoder{data: data, lenient: o.Lenient, maxDepth: o.MaxDepthOrDefault(), frozen: -1,
		acct: plan.Account{Base: o.MaxMemoryOrDefault(), PerByte: MemoryPerByte}}
	if !p.MemCopy {
		// A MemCopy value is overwritten whole (or zeroed on error).
		rv.SetZero()
	}
	err = d.value(p, rv, 0)
	if err == nil && !d.lenient && d.off != len(data) {
		err = d.fail(ErrTrailingBytes, "%d bytes left", len(data)-d.off)
	}
	if err != nil {
		rv.SetZero()
		return finish(err, "unmarshal", p.Name)
	}
	return nil
}

// valueOf returns the plan and an addressable reflect.Value of v (or of
// *v when v is a pointer).
func valueOf(v any) (*plan.Plan, reflect.Value, error) {
	rv := reflect.ValueOf(v)
	switch {
	case !rv.IsValid():
		return nil, rv, errors.New("codec: cannot encode a nil interface value")
	case rv.Kind() == reflect.Pointer:
		if rv.IsNil() {
			return nil, rv, fmt.Errorf("codec: cannot encode a nil %T", v)
		}
		rv = rv.Elem()
	default:
		cp := reflect.New(rv.Type()).Elem()
		cp.Set(rv)
		rv = cp
	}
	p, err := plan.For(rv.Type())
	return p, rv, err
}

// RegisterUnion declares the variants of interface type I, so that fields
// of type I encode as a tagged union. The order fixes the tags (the first
// variant is tag 1, nil is tag 0): append new variants in later calls or at
// the end, never reorder, and existing corpora stay valid. A variant may be
// a value type or a pointer type; pass any value of it, for example
//
//	codec.RegisterUnion[Shape](Circle{}, &Polygon{})
//
// RegisterUnion panics if I is not an interface type, a variant is nil or
// registered twice. Call it from init, before the first Marshal or
// Unmarshal of a type that reaches I.
func RegisterUnion[I any](variants ...I) {
	types := make([]reflect.Type, len(variants))
	for i, v := range variants {
		if types[i] = reflect.TypeOf(v); types[i] == nil {
			panic(fmt.Sprintf("structfuzz: RegisterUnion[%v]: variant %d is a nil interface value; give a value of each variant type, such as Circle{} or &Polygon{}", reflect.TypeFor[I](), i))
		}
	}
	if err := plan.RegisterUnion(reflect.TypeFor[I](), types); err != nil {
		panic(err)
	}
}

// Integer is the set of types RegisterEnum accepts.
type Integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

// RegisterEnum declares the valid values of the named integer type T;
// holes are allowed. Decoding rejects (strict) or maps into the set
// (lenient) any other value, and mutation stays inside it. A type can
// instead declare the method `func (T) EnumValues() []T`; a registration
// takes precedence. If T implements fmt.Stringer with distinct names, the
// readable JSON form shows and accepts the names.
//
// RegisterEnum panics if T is not a named integer type or values is empty.
// Call it from init.
func RegisterEnum[T Integer](values ...T) {
	raw := make([]uint64, len(values))
	for i, v := range values {
		rv := reflect.ValueOf(v)
		if rv.CanInt() {
			raw[i] = uint64(rv.Int())
		} else {
			raw[i] = rv.Uint()
		}
	}
	if err := plan.RegisterEnum(reflect.TypeFor[T](), raw); err != nil {
		panic(err)
	}
}
