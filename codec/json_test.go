package codec_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/codec"
)

// Types for the readable-form tests. Every name starts with j or json so
// that other test files of the package can use any other name.

// jColor is an enum with names.
type jColor uint8

const (
	jBlack jColor = 0
	jRed   jColor = 1
	jGreen jColor = 2
	jBlue  jColor = 5
)

func (c jColor) String() string {
	switch c {
	case jBlack:
		return "jBlack"
	case jRed:
		return "jRed"
	case jGreen:
		return "jGreen"
	case jBlue:
		return "jBlue"
	}
	return fmt.Sprintf("jColor(%d)", uint8(c))
}

// jLevel is an enum without names, with negative values.
type jLevel int16

const (
	jLow  jLevel = -3
	jMid  jLevel = 0
	jHigh jLevel = 7
)

// jShape is a union of a value variant, a pointer variant and a named
// string.
type jShape interface{ isJShape() }

type jCircle struct{ R float64 }

type jPoint struct{ X, Y int32 }

type jPoly struct{ Pts []jPoint }

type jLabel string

func (jCircle) isJShape() {}
func (*jPoly) isJShape()  {}
func (jLabel) isJShape()  {}

// jExpr is a recursive union.
type jExpr interface{ isJExpr() }

type jNum struct{ V int64 }

type jAdd struct{ L, R jExpr }

func (jNum) isJExpr() {}
func (jAdd) isJExpr() {}

// jTree recurses through a slice, a pointer and a map.
type jTree struct {
	Val  int
	Kids []*jTree
	Next *jTree
	Dir  map[string]jTree
}

type jEmbedded struct {
	E1 uint16
	E2 string
}

type jInner struct {
	Hidden int8
	F      float32
}

// jList is a pointer variant of jWrap whose element can be null.
type jList []int

type jWrap interface{ isJWrap() }

func (*jList) isJWrap() {}

// jAll has a field of every kind.
type jAll struct {
	B    bool
	I8   int8
	I16  int16
	I32  int32
	I64  int64
	I    int
	U8   uint8
	U16  uint16
	U32  uint32
	U64  uint64
	U    uint
	Uptr uintptr
	F32  float32
	F64  float64
	C64  complex64
	C128 complex128
	S    string
	Bs   []byte
	Ints []int
	Arr  [3]uint16
	Col  jColor
	Lvl  jLevel
	Cols []jColor
	SM   map[string]int
	IM   map[int32]string
	CM   map[jColor]bool
	AM   map[[2]uint8]string
	PM   map[jPoint]jLevel
	P    *int
	PP   **int
	PS   *[]int
	PB   *[]byte
	PMap *map[string]int
	PU   *jShape
	Sh   jShape
	Shs  []jShape
	Ex   jExpr
	Tree *jTree
	jEmbedded
	jInner
	Skip   int    `fuzz:"-"`
	Ranged int8   `fuzz:"min=-5,max=5"`
	Name   string `fuzz:"maxlen=8,utf8"`
	Short  []byte `fuzz:"maxlen=4"`
	Empty  struct{}
}

// jFloats holds floats to test special values with bit patterns.
type jFloats struct {
	F32 float32
	F64 float64
	C64 complex64
	Fs  []float32
	M   map[float64]float32
}

// jOpaque holds types that marshal themselves.
type jOpaque struct {
	When time.Time
	Addr netip.Addr
	Ptr  *time.Time
	N    *big.Int
}

func init() {
	codec.RegisterEnum(jBlack, jRed, jGreen, jBlue)
	codec.RegisterEnum(jLow, jMid, jHigh)
	codec.RegisterUnion[jShape](jCircle{}, &jPoly{}, jLabel(""))
	codec.RegisterUnion[jExpr](jNum{}, jAdd{})
	codec.RegisterUnion[jWrap](&jList{})
}

// Bit patterns, in variables so the compiler cannot fold them.
var (
	jSNaN32     uint32 = 0x7fa00001         // a float32 signalling NaN
	jQNaN32     uint32 = 0x7fc00000         // the float32 "NaN"
	jPayload32  uint32 = 0xffc12345         // a negative quiet NaN with payload
	jNaN64Other uint64 = 0x7ff8000000000000 // not math.NaN()
	jNegNaN64   uint64 = 0xfff8000000000000 // what x86 makes of 0/0
)

func jPtr[T any](v T) *T { return &v }

func jRichValue() jAll {
	five := 5
	var nilInt *int
	var shape jShape = jLabel("lbl")
	return jAll{
		B: true, I8: math.MinInt8, I16: math.MaxInt16, I32: -7, I64: math.MinInt64, I: math.MaxInt64,
		U8: math.MaxUint8, U16: 1, U32: math.MaxUint32, U64: math.MaxUint64, U: 1<<63 + 1, Uptr: 42,
		F32: -1.5e-7, F64: math.Copysign(0, -1), C64: complex(1.5, -2), C128: complex(math.Inf(1), 1e300),
		S:    "héllo \"quoted\"\n\t\x00 \u2028 <&>",
		Bs:   []byte{},
		Ints: []int{1, -2, 3},
		Arr:  [3]uint16{1, 2, 65535},
		Col:  jBlue, Lvl: jLow, Cols: []jColor{jRed, jRed, jGreen},
		SM:   map[string]int{"b": 2, "a": 1, "": 0, "\xff": 9},
		IM:   map[int32]string{-1: "minus", 1: "one", 300: ""},
		CM:   map[jColor]bool{jBlue: true, jRed: false},
		AM:   map[[2]uint8]string{{1, 2}: "x", {0, 255}: "y"},
		PM:   map[jPoint]jLevel{{X: 1}: jHigh, {Y: -1}: jLow},
		P:    &five,
		PP:   &nilInt,
		PS:   &[]int{},
		PB:   new([]byte),
		PMap: &map[string]int{"k": 1},
		PU:   &shape,
		Sh:   &jPoly{Pts: []jPoint{{1, 2}, {-3, 4}}},
		Shs:  []jShape{jCircle{R: 2.5}, nil, (*jPoly)(nil), &jPoly{}, jLabel("\xfe")},
		Ex:   jAdd{L: jNum{V: 1}, R: jAdd{L: jNum{V: -2}, R: nil}},
		Tree: &jTree{Val: 1, Kids: []*jTree{{Val: 2}, nil, {Val: 3, Next: &jTree{Val: 4}}},
			Dir: map[string]jTree{"sub": {Val: 5, Dir: map[string]jTree{}}}},
		jEmbedded: jEmbedded{E1: 7, E2: "emb"},
		jInner:    jInner{Hidden: -1, F: math.Float32frombits(jSNaN32)},
		Ranged:    -5,
		Name:      "ünï",
		Short:     []byte{0xff, 0, 1},
	}
}

type jCase struct {
	name string
	v    any  // a value (not a pointer) of the type under test
	nan  bool // holds NaNs: compare encodings, not with DeepEqual
}

func jCases() []jCase {
	f32 := math.Float32frombits
	return []jCase{
		{name: "zero", v: jAll{}},
		{name: "rich", v: jRichValue(), nan: true},
		{name: "int", v: int64(math.MinInt64)},
		{name: "uint", v: uint64(math.MaxUint64)},
		{name: "string", v: "plain"},
		{name: "invalid utf8", v: "\x80abc\xc3"},
		{name: "nil bytes", v: []byte(nil)},
		{name: "empty bytes", v: []byte{}},
		{name: "nil slice", v: []string(nil)},
		{name: "empty slice", v: []string{}},
		{name: "nil map", v: map[string]int(nil)},
		{name: "empty map", v: map[string]int{}},
		{name: "empty int map", v: map[int]int{}},
		{name: "nil union", v: struct{ S jShape }{}},
		{name: "nil pointer variant", v: struct{ S jShape }{(*jPoly)(nil)}},
		{name: "pointer to nil union", v: struct{ P *jShape }{new(jShape)}},
		{name: "pointer to pointer", v: struct{ P **int }{jPtr(jPtr(3))}},
		{name: "pointer to nil slice", v: struct{ P *[]int }{new([]int)}},
		{name: "pointer variant to slice", v: []jWrap{&jList{1}, new(jList), (*jList)(nil), nil}},
		{name: "enum names", v: []jColor{jRed, jGreen, jBlue}},
		{name: "enum numbers", v: []jLevel{jLow, jMid, jHigh}},
		{name: "recursive union", v: struct{ E jExpr }{jAdd{jAdd{jNum{1}, jNum{2}}, jNum{3}}}},
		{name: "tree", v: jTree{Val: 1, Kids: []*jTree{}, Dir: map[string]jTree{"x": {Kids: []*jTree{{}}}}}},
		{name: "struct keys", v: map[jPoint]string{{1, 2}: "a", {-1, 0}: "b"}},
		{name: "array keys", v: map[[3]bool]int{{true}: 1, {false, true}: 2}},
		{name: "float specials", nan: true, v: jFloats{
			F32: f32(jSNaN32),
			F64: math.NaN(),
			C64: complex(f32(jPayload32), f32(jQNaN32)),
			Fs:  []float32{float32(math.Inf(-1)), float32(math.Copysign(0, -1)), math.SmallestNonzeroFloat32, math.MaxFloat32, f32(jQNaN32)},
			M:   map[float64]float32{math.Float64frombits(jNaN64Other): 1, math.Float64frombits(jNegNaN64): 2, math.Inf(1): 3, math.Copysign(0, -1): f32(jSNaN32)},
		}},
		{name: "float extremes", v: []float64{math.MaxFloat64, -math.SmallestNonzeroFloat64, 0.1, 1e21, 1e-7, 123456789}},
		{name: "complex128", nan: true, v: []complex128{complex(math.NaN(), math.Inf(-1)), complex(math.Float64frombits(jNegNaN64), 0)}},
	}
}

// jRoundTrip checks MarshalReadable -> UnmarshalReadable -> Marshal and returns
// the JSON.
func jRoundTrip(t *testing.T, v any, nan bool) []byte {
	t.Helper()
	want, err := codec.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	js, err := codec.MarshalReadable(v)
	if err != nil {
		t.Fatalf("MarshalReadable: %v", err)
	}
	again, err := codec.MarshalReadable(v)
	if err != nil || !bytes.Equal(js, again) {
		t.Fatalf("MarshalReadable is not deterministic: %v\n%s\n%s", err, js, again)
	}
	back := reflect.New(reflect.TypeOf(v))
	if err := codec.UnmarshalReadable(js, back.Interface()); err != nil {
		t.Fatalf("UnmarshalReadable: %v\n%s", err, js)
	}
	if !nan && !reflect.DeepEqual(back.Elem().Interface(), v) {
		t.Fatalf("round trip differs:\n got %#v\nwant %#v\n%s", back.Elem().Interface(), v, js)
	}
	got, err := codec.Marshal(back.Interface())
	if err != nil {
		t.Fatalf("Marshal of the result: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("encodings differ:\n got %x\nwant %x\n%s", got, want, js)
	}
	return js
}

func TestJSONRoundTrip(t *testing.T) {
	for _, c := range jCases() {
		t.Run(c.name, func(t *testing.T) {
			js := jRoundTrip(t, c.v, c.nan)
			// A pointer prints what it points to.
			ptr := reflect.New(reflect.TypeOf(c.v))
			ptr.Elem().Set(reflect.ValueOf(c.v))
			pj, err := codec.MarshalReadable(ptr.Interface())
			if err != nil || !bytes.Equal(pj, js) {
				t.Fatalf("MarshalReadable of a pointer: %v\n%s", err, pj)
			}
			// JSON -> binary -> JSON is stable.
			bin, err := codec.JSONToBinary(js, reflect.New(reflect.TypeOf(c.v)).Interface())
			if err != nil {
				t.Fatalf("JSONToBinary: %v", err)
			}
			js2, err := codec.BinaryToJSON(bin, reflect.New(reflect.TypeOf(c.v)).Interface())
			if err != nil {
				t.Fatalf("BinaryToJSON: %v", err)
			}
			if !bytes.Equal(js, js2) {
				t.Fatalf("JSON -> binary -> JSON changed:\n%s\n%s", js, js2)
			}
		})
	}
}

func TestJSONSignallingNaNBits(t *testing.T) {
	v := jFloats{F32: math.Float32frombits(jSNaN32), C64: complex(math.Float32frombits(jSNaN32), 0)}
	js, err := codec.MarshalReadable(&v)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(js, []byte(`"float_bits": "0x7fa00001"`)) {
		t.Fatalf("signalling NaN not written by its bits:\n%s", js)
	}
	var back jFloats
	if err := codec.UnmarshalReadable(js, &back); err != nil {
		t.Fatal(err)
	}
	if got := math.Float32bits(back.F32); got != jSNaN32 {
		t.Fatalf("F32 bits %#x, want %#x", got, jSNaN32)
	}
	b, _ := codec.Marshal(&back)
	if want := []byte{0x01, 0x00, 0xa0, 0x7f}; !bytes.Equal(b[:4], want) {
		t.Fatalf("encoding starts %x, want %x", b[:4], want)
	}
}

func TestJSONSpellings(t *testing.T) {
	// Forms a person may write that MarshalReadable does not produce, or
	// produces only in some cases.
	cases := []struct {
		name, in string
		want     any
	}{
		{"enum by number", `{"Col": 2, "Lvl": -3}`, jAll{Col: jGreen, Lvl: jLow}},
		{"short seed", `{"Sh": {"jPoly": {"Pts": [{"X": 1}]}}}`, jAll{Sh: &jPoly{Pts: []jPoint{{X: 1}}}}},
		{"hex string", `{"S": {"hex": "414243"}, "Bs": {"hex": "00FF"}}`, jAll{S: "ABC", Bs: []byte{0, 0xff}}},
		{"string map as pairs", `{"SM": [{"key": "a", "value": 1}, {"value": 2, "key": "b"}]}`, jAll{SM: map[string]int{"a": 1, "b": 2}}},
		{"pair without value", `{"IM": [{"key": 4}]}`, jAll{IM: map[int32]string{4: ""}}},
		{"float bits of a number", `{"F64": {"float_bits": "0x3ff0000000000000"}}`, jAll{F64: 1}},
		{"integer float", `{"F32": 3, "C128": [1, "-Inf"]}`, jAll{F32: 3, C128: complex(1, math.Inf(-1))}},
		{"escapes", `{"S": "\u00e9\ud83d\ude00\/"}`, jAll{S: "é😀/"}},
		{"whitespace", " \n{ \"B\" : true }\n\n", jAll{B: true}},
		{"nulls", `{"Bs": null, "Ints": null, "SM": null, "P": null, "Sh": null, "Tree": null}`, jAll{}},
	}
	type when struct {
		D time.Duration
		T time.Time
	}
	cases = append(cases, []struct {
		name, in string
		want     any
	}{
		{"duration as text", `{"D": "1h30m"}`, when{D: 90 * time.Minute}},
		{"duration as a number", `{"D": 5}`, when{D: 5}},
		{"time as plain text", `{"T": "2024-01-02T15:04:05Z"}`, when{T: time.Date(2024, 1, 2, 15, 4, 5, 0, time.UTC)}},
	}...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := reflect.New(reflect.TypeOf(c.want))
			if err := codec.UnmarshalReadable([]byte(c.in), got.Interface()); err != nil {
				t.Fatal(err)
			}
			if w, ok := c.want.(when); ok {
				if g := got.Elem().Interface().(when); g.D != w.D || !g.T.Equal(w.T) {
					t.Fatalf("got %v\nwant %v", g, w)
				}
				return
			}
			if !reflect.DeepEqual(got.Elem().Interface(), c.want) {
				t.Fatalf("got %#v\nwant %#v", got.Elem().Interface(), c.want)
			}
		})
	}
	for _, in := range []string{`{"D": "ninety minutes"}`, `{"T": "yesterday"}`} {
		var w when
		if err := codec.UnmarshalReadable([]byte(in), &w); err == nil {
			t.Errorf("%s: no error", in)
		}
	}
}

// jGolden pins the format.
type jGolden struct {
	Name  string
	Col   jColor
	Lvl   jLevel
	Data  []byte
	Blob  []byte
	Nums  []int16
	None  []int16
	Shape jShape
	Tags  map[string]uint8
	ByCol map[jColor]string
	Ratio float32
	Bad   float64
	Pair  complex64
	Next  *jGolden
}

const jGoldenJSON = `{
  "Name": "golden\n",
  "Col": "jGreen",
  "Lvl": 7,
  "Data": "hi",
  "Blob": {
    "hex": "00ff"
  },
  "Nums": [],
  "None": null,
  "Shape": {
    "jCircle": {
      "R": 0.5
    }
  },
  "Tags": {
    "a": 1,
    "b": 2
  },
  "ByCol": [
    {
      "key": "jRed",
      "value": "r"
    },
    {
      "key": "jBlue",
      "value": "b"
    }
  ],
  "Ratio": 0.1,
  "Bad": "NaN",
  "Pair": [
    "+Inf",
    -0
  ],
  "Next": {
    "Name": "",
    "Col": "jBlack",
    "Lvl": 0,
    "Data": null,
    "Blob": null,
    "Nums": null,
    "None": null,
    "Shape": null,
    "Tags": null,
    "ByCol": null,
    "Ratio": 0,
    "Bad": 0,
    "Pair": [
      0,
      0
    ],
    "Next": null
  }
}`

func TestJSONGolden(t *testing.T) {
	v := jGolden{
		Name: "golden\n", Col: jGreen, Lvl: jHigh, Data: []byte("hi"), Blob: []byte{0, 0xff},
		Nums: []int16{}, Shape: jCircle{R: 0.5}, Tags: map[string]uint8{"b": 2, "a": 1},
		ByCol: map[jColor]string{jBlue: "b", jRed: "r"}, Ratio: 0.1, Bad: math.NaN(),
		Pair: complex(float32(math.Inf(1)), float32(math.Copysign(0, -1))),
		Next: &jGolden{Col: 3},
	}
	// 3 is not a declared value of jColor: no readable form.
	if _, err := codec.MarshalReadable(v); !errors.Is(err, codec.ErrRange) || !strings.Contains(err.Error(), "jGolden.Next.Col") {
		t.Fatalf("MarshalReadable of an undeclared enum value: %v", err)
	}
	v.Next.Col = jBlack
	js, err := codec.MarshalReadable(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(js) != jGoldenJSON {
		t.Fatalf("got\n%s\nwant\n%s", js, jGoldenJSON)
	}
	jRoundTrip(t, v, true)
}

func TestJSONOpaque(t *testing.T) {
	when := time.Date(2026, 11, 22, 3, 4, 5, 6, time.UTC)
	n, _ := new(big.Int).SetString("-123456789012345678901234567890", 10)
	v := jOpaque{When: when, Addr: netip.MustParseAddr("2001:db8::1"), Ptr: &when, N: n}
	js := jRoundTrip(t, v, true)
	// Binary types with exact text show it; text types are their text.
	for _, want := range []string{
		`"When": {
    "text": "2026-11-22T03:04:05.000000006Z"
  }`,
		`"text": "2001:db8::1"`,
		`"N": "-123456789012345678901234567890"`,
	} {
		if !bytes.Contains(js, []byte(want)) {
			t.Fatalf("opaque values not readable: no %s in\n%s", want, js)
		}
	}
	// A zero offset that is not UTC has no exact text (it reads back as
	// UTC): the binary form is written instead.
	v.When = time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("Z0", 0))
	js = jRoundTrip(t, v, true)
	if !bytes.Contains(js, []byte(`"When": {
    "hex": "`)) {
		t.Fatalf("no binary form for a time without exact text:\n%s", js)
	}
	var back jOpaque
	err := codec.UnmarshalReadable([]byte(`{"Addr": "not an address"}`), &back)
	if !errors.Is(err, codec.ErrOpaque) || !strings.Contains(err.Error(), "jOpaque.Addr at offset 9") {
		t.Fatalf("bad opaque text: %v", err)
	}
	err = codec.UnmarshalReadable([]byte(`{"N": {"text": "1"}}`), &back)
	if !errors.Is(err, codec.ErrJSON) || !strings.Contains(err.Error(), "jOpaque.N") {
		t.Fatalf("text form of a text type: %v", err)
	}
	// Hand-written: any text the type accepts.
	if err := codec.UnmarshalReadable([]byte(`{"When": {"text": "2000-01-01T00:00:00Z"}, "N": "7"}`), &back); err != nil {
		t.Fatal(err)
	}
	if !back.When.Equal(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)) || back.N.Int64() != 7 {
		t.Fatalf("got %+v", back)
	}
}

func TestJSONErrors(t *testing.T) {
	deep := strings.Repeat(`{"Next": `, codec.DefaultMaxDepth+1) + "{}" + strings.Repeat("}", codec.DefaultMaxDepth+1)
	cases := []struct {
		name, in string
		err      error
		path     string
		detail   string
	}{
		{"unknown field", `{"Tree": {"Kids": [{"val": 1}]}}`, codec.ErrJSON, "jAll.Tree.Kids[0]", `unknown field "val" of codec_test.jTree (did you mean "Val"?)`},
		{"bad variant name", `{"Sh": {"jSquare": 1, "x": 2}}`, codec.ErrUnionTag, "jAll.Sh", "jSquare"},
		{"bad value in variant", `{"Sh": {"jLabel": "\udfff"}}`, codec.ErrJSON, "jAll.Sh.(jLabel)", "unpaired"},
		{"unknown field list", `{"Zzz": 1}`, codec.ErrJSON, "jAll ", "fields: B, I8"},
		{"repeated field", `{"B": true, "B": false}`, codec.ErrJSON, "jAll ", "appears twice"},
		{"bad variant", `{"Shs": [{"jCircle": {}}, {"jSquare": {}}]}`, codec.ErrUnionTag, "jAll.Shs[1]", "variants: jCircle, jPoly, jLabel"},
		{"two variants", `{"Sh": {"jCircle": {}, "jLabel": "x"}}`, codec.ErrJSON, "jAll.Sh", "one member"},
		{"empty union", `{"Sh": {}}`, codec.ErrJSON, "jAll.Sh", "empty object"},
		{"bad variant content", `{"Ex": {"jAdd": {"L": {"jNum": {"V": "x"}}}}}`, codec.ErrJSON, "jAll.Ex.(jAdd).L.(jNum).V", "wants a number"},
		{"overflow int8", `{"I8": 128}`, codec.ErrRange, "jAll.I8", "128 overflows int8"},
		{"overflow int64", `{"I64": -9223372036854775809}`, codec.ErrRange, "jAll.I64", "overflows"},
		{"overflow uint64", `{"U64": 18446744073709551616}`, codec.ErrRange, "jAll.U64", "overflows"},
		{"negative uint", `{"U8": -1}`, codec.ErrRange, "jAll.U8", "negative"},
		{"overflow float32", `{"F32": 1e39}`, codec.ErrRange, "jAll.F32", "overflows float32"},
		{"overflow in complex", `{"C64": [0, 1e39]}`, codec.ErrRange, "jAll.C64", "overflows float32"},
		{"not an integer", `{"I": 1.5}`, codec.ErrJSON, "jAll.I", "wants an integer"},
		{"exponent integer", `{"I": 1e3}`, codec.ErrJSON, "jAll.I", "wants an integer"},
		{"range", `{"Ranged": 6}`, codec.ErrRange, "jAll.Ranged", "6 outside [-5, 5]"},
		{"maxlen string", `{"Name": "123456789"}`, codec.ErrLength, "jAll.Name", "length 9 outside [0, 8]"},
		{"maxlen bytes", `{"Short": {"hex": "0102030405"}}`, codec.ErrLength, "jAll.Short", "length 5"},
		{"utf8 tag", `{"Name": {"hex": "ff"}}`, codec.ErrUTF8, "jAll.Name", ""},
		{"undeclared enum", `{"Cols": [1, 3]}`, codec.ErrRange, "jAll.Cols[1]", "3 is not a declared value"},
		{"unknown enum name", `{"Col": "jPurple"}`, codec.ErrRange, "jAll.Col", "names: jBlack, jRed, jGreen, jBlue"},
		{"enum without names", `{"Lvl": "jLow"}`, codec.ErrJSON, "jAll.Lvl", "wants a number"},
		{"wrong type bool", `{"B": 1}`, codec.ErrJSON, "jAll.B", "wants true or false, got the number 1"},
		{"wrong type slice", `{"Ints": {}}`, codec.ErrJSON, "jAll.Ints", "wants an array or null"},
		{"null string", `{"S": null}`, codec.ErrJSON, "jAll.S", "got null"},
		{"array too short", `{"Arr": [1, 2]}`, codec.ErrJSON, "jAll.Arr", "wants 3 elements, got 2"},
		{"array too long", `{"Arr": [1, 2, 3, 4]}`, codec.ErrJSON, "jAll.Arr", "got more"},
		{"int map as object", `{"IM": {"1": "a"}}`, codec.ErrJSON, "jAll.IM", `wants an array of {"key": K, "value": V}`},
		{"duplicate key", `{"IM": [{"key": 1, "value": "a"}, {"key": 1, "value": "b"}]}`, codec.ErrMapKeys, "jAll.IM[key#1]", "repeats"},
		{"duplicate object key", `{"SM": {"a": 1, "a": 2}}`, codec.ErrMapKeys, `jAll.SM["a"]`, "repeats"},
		{"pair without key", `{"IM": [{"value": "a"}]}`, codec.ErrJSON, "jAll.IM[0]", `no "key"`},
		{"pair extra member", `{"IM": [{"key": 1, "val": "a"}]}`, codec.ErrJSON, "jAll.IM[0]", `unknown member "val"`},
		{"bad map key", `{"CM": [{"key": "jPink", "value": true}]}`, codec.ErrRange, "jAll.CM[key#0]", "jPink"},
		{"unwrapped pointer", `{"PP": 5}`, codec.ErrJSON, "jAll.PP", "one-element array"},
		{"empty wrapped pointer", `{"PP": []}`, codec.ErrJSON, "jAll.PP", "one-element array"},
		{"long wrapped pointer", `{"PP": [1, 2]}`, codec.ErrJSON, "jAll.PP", "one-element array"},
		{"bad hex", `{"Bs": {"hex": "abc"}}`, codec.ErrJSON, "jAll.Bs", "hex"},
		{"bad float string", `{"F64": "nan"}`, codec.ErrJSON, "jAll.F64", `"NaN"`},
		{"float bits too wide", `{"F32": {"float_bits": "0x7ff8000000000000"}}`, codec.ErrJSON, "jAll.F32", "at most 8 hex digits"},
		{"complex too short", `{"C64": [1]}`, codec.ErrJSON, "jAll.C64", "two numbers"},
		{"depth", deep, codec.ErrDepth, "jTree" + strings.Repeat(".Next", 12), "more than 64 nested levels"},
		{"trailing value", `{} {}`, codec.ErrJSON, "jAll at offset 3", "after top-level value"},
		{"trailing garbage", `{}x`, codec.ErrJSON, "jAll ", "invalid character 'x'"},
		{"syntax", `{"B": tru}`, codec.ErrJSON, "jAll at offset 9", "invalid character '}' in literal true"},
		{"truncated", `{"Ints": [1, 2`, codec.ErrJSON, "jAll at offset 14", "unexpected end of JSON input"},
		{"empty input", ``, codec.ErrJSON, "jAll at offset 0", "unexpected end of JSON input"},
		{"trailing comma", `{"Ints": [1,]}`, codec.ErrJSON, "jAll at offset 12", "invalid character ']'"},
		{"too deep JSON", strings.Repeat("[", 20000), codec.ErrJSON, "jAll at offset 10000", "exceeded max depth"},
		{"escaped quote", `{"S": "a\"b", "Q": 1}`, codec.ErrJSON, "jAll at offset 14", `unknown field "Q"`},
		{"invalid utf8 text", "{\"S\": \"\xff\"}", codec.ErrJSON, "jAll ", "not valid UTF-8"},
		{"lone surrogate", `{"S": "a\ud800b"}`, codec.ErrJSON, "jAll.S", "unpaired surrogate"},
		{"lone low surrogate", `{"S": "\udc00"}`, codec.ErrJSON, "jAll.S", "unpaired surrogate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var v jAll
			var ptr any = &v
			if c.name == "depth" {
				ptr = new(jTree)
			}
			v.B, v.I = true, 5 // overwritten, then zeroed on error
			err := codec.UnmarshalReadable([]byte(c.in), ptr)
			if err == nil {
				t.Fatalf("no error for %s", c.in)
			}
			if !errors.Is(err, c.err) {
				t.Fatalf("error %v, want %v", err, c.err)
			}
			var ce *codec.Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %T is not a *codec.Error", err)
			}
			msg := err.Error() + " " // so "jAll " matches a path that ends there
			if !strings.Contains(msg, "unmarshal JSON "+c.path) || !strings.Contains(msg, c.detail) {
				t.Fatalf("error %q, want path %q and %q", err, c.path, c.detail)
			}
			if ce.Offset < 0 || ce.Offset > len(c.in) {
				t.Fatalf("offset %d outside the input", ce.Offset)
			}
			if c.name != "depth" && !reflect.DeepEqual(v, jAll{}) {
				t.Fatalf("value not zeroed after an error: %+v", v)
			}
		})
	}
}

func TestJSONErrorOffset(t *testing.T) {
	in := `{"Ints": [1, 2, "three"]}`
	var v jAll
	err := codec.UnmarshalReadable([]byte(in), &v)
	var ce *codec.Error
	if !errors.As(err, &ce) || ce.Offset != strings.Index(in, `"three"`) || ce.Path != "jAll.Ints[2]" {
		t.Fatalf("err = %v, want path jAll.Ints[2] at offset %d", err, strings.Index(in, `"three"`))
	}
}

func TestJSONArgumentErrors(t *testing.T) {
	if err := codec.UnmarshalReadable([]byte(`{}`), jAll{}); err == nil {
		t.Fatal("UnmarshalReadable into a non-pointer succeeded")
	}
	if err := codec.UnmarshalReadable([]byte(`{}`), (*jAll)(nil)); err == nil {
		t.Fatal("UnmarshalReadable into a nil pointer succeeded")
	}
	if _, err := codec.MarshalReadable(nil); err == nil {
		t.Fatal("MarshalReadable(nil) succeeded")
	}
	if _, err := codec.MarshalReadable(make(chan int)); !errors.Is(err, codec.ErrUnsupportedType) {
		t.Fatalf("MarshalReadable(chan) = %v", err)
	}
	if _, err := codec.BinaryToJSON([]byte{1}, new(jAll)); !errors.Is(err, codec.ErrShortInput) {
		t.Fatalf("BinaryToJSON of short input = %v", err)
	}
	if _, err := codec.JSONToBinary([]byte(`{"Zz": 0}`), new(jAll)); !errors.Is(err, codec.ErrJSON) {
		t.Fatalf("JSONToBinary of an unknown field = %v", err)
	}
	// A cyclic value fails like Marshal, rather than printing forever.
	cyc := &jTree{}
	cyc.Next = cyc
	if _, err := codec.MarshalReadable(cyc); !errors.Is(err, codec.ErrDepth) {
		t.Fatalf("MarshalReadable of a cyclic value = %v", err)
	}
}

// TestJSONLenientProperty: any byte string decodes leniently to a value
// whose readable form reads back to the same encoding.
func TestJSONLenientProperty(t *testing.T) {
	types := []reflect.Type{
		reflect.TypeFor[jAll](),
		reflect.TypeFor[jTree](),
		reflect.TypeFor[jFloats](),
		reflect.TypeFor[[]jShape](),
		reflect.TypeFor[map[jPoint][]jExpr](),
	}
	r := rand.New(rand.NewPCG(1, 2))
	n := 500
	if testing.Short() {
		n = 100
	}
	for _, typ := range types {
		for i := 0; i < n; i++ {
			data := make([]byte, r.IntN(256))
			for j := range data {
				// Small bytes make short lengths and valid tags likely.
				if r.IntN(3) == 0 {
					data[j] = byte(r.Uint32())
				} else {
					data[j] = byte(r.IntN(4))
				}
			}
			v := reflect.New(typ)
			if err := codec.UnmarshalLenient(data, v.Interface()); err != nil {
				t.Fatalf("%v: UnmarshalLenient: %v", typ, err)
			}
			want, err := codec.Marshal(v.Interface())
			if err != nil {
				t.Fatalf("%v: Marshal of a lenient value: %v", typ, err)
			}
			js, err := codec.MarshalReadable(v.Interface())
			if err != nil {
				t.Fatalf("%v: MarshalReadable: %v (input %x)", typ, err, data)
			}
			back := reflect.New(typ)
			if err := codec.UnmarshalReadable(js, back.Interface()); err != nil {
				t.Fatalf("%v: UnmarshalReadable: %v\n%s", typ, err, js)
			}
			got, err := codec.Marshal(back.Interface())
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%v: encodings differ (%v):\n got %x\nwant %x\n%s", typ, err, got, want, js)
			}
		}
	}
}

// TestJSONHostile: corrupted readable forms never panic, and deep or huge
// inputs fail without deep recursion or large allocations.
func TestJSONHostile(t *testing.T) {
	js, err := codec.MarshalReadable(jRichValue())
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte(`{}[]",:0123456789-.eE \ntrufalsn"NaN"hex`)
	for i := 0; i < 2000; i++ {
		in := bytes.Clone(js)
		for k := r.IntN(4); k >= 0; k-- {
			switch pos := r.IntN(len(in)); r.IntN(3) {
			case 0:
				in[pos] = alphabet[r.IntN(len(alphabet))]
			case 1:
				in = append(in[:pos], in[pos+1:]...)
			default:
				in = append(in[:pos], append([]byte{alphabet[r.IntN(len(alphabet))]}, in[pos:]...)...)
			}
		}
		var v jAll
		if codec.UnmarshalReadable(in, &v) == nil {
			if _, err := codec.Marshal(&v); err != nil {
				t.Fatalf("UnmarshalReadable accepted an invalid value: %v\n%s", err, in)
			}
		}
	}

	type jLimited struct {
		L    []int `fuzz:"maxlen=4"`
		Z    []struct{}
		Tree *jTree
	}
	huge := []struct {
		in  string
		err error
	}{
		{strings.Repeat("[", 1<<20), codec.ErrJSON},
		{`{"Tree": ` + strings.Repeat(`{"Kids": [`, 1000) + strings.Repeat("]}", 1000) + "}", codec.ErrDepth},
		{`{"L": [` + strings.Repeat("1,", 1<<18) + "1]}", codec.ErrLength},
		{`{"Z": [` + strings.Repeat("{},", 1<<18) + "{}]}", codec.ErrLength},
	}
	for _, c := range huge {
		in := []byte(c.in)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var v jLimited
		if err := codec.UnmarshalReadable(in, &v); !errors.Is(err, c.err) {
			t.Fatalf("hostile input %.20q...: %v, want %v", c.in, err, c.err)
		}
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
			t.Errorf("hostile input %.20q... allocated %d bytes", c.in, alloc)
		}
	}
}

func FuzzUnmarshalJSON(f *testing.F) {
	for _, c := range jCases() {
		if js, err := codec.MarshalReadable(c.v); err == nil {
			if _, ok := c.v.(jAll); ok {
				f.Add(js)
			}
		}
	}
	f.Add([]byte(`{"Sh": {"jPoly": null}, "PP": [null]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var v jAll
		if err := codec.UnmarshalReadable(in, &v); err != nil {
			return
		}
		bin, err := codec.Marshal(&v)
		if err != nil {
			t.Fatalf("accepted an invalid value: %v", err)
		}
		js, err := codec.MarshalReadable(&v)
		if err != nil {
			t.Fatal(err)
		}
		var back jAll
		if err := codec.UnmarshalReadable(js, &back); err != nil {
			t.Fatalf("own output rejected: %v\n%s", err, js)
		}
		if again, _ := codec.Marshal(&back); !bytes.Equal(again, bin) {
			t.Fatalf("round trip changed the encoding\n%s", js)
		}
	})
}

// jsonRequest is the example's fuzz input.
type jsonRequest struct {
	Method jsonMethod
	Path   string
	Body   jsonBody
	Tries  *uint8
}

// jsonMethod is an enum whose String names show in the readable form.
type jsonMethod uint8

func (m jsonMethod) String() string { return [...]string{"GET", "PUT"}[m] }

// jsonBody is a union of two variants.
type jsonBody interface{ isJSONBody() }

type jsonText struct{ Text string }

type jsonRaw []byte

func (jsonText) isJSONBody() {}
func (jsonRaw) isJSONBody()  {}

func init() {
	codec.RegisterEnum[jsonMethod](0, 1)
	codec.RegisterUnion[jsonBody](jsonText{}, jsonRaw(nil))
}

func ExampleMarshalReadable() {
	req := jsonRequest{Method: 1, Path: "/a", Body: jsonRaw{0xff, 0x00}}
	js, err := codec.MarshalReadable(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(js))

	// A hand-written seed: fields left out are zero, enums take names.
	var seed jsonRequest
	err = codec.UnmarshalReadable([]byte(`{"Method": "GET", "Body": {"jsonText": {"Text": "hi"}}}`), &seed)
	fmt.Println(seed.Method, seed.Body, err)
	// Output:
	// {
	//   "Method": "PUT",
	//   "Path": "/a",
	//   "Body": {
	//     "jsonRaw": {
	//       "hex": "ff00"
	//     }
	//   },
	//   "Tries": null
	// }
	// GET {hi} <nil>
}
