// # Readable form
//
// MarshalReadable prints any value as indented JSON that shows field names,
// union variant names and enum names, and UnmarshalReadable reads that JSON
// back, so people can read crash inputs and write seeds by hand.
// BinaryToJSON and JSONToBinary convert between the two forms. The
// readable form loses nothing the binary format keeps (nil versus empty,
// NaN payloads, -0, invalid UTF-8), and fields left out of a hand-written
// object are zero. MarshalReadable lists the conventions.
package codec

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// ErrJSON: the text given to UnmarshalReadable is not JSON, or is JSON that
// does not fit the type: a wrong JSON type, an unknown struct field, a
// number that is not an integer where one is needed, an array of the wrong
// length for a Go array.
var ErrJSON = errors.New("bad readable form")

// The NaNs written as "NaN": the one math.NaN returns, and the float32
// quiet NaN with no payload. Any other NaN is written by its bits.
const (
	jsonNaN64 uint64 = 0x7ff8000000000001
	jsonNaN32 uint64 = 0x7fc00000
)

// MarshalReadable returns the readable form of v, a value or a non-nil pointer
// to one as for Marshal: JSON indented by two spaces, with no trailing
// newline. Equal values give equal bytes. Only a value that Marshal accepts
// has a readable form, and MarshalReadable reports the errors Marshal would.
//
// The form follows the Go type:
//
//   - bool: true or false. Integers: JSON numbers, exact for every 64-bit
//     value. An enum whose type names its values with a String method (see
//     RegisterEnum) prints the name, for example "OpPut".
//   - float32, float64: the shortest number that parses back to the same
//     bits, -0 included. Infinities are the strings "+Inf" and "-Inf". The
//     NaN of math.NaN (bits 0x7ff8000000000001; for float32 the quiet NaN
//     0x7fc00000) is the string "NaN"; any other NaN is written by its IEEE
//     754 bits as {"float_bits": "0x7ff8000000000000"}, a form
//     UnmarshalReadable accepts for any float. Complex numbers: [re, im].
//   - string, []byte: a JSON string when the bytes are valid UTF-8, else
//     {"hex": "ff00"}. A nil []byte is null, an empty one "".
//   - slices and arrays: JSON arrays. A nil slice is null, an empty one [].
//   - maps: null when nil. A map with string keys is an object with sorted
//     keys; any other map, or one with a key that is not valid UTF-8, is an
//     array of {"key": K, "value": V} objects sorted by the binary
//     encoding of K.
//   - pointers: null, or the value pointed to. When that value can itself
//     be null (a pointer, slice, map or union), a non-nil pointer is a
//     one-element array around it, so that [null] (a pointer to a nil
//     slice, say) differs from null (a nil pointer).
//   - structs: objects with the encoded fields under their Go names, in
//     declaration order. An embedded struct is a field named by its type.
//   - unions: null for a nil interface, else {"Variant": value} with the
//     variant's name (its type name, qualified when two variants would
//     share one; see RegisterUnion). A pointer variant holding nil is
//     {"Variant": null}.
//   - types that marshal themselves (MarshalBinary or MarshalText, see
//     FORMAT.md): the bytes their method produces, written as for []byte.
//     A binary type that also has MarshalText and UnmarshalText is written
//     as {"text": "..."} when its text converts back to the same binary
//     form (time.Time, for example).
//
// UnmarshalReadable also takes what people write by hand: a time.Duration as
// a string time.ParseDuration reads ("1h30m") besides its number of
// nanoseconds, and a type that marshals itself as a plain string of its
// text form ("2024-01-02T15:04:05Z" for a time.Time) when its binary
// method rejects the string's bytes.
func MarshalReadable(v any) ([]byte, error) {
	p, rv, err := valueOf(v)
	if err != nil {
		return nil, err
	}
	// Validate first: the walk below may then assume a valid, finite value.
	e := newEncoder(Options{})
	defer e.release()
	if _, err := e.size(p, rv, 0); err != nil {
		return nil, finish(err, "marshal JSON", p.Name)
	}
	w := jsonWriter{keys: encoder{maxDepth: DefaultMaxDepth}}
	if err := w.value(p, rv, 0); err != nil {
		return nil, finish(err, "marshal JSON", p.Name)
	}
	return w.buf, nil
}

// UnmarshalReadable reads the readable form written by MarshalReadable into *ptr,
// which it overwrites completely, as Unmarshal does. It is strict and
// directed by the type: JSON that is malformed or does not fit the type
// (ErrJSON), an unknown union variant (ErrUnionTag), a number that
// overflows its Go type (ErrRange), or a value that breaks a constraint of
// the type (a range, an enum, a length, utf8, DefaultMaxDepth) is an
// *Error naming the path of the value, for example
// "Request.Parts[2].Body", and the byte offset in data. Struct fields
// left out are zero, and an enum accepts its name or its number, so short
// seeds can be written by hand. On error *ptr is set to its zero value.
//
// The JSON text must be valid UTF-8 and strings may not hold unpaired
// surrogate escapes (\ud800): use the {"hex": "..."} form for bytes that
// are not UTF-8.
func UnmarshalReadable(data []byte, ptr any) error {
	_, err := unmarshalJSON(data, ptr)
	return err
}

// BinaryToJSON decodes data strictly into *ptr (see Unmarshal) and returns
// the readable form of the result: what a person needs to read a crash
// input.
func BinaryToJSON(data []byte, ptr any) ([]byte, error) {
	if err := Unmarshal(data, ptr); err != nil {
		return nil, err
	}
	return MarshalReadable(ptr)
}

// JSONToBinary reads the readable form in data into *ptr (see
// UnmarshalReadable) and returns its binary encoding: how a hand-written seed
// becomes a corpus file.
func JSONToBinary(data []byte, ptr any) ([]byte, error) {
	return unmarshalJSON(data, ptr)
}

// unmarshalJSON is UnmarshalReadable, returning the binary encoding it
// validated the value with.
func unmarshalJSON(data []byte, ptr any) ([]byte, error) {
	rv := reflect.ValueOf(ptr)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil, fmt.Errorf("codec: UnmarshalReadable needs a non-nil pointer, got %T", ptr)
	}
	rv = rv.Elem()
	p, err := plan.For(rv.Type())
	if err != nil {
		return nil, err
	}
	rv.SetZero()
	r := newJSONReader(data)
	err = r.top(p, rv)
	var out []byte
	if err == nil {
		// The checks along the way name JSON offsets; the encoder is the
		// authority on what is valid (depth, colliding keys, ...).
		e := newEncoder(Options{})
		out, err = e.value(nil, p, rv, 0)
		e.release()
	}
	if err != nil {
		rv.SetZero()
		return nil, finish(err, "unmarshal JSON", p.Name)
	}
	return out, nil
}

// jsonNullable reports whether values of p can be written as null, so that
// a pointer to one must wrap it.
func jsonNullable(p *plan.Plan) bool {
	switch p.Kind {
	case plan.Pointer, plan.Union, plan.Bytes, plan.Slice, plan.Map:
		return true
	}
	return false
}

// MarshalJSON is MarshalReadable.
//
// Deprecated: the name reads like the json.Marshaler method, which it is
// not; use MarshalReadable.
func MarshalJSON(v any) ([]byte, error) { return MarshalReadable(v) }

// UnmarshalJSON is UnmarshalReadable.
//
// Deprecated: the name reads like the json.Unmarshaler method, which it
// is not; use UnmarshalReadable.
func UnmarshalJSON(data []byte, ptr any) error { return UnmarshalReadable(data, ptr) }
