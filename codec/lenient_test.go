package codec_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
)

// tLenientCheck decodes data leniently into a fresh value of typ and checks
// that the result is valid: it must marshal, and its encoding must decode
// strictly to an equal value and re-encode to the same bytes. Decoding the
// same data again, into a used value, must give the same value.
func tLenientCheck(t *testing.T, typ reflect.Type, data []byte) {
	t.Helper()
	ptr := reflect.New(typ)
	if err := codec.UnmarshalLenient(data, ptr.Interface()); err != nil {
		t.Fatalf("UnmarshalLenient(% x): %v", data, err)
	}
	b, err := codec.Marshal(ptr.Interface())
	if err != nil {
		t.Fatalf("Marshal of a lenient result: %v\ninput: % x\nvalue: %s", err, data, tShow(ptr.Elem()))
	}
	strict := reflect.New(typ)
	if err := codec.Unmarshal(b, strict.Interface()); err != nil {
		t.Fatalf("strict Unmarshal of a re-encoded lenient result: %v\ninput:   % x\nencoded: % x", err, data, b)
	}
	if d := tDiff(ptr.Elem(), strict.Elem()); d != "" {
		t.Fatalf("lenient result and its strict round trip differ at %s\ninput: % x", d, data)
	}
	again := reflect.New(typ)
	again.Elem().Set(strict.Elem()) // a used target
	if err := codec.UnmarshalLenient(data, again.Interface()); err != nil {
		t.Fatal(err)
	}
	if d := tDiff(ptr.Elem(), again.Elem()); d != "" {
		t.Fatalf("lenient decoding is not deterministic: %s\ninput: % x", d, data)
	}
}

// tLenientInput returns a byte string of length 0 to 512: random bytes,
// a valid encoding of a random value with bytes changed, cut or extended,
// or a run of one byte (0x00, 0xff, ...).
func tLenientInput(t *testing.T, g *tGen, typ reflect.Type) []byte {
	r := g.r
	var b []byte
	switch r.IntN(4) {
	case 0:
		b = make([]byte, r.IntN(513))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
	case 1:
		b = bytes.Repeat([]byte{[]byte{0, 0xff, 1, 0x80, 0x7f}[r.IntN(5)]}, r.IntN(513))
	default:
		v := g.value(t, typ)
		enc, err := codec.Marshal(v.Addr().Interface())
		if err != nil {
			t.Fatal(err)
		}
		b = enc
		for range r.IntN(4) {
			if len(b) > 0 {
				b[r.IntN(len(b))] = byte(r.Uint32())
			}
		}
		switch r.IntN(3) {
		case 0:
			b = b[:r.IntN(len(b)+1)]
		case 1:
			b = append(b, byte(r.Uint32()), byte(r.Uint32()))
		}
	}
	if len(b) > 512 {
		b = b[:512]
	}
	return b
}

func TestUnmarshalLenientRandomBytes(t *testing.T) {
	n := 600
	if testing.Short() {
		n = 100
	}
	for i, typ := range tRoundTripTypes {
		t.Run(typ.String(), func(t *testing.T) {
			t.Parallel()
			g := tNewGen(uint64(i) + 1000)
			for range n {
				tLenientCheck(t, typ, tLenientInput(t, g, typ))
			}
		})
	}
}

// Every malformed input of the strict table decodes leniently to a valid
// value.
func TestUnmarshalLenientOnStrictErrors(t *testing.T) {
	for _, tt := range tStrictCases() {
		t.Run(tt.name, func(t *testing.T) {
			tLenientCheck(t, reflect.TypeOf(tt.new()).Elem(), tt.in)
		})
	}
}

// The documented lenient mappings (FORMAT.md), one by one.
func TestUnmarshalLenientMappings(t *testing.T) {
	nan := math.Float64bits(math.NaN())
	tests := []struct {
		name string
		in   []byte
		want any // a pointer to the expected value
	}{
		{"empty input is the zero value", nil, &tScalars{}},
		{"short input is zero-filled", []byte{1, 2}, tPtr(int32(0x0201))},
		{"trailing bytes are ignored", []byte{1, 2, 3}, tPtr(int8(1))},
		{"bool: the low bit", []byte{2, 3}, &[2]bool{false, true}},
		{"presence byte: the low bit", []byte{7, 5}, tPtr(tPtr(int8(5)))},
		{"presence byte 6 is nil", []byte{6, 5}, tPtr((*int8)(nil))},
		{"union tag modulo variants+1", tLE(uint16(6)), tPtr(tShape(nil))},
		{"union tag 7 is the first variant", tLE(uint16(7), float64(2)), tPtr(tShape(tCircle{R: 2}))},
		{"enum: values[x mod len]", []byte{2}, tPtr(tColor(7))},
		{"enum by method", tLE(int16(4)), tPtr(tLevel(0))}, // 4 mod 3 = 1: values[1] = 0
		{"int range: min + (x-min) mod span", tLE(int8(6), float64(0), float32(0), uint16(10), uint32(0)), &tRange{A: -5, U: 10, E: []int16{}}},
		{"float NaN becomes min", tLE(int8(0), nan, float32(0), uint16(10), uint32(0)), &tRange{F: -1.5, U: 10, E: []int16{}}},
		{"float folded into the range", tLE(int8(0), float64(3), float32(0), uint16(10), uint32(0)), &tRange{F: -1, U: 10, E: []int16{}}},
		{"float32 +Inf becomes min", tLE(int8(0), float64(0), float32(math.Inf(1)), uint16(10), uint32(0)), &tRange{U: 10, E: []int16{}}},
		{"length mod what the input holds", tLE(uint32(0xFFFFFFFE), "abcdef"), tPtr([]byte("abcdef"[:0xFFFFFFFE%7]))},
		{"nil marker on a string", tLE(uint32(0xFFFFFFFF), "abc"), tPtr("abc"[:0xFFFFFFFF%4])},
		{"minlen zero-filled", tLE(uint32(0)), &tMinLen{S: []int{0}}},
		{"invalid UTF-8: low 7 bits", tLE(uint32(3), []byte{0xc3, 0x28, 0xff}), &tUTF{S: "C(\x7f", B: []byte{}}},
		{"map keys in any order", tLE(uint32(2), uint8(5), uint8(1), uint8(3), uint8(2)), &map[uint8]uint8{3: 2, 5: 1}},
		{"repeated map key: the first stays", tLE(uint32(2), uint8(5), uint8(1), uint8(5), uint8(2)), &map[uint8]uint8{5: 1}},
		{"+0 then -0: the first stays", tLE(uint32(2), float64(0), int8(1), math.Copysign(0, -1), int8(2)), &map[float64]int8{0: 1}},
		{"4097 zero-size elements", tLE(uint32(4097)), tPtr(make([]struct{}, 4097%4097))},
		{"too deep: the step is left out", append(tRepeat(tLE(uint32(1)), codec.DefaultMaxDepth+1), tLE(uint32(0))...), tPtr(tNestSlices(codec.DefaultMaxDepth))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := reflect.ValueOf(tt.want).Elem()
			got := reflect.New(want.Type())
			if err := codec.UnmarshalLenient(tt.in, got.Interface()); err != nil {
				t.Fatal(err)
			}
			if d := tDiff(want, got.Elem()); d != "" {
				t.Fatalf("lenient decoding of % x differs at %s\ngot  %s\nwant %s", tt.in, d, tShow(got.Elem()), tShow(want))
			}
			tLenientCheck(t, want.Type(), tt.in)
		})
	}
}

// tNestSlices returns a tRecSlice nested depth levels deep, whose innermost
// slice is empty.
func tNestSlices(depth int) tRecSlice {
	s := tRecSlice{}
	for range depth {
		s = tRecSlice{s}
	}
	return s
}

// Regression: two NaN map keys with the same bits are one key to the
// format (Marshal rejects a map holding both), but a Go map keeps both.
// Lenient decoding kept both, so its result failed Marshal.
func TestUnmarshalLenientRepeatedNaNKeys(t *testing.T) {
	nan := binary.LittleEndian.AppendUint64(nil, 0x7ff8000000000001)
	tests := []struct {
		name string
		in   []byte
		new  func() any
		want int // entries
	}{
		{"float64 keys", tLE(uint32(3), nan, int8(1), nan, int8(2), float64(1), int8(3)), tNew[map[float64]int8](), 2},
		{"float32 keys", tLE(uint32(2), uint32(0x7fc00000), true, uint32(0x7fc00000), false), tNew[map[float32]bool](), 1},
		{"different NaNs stay", tLE(uint32(2), uint32(0x7fc00000), true, uint32(0x7fc00001), false), tNew[map[float32]bool](), 2},
		{"NaN inside a struct key", tLE(uint32(2), uint32(0x7fc00000), uint32(0), uint32(0x7fc00000), uint32(0)), tNew[map[struct{ A, B float32 }]struct{}](), 1},
		{"NaN inside an array key", tLE(uint32(2), nan, float64(0), nan, float64(0)), tNew[map[[2]float64]struct{}](), 1},
		{"NaN complex key", tLE(uint32(2), uint32(0x7fc00000), float32(1), uint32(0x7fc00000), float32(1)), tNew[map[complex64]struct{}](), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ptr := tt.new()
			if err := codec.UnmarshalLenient(tt.in, ptr); err != nil {
				t.Fatal(err)
			}
			if n := reflect.ValueOf(ptr).Elem().Len(); n != tt.want {
				t.Fatalf("%d entries, want %d", n, tt.want)
			}
			tLenientCheck(t, reflect.TypeOf(ptr).Elem(), tt.in)
		})
	}
}

// A lenient decode of a value tree mutated in place by random bytes and
// re-encoded converges: the second lenient decode of the re-encoding is
// the identity (the encoding is valid).
func TestUnmarshalLenientFixedPoint(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	typ := reflect.TypeFor[tFuzzRoot]()
	for range 500 {
		in := make([]byte, r.IntN(513))
		for i := range in {
			in[i] = byte(r.Uint32())
		}
		var v tFuzzRoot
		if err := codec.UnmarshalLenient(in, &v); err != nil {
			t.Fatal(err)
		}
		b, err := codec.Marshal(&v)
		if err != nil {
			t.Fatal(err)
		}
		var w tFuzzRoot
		if err := codec.UnmarshalLenient(b, &w); err != nil {
			t.Fatal(err)
		}
		if d := tDiff(reflect.ValueOf(v), reflect.ValueOf(w)); d != "" {
			t.Fatalf("%v: lenient decoding of a valid encoding changed it at %s", typ, d)
		}
	}
}
