package codec_test

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/structfuzz/structfuzz/codec"
)

// Small types for the error tables.
type (
	tRange struct {
		A   int8    `fuzz:"min=-5,max=5"`
		F   float64 `fuzz:"min=-1.5,max=2.5"`
		F32 float32 `fuzz:"min=0,max=1"`
		U   uint16  `fuzz:"min=10,max=20"`
		E   []int16 `fuzz:"max=9"`
	}
	tUTF struct {
		S string `fuzz:"utf8"`
		B []byte `fuzz:"utf8"`
	}
	tMinLen struct {
		S []int `fuzz:"minlen=1"`
	}
	tMaxLen struct {
		S string         `fuzz:"maxlen=2"`
		M map[int8]int8  `fuzz:"maxlen=1"`
		B []byte         `fuzz:"len=2"`
		P *[]tPoint      `fuzz:"maxlen=1"`
		X map[uint8]bool `fuzz:"-"`
	}
)

// tLE concatenates the little-endian encodings of its arguments:
// fixed-size numbers by their width, strings and byte slices as they are.
func tLE(parts ...any) []byte {
	var b []byte
	for _, p := range parts {
		switch x := p.(type) {
		case []byte:
			b = append(b, x...)
		case string:
			b = append(b, x...)
		default:
			var err error
			if b, err = binary.Append(b, binary.LittleEndian, x); err != nil {
				panic(err)
			}
		}
	}
	return b
}

func tRepeat(b []byte, n int) []byte {
	var out []byte
	for range n {
		out = append(out, b...)
	}
	return out
}

// tSegs repeats a sequence of path segments n times.
func tSegs(n int, segs ...string) []string {
	var out []string
	for range n {
		out = append(out, segs...)
	}
	return out
}

// tElided is the path an error prints for segments below root: all of
// them when there are at most 24, else the first twelve, how many are left
// out, and the last twelve.
func tElided(root string, segs []string) string {
	if len(segs) <= 24 {
		return root + strings.Join(segs, "")
	}
	return root + strings.Join(segs[:12], "") + "…(" + strconv.Itoa(len(segs)-24) + " more)…" + strings.Join(segs[len(segs)-12:], "")
}

type tStrictCase struct {
	name string
	new  func() any // a pointer to the target
	in   []byte
	err  error
	off  int
	path string
}

func tNew[T any]() func() any { return func() any { return new(T) } }

// tZeroScalars is the encoding of tScalars{}; tScalarsFields gives the
// offset of each field in it.
var (
	tZeroScalars   = make([]byte, 95)
	tScalarsFields = []struct {
		name       string
		off, width int
	}{
		{"B", 0, 1}, {"I", 1, 8}, {"I8", 9, 1}, {"I16", 10, 2}, {"I32", 12, 4}, {"I64", 16, 8},
		{"U", 24, 8}, {"U8", 32, 1}, {"U16", 33, 2}, {"U32", 35, 4}, {"U64", 39, 8}, {"UP", 47, 8},
		{"F32", 55, 4}, {"F64", 59, 8}, {"C64", 67, 8}, {"C128", 75, 16}, {"S", 91, 4},
	}
)

// tStrictCases are malformed inputs, each with the error strict decoding
// must report: the sentinel, the byte offset and the path.
func tStrictCases() []tStrictCase {
	nan := math.Float64bits(math.NaN())
	cases := []tStrictCase{
		// Short input, in each kind and container.
		{"empty bool", tNew[bool](), nil, codec.ErrShortInput, 0, "bool"},
		{"short int", tNew[int](), []byte{1, 2, 3, 4, 5, 6, 7}, codec.ErrShortInput, 0, "int"},
		{"short uint16", tNew[uint16](), []byte{1}, codec.ErrShortInput, 0, "uint16"},
		{"short float32", tNew[float32](), []byte{1, 2, 3}, codec.ErrShortInput, 0, "float32"},
		{"short complex128", tNew[complex128](), make([]byte, 15), codec.ErrShortInput, 0, "complex128"},
		{"short string length", tNew[string](), []byte{1, 0, 0}, codec.ErrShortInput, 0, "string"},
		{"short slice length", tNew[[]int](), []byte{0}, codec.ErrShortInput, 0, "[]int"},
		{"short map length", tNew[map[int]int](), []byte{}, codec.ErrShortInput, 0, "map[int]int"},
		{"short fixed struct", tNew[tPoint](), make([]byte, 7), codec.ErrShortInput, 0, "tPoint"},
		{"short fixed array", tNew[[3]int16](), make([]byte, 5), codec.ErrShortInput, 0, "[3]int16"},
		{"missing presence byte", tNew[*int](), nil, codec.ErrShortInput, 0, "*int"},
		{"short pointee", tNew[*int](), []byte{1, 1, 2}, codec.ErrShortInput, 1, "*int"},
		{"short union tag", tNew[tShape](), []byte{1}, codec.ErrShortInput, 0, "tShape"},
		{"short union variant", tNew[tShape](), []byte{5, 0, 1, 0}, codec.ErrShortInput, 2, "tShape.(tLabel)"},
		{"short slice element", tNew[[]*int](), tLE(uint32(2), uint8(1), int64(7), uint8(1), uint8(9)), codec.ErrShortInput, 14, "[]*int[1]"},
		{"short map value", tNew[map[string]uint8](), tLE(uint32(1), uint32(2), "ab"), codec.ErrShortInput, 10, "map[string]uint8[value#0]"},
		{"short array element", tNew[[2]string](), tLE(uint32(1), "a", uint16(1)), codec.ErrShortInput, 5, "[2]string[1]"},
		{"short nested field", tNew[tEmbed](), tLE(int64(1), uint32(0), int16(2)), codec.ErrShortInput, 14, "tEmbed.tinner.D"},

		// Trailing bytes.
		{"trailing byte", tNew[int8](), []byte{1, 2}, codec.ErrTrailingBytes, 1, "int8"},
		{"trailing byte after struct", tNew[tPoint](), make([]byte, 9), codec.ErrTrailingBytes, 8, "tPoint"},
		{"trailing byte after nothing", tNew[struct{}](), []byte{0}, codec.ErrTrailingBytes, 0, "struct {}"},

		// Lengths.
		{"length 0xFFFFFFFE on 10 bytes, []byte", tNew[[]byte](), tLE(uint32(0xFFFFFFFE), "abcdef"), codec.ErrLength, 0, "[]uint8"},
		{"length 0xFFFFFFFE on 10 bytes, string", tNew[string](), tLE(uint32(0xFFFFFFFE), "abcdef"), codec.ErrLength, 0, "string"},
		{"length 0xFFFFFFFE on 10 bytes, []tPoint", tNew[[]tPoint](), tLE(uint32(0xFFFFFFFE), "abcdef"), codec.ErrLength, 0, "[]codec_test.tPoint"},
		{"length 0xFFFFFFFE on 10 bytes, map", tNew[map[int]int](), tLE(uint32(0xFFFFFFFE), "abcdef"), codec.ErrLength, 0, "map[int]int"},
		{"length 0xFFFFFFFE on 10 bytes, []struct{}", tNew[[]struct{}](), tLE(uint32(0xFFFFFFFE), "abcdef"), codec.ErrLength, 0, "[]struct {}"},
		{"length one more than the input holds", tNew[[]int16](), tLE(uint32(3), int16(1), int16(2)), codec.ErrLength, 0, "[]int16"},
		{"nil marker on a string", tNew[string](), tLE(uint32(0xFFFFFFFF)), codec.ErrLength, 0, "string"},
		{"nil marker under minlen", tNew[tMinLen](), tLE(uint32(0xFFFFFFFF)), codec.ErrLength, 0, "tMinLen.S"},
		{"length under minlen", tNew[tMinLen](), tLE(uint32(0)), codec.ErrLength, 0, "tMinLen.S"},
		{"string over maxlen", tNew[tMaxLen](), tLE(uint32(3), "abc"), codec.ErrLength, 0, "tMaxLen.S"},
		{"map over maxlen", tNew[tMaxLen](), tLE(uint32(0), uint32(2), "abcd"), codec.ErrLength, 4, "tMaxLen.M"},
		{"bytes under len", tNew[tMaxLen](), tLE(uint32(0), uint32(0), uint32(1), "a"), codec.ErrLength, 8, "tMaxLen.B"},
		{"slice behind a pointer over maxlen", tNew[tMaxLen](), tLE(uint32(0), uint32(0), uint32(2), "ab", uint8(1), uint32(2), make([]byte, 16)), codec.ErrLength, 15, "tMaxLen.P"},
		{"4097 zero-size elements", tNew[[]struct{}](), tLE(uint32(4097)), codec.ErrLength, 0, "[]struct {}"},
		{"4097 zero-size map entries", tNew[map[struct{}][0]int](), tLE(uint32(4097)), codec.ErrLength, 0, "map[struct {}][0]int"},

		// Bools, presence bytes, union tags.
		{"bool 2", tNew[bool](), []byte{2}, codec.ErrBool, 0, "bool"},
		{"bool 0xff in a struct", tNew[tScalars](), append([]byte{0xff}, tZeroScalars[1:]...), codec.ErrBool, 0, "tScalars.B"},
		{"presence byte 7", tNew[*int](), []byte{7}, codec.ErrBool, 0, "*int"},
		{"presence byte 2 in a struct", tNew[tPointers](), []byte{0, 2}, codec.ErrBool, 1, "tPointers.PP"},
		{"presence byte 7 in a slice", tNew[[]*bool](), tLE(uint32(2), uint8(0), uint8(7)), codec.ErrBool, 5, "[]*bool[1]"},
		{"union tag past the variants", tNew[tShape](), tLE(uint16(6)), codec.ErrUnionTag, 0, "tShape"},
		{"union tag 0xFFFF", tNew[tExpr](), tLE(uint16(0xFFFF)), codec.ErrUnionTag, 0, "tExpr"},
		{"union tag in a slice", tNew[tUnions](), tLE(uint16(1), float64(1), uint32(1), uint16(9)), codec.ErrUnionTag, 14, "tUnions.Ss[0]"},

		// Enums and ranges.
		{"enum hole", tNew[tColor](), []byte{2}, codec.ErrRange, 0, "tColor"},
		{"enum above the values", tNew[tColor](), []byte{8}, codec.ErrRange, 0, "tColor"},
		{"enum by method, hole", tNew[tLevel](), tLE(int16(1)), codec.ErrRange, 0, "tLevel"},
		{"int64 enum, zero is a hole", tNew[tWide](), tLE(int64(0)), codec.ErrRange, 0, "tWide"},
		{"uint64 enum hole", tNew[tFlag](), tLE(uint64(2)), codec.ErrRange, 0, "tFlag"},
		{"enum element", tNew[[]tColor](), tLE(uint32(2), uint8(1), uint8(4)), codec.ErrRange, 5, "[]codec_test.tColor[1]"},
		{"enum map key", tNew[map[tColor]tLevel](), tLE(uint32(1), uint8(2), int16(0)), codec.ErrRange, 4, "map[codec_test.tColor]codec_test.tLevel[key#0]"},
		{"enum map value", tNew[map[tColor]tLevel](), tLE(uint32(1), uint8(3), int16(4)), codec.ErrRange, 5, "map[codec_test.tColor]codec_test.tLevel[value#0]"},
		{"int above max", tNew[tRange](), tLE(int8(6)), codec.ErrRange, 0, "tRange.A"},
		{"int below min", tNew[tRange](), tLE(int8(-6)), codec.ErrRange, 0, "tRange.A"},
		{"float NaN in a range", tNew[tRange](), tLE(int8(0), nan), codec.ErrRange, 1, "tRange.F"},
		{"float above max", tNew[tRange](), tLE(int8(0), float64(2.5000001)), codec.ErrRange, 1, "tRange.F"},
		{"float -Inf", tNew[tRange](), tLE(int8(0), math.Inf(-1)), codec.ErrRange, 1, "tRange.F"},
		{"float32 above max", tNew[tRange](), tLE(int8(0), float64(0), float32(1.5)), codec.ErrRange, 9, "tRange.F32"},
		{"uint below min", tNew[tRange](), tLE(int8(0), float64(0), float32(0), uint16(9)), codec.ErrRange, 13, "tRange.U"},
		{"element above max", tNew[tRange](), tLE(int8(0), float64(0), float32(0), uint16(10), uint32(3), int16(9), int16(-100), int16(10)), codec.ErrRange, 23, "tRange.E[2]"},

		// UTF-8.
		{"invalid UTF-8 in a string", tNew[tUTF](), tLE(uint32(2), []byte{0xc3, 0x28}, uint32(0)), codec.ErrUTF8, 4, "tUTF.S"},
		{"surrogate in a string", tNew[tUTF](), tLE(uint32(3), []byte{0xed, 0xa0, 0x80}, uint32(0)), codec.ErrUTF8, 4, "tUTF.S"},
		{"invalid UTF-8 in bytes", tNew[tUTF](), tLE(uint32(1), "a", uint32(1), []byte{0xff}), codec.ErrUTF8, 9, "tUTF.B"},

		// Depth: hand-built inputs one level past the limit.
		{"list one node too deep", tNew[tList](),
			append(tRepeat(tLE(int64(1), uint8(1)), codec.DefaultMaxDepth+1), tLE(int64(1), uint8(0))...),
			codec.ErrDepth, 9*codec.DefaultMaxDepth + 8, tElided("tList", tSegs(codec.DefaultMaxDepth+1, ".Next"))},
		{"nested slices one too deep", tNew[tRecSlice](),
			append(tRepeat(tLE(uint32(1)), codec.DefaultMaxDepth+1), tLE(uint32(0))...),
			codec.ErrDepth, 4 * codec.DefaultMaxDepth, tElided("tRecSlice", tSegs(codec.DefaultMaxDepth, "[0]"))},
		// A pointer variant costs two levels: the union's and the pointer's.
		{"union chain one too deep", tNew[tExpr](),
			append(tRepeat(tLE(uint16(3), uint8(1)), codec.DefaultMaxDepth/2+1), tLE(uint16(0))...),
			codec.ErrDepth, 3 * (codec.DefaultMaxDepth / 2), tElided("tExpr", tSegs(codec.DefaultMaxDepth/2, ".(tNeg)", ".X"))},

		// Map keys.
		{"map keys out of order", tNew[map[uint8]uint8](), []byte{2, 0, 0, 0, 5, 1, 3, 1}, codec.ErrMapKeys, 6, "map[uint8]uint8[key#1]"},
		{"map keys duplicated", tNew[map[uint8]uint8](), []byte{2, 0, 0, 0, 5, 1, 5, 1}, codec.ErrMapKeys, 6, "map[uint8]uint8[key#1]"},
		{"map keys ordered by value, not bytes", tNew[map[uint16]bool](), tLE(uint32(2), uint16(1), true, uint16(0x100), true), codec.ErrMapKeys, 7, "map[uint16]bool[key#1]"},
		{"map keys +0 and -0", tNew[map[float64]int8](), tLE(uint32(2), float64(0), int8(1), math.Copysign(0, -1), int8(2)), codec.ErrMapKeys, 13, "map[float64]int8[key#1]"},
		{"map keys: the same NaN twice", tNew[map[float64]int8](), tLE(uint32(2), nan, int8(1), nan, int8(2)), codec.ErrMapKeys, 13, "map[float64]int8[key#1]"},
		{"struct map keys duplicated", tNew[map[tKey]bool](), tLE(uint32(2), int16(1), uint32(0), false, false, false, int16(1), uint32(0), false, false, false), codec.ErrMapKeys, 13, "map[codec_test.tKey]bool[key#1]"},
	}
	// Short input inside each field of tScalars: a scalar of every kind.
	for _, f := range tScalarsFields {
		for _, cut := range []int{f.off, f.off + f.width - 1} {
			cases = append(cases, tStrictCase{
				"short tScalars." + f.name + " at " + strconv.Itoa(cut), tNew[tScalars](),
				tZeroScalars[:cut], codec.ErrShortInput, f.off, "tScalars." + f.name,
			})
		}
	}
	return cases
}

func TestUnmarshalStrictErrors(t *testing.T) {
	for _, tt := range tStrictCases() {
		t.Run(tt.name, func(t *testing.T) {
			ptr := tt.new()
			err := codec.Unmarshal(tt.in, ptr)
			if !errors.Is(err, tt.err) {
				t.Fatalf("Unmarshal(% x) = %v, want %v", tt.in, err, tt.err)
			}
			var ce *codec.Error
			if !errors.As(err, &ce) {
				t.Fatalf("%v is not a *codec.Error", err)
			}
			if ce.Offset != tt.off || ce.Path != tt.path || ce.Op != "unmarshal" {
				t.Fatalf("error at offset %d, path %q, op %q; want offset %d, path %q\n%v", ce.Offset, ce.Path, ce.Op, tt.off, tt.path, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.path) || !strings.Contains(msg, "offset "+strconv.Itoa(tt.off)) {
				t.Fatalf("message %q lacks the path or the offset", msg)
			}
			if !reflect.ValueOf(ptr).Elem().IsZero() {
				t.Fatalf("the target is not zero after an error: %+v", reflect.ValueOf(ptr).Elem())
			}
		})
	}
}

// Inputs just inside the limits of the error table decode.
func TestUnmarshalStrictBoundaries(t *testing.T) {
	tests := []struct {
		name string
		new  func() any
		in   []byte
	}{
		{"4096 zero-size elements", tNew[[]struct{}](), tLE(uint32(4096))},
		{"length exactly what remains", tNew[[]int16](), tLE(uint32(2), int16(1), int16(2))},
		{"list exactly at the limit", tNew[tList](), append(tRepeat(tLE(int64(1), uint8(1)), codec.DefaultMaxDepth), tLE(int64(1), uint8(0))...)},
		{"union chain exactly at the limit", tNew[tExpr](), append(tRepeat(tLE(uint16(3), uint8(1)), codec.DefaultMaxDepth/2), tLE(uint16(0))...)},
		{"enum values at the extremes", tNew[[2]tWide](), tLE(int64(math.MinInt64), int64(math.MaxInt64))},
		{"range bounds", tNew[tRange](), tLE(int8(-5), float64(2.5), float32(1), uint16(20), uint32(1), int16(-32768))},
		{"negative zero in a range from 0", tNew[tRange](), tLE(int8(5), float64(-1.5), float32(math.Copysign(0, -1)), uint16(10), uint32(0))},
		{"map keys +0 then 1", tNew[map[float64]int8](), tLE(uint32(2), float64(0), int8(1), float64(1), int8(2))},
		{"two NaN keys with different bits", tNew[map[float64]int8](), tLE(uint32(2), uint64(0x7ff8000000000001), int8(1), uint64(0x7ff8000000000002), int8(2))},
		{"valid UTF-8 with a replacement rune", tNew[tUTF](), tLE(uint32(3), "\uFFFD", uint32(0xFFFFFFFF))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ptr := tt.new()
			if err := codec.Unmarshal(tt.in, ptr); err != nil {
				t.Fatal(err)
			}
			b, err := codec.Marshal(ptr)
			if err != nil || string(b) != string(tt.in) {
				t.Fatalf("re-encoding = % x, %v; want % x", b, err, tt.in)
			}
		})
	}
}

// The value of a map is tested by how Marshal reports it.
func tNaNKeys() map[float64]int {
	m := map[float64]int{}
	nan := math.NaN()
	m[nan] = 1
	m[nan] = 2 // NaN != NaN: a second entry with the same bits
	return m
}

func TestMarshalErrors(t *testing.T) {
	cyclic := &tList{V: 1}
	cyclic.Next = cyclic
	cyclicMap := tRecMap{}
	cyclicMap["self"] = cyclicMap
	cyclicSlice := make(tRecSlice, 1)
	cyclicSlice[0] = cyclicSlice
	var cyclicExpr tNeg
	cyclicExpr.X = &cyclicExpr

	tests := []struct {
		name string
		v    any
		err  error
		path string
	}{
		{"int above max", tRange{A: 6}, codec.ErrRange, "tRange.A"},
		{"float NaN in a range", tRange{F: math.NaN()}, codec.ErrRange, "tRange.F"},
		{"float32 below min", tRange{F32: -1}, codec.ErrRange, "tRange.F32"},
		{"uint below min", &tRange{U: 3}, codec.ErrRange, "tRange.U"},
		{"element above max", tRange{U: 10, E: []int16{1, 10}}, codec.ErrRange, "tRange.E[1]"},
		{"enum hole", tColor(2), codec.ErrRange, "tColor"},
		{"enum hole in a slice", []tColor{1, 2}, codec.ErrRange, "[]codec_test.tColor[1]"},
		{"enum hole by method", tEnums{C: 1, L: 4}, codec.ErrRange, "tEnums.L"},
		{"enum hole behind a pointer", tEnums{C: 1, W: -1, D: 1, CA: [3]tColor{1, 3, 7}, CP: tPtr(tColor(0))}, codec.ErrRange, "tEnums.CP"},
		{"unregistered variant", tUnions{S: tStray{}}, codec.ErrUnionTag, "tUnions.S"},
		{"pointer to a value variant", tUnions{SM: map[string]tShape{"k": &tRect{}}}, codec.ErrUnionTag, "tUnions.SM[value#0]"},
		{"unregistered variant behind a pointer", tUnions{S: &tPoly{Pts: make([]tPoint, 2)}, SP: tPtr(tShape(tStray{}))}, codec.ErrUnionTag, "tUnions.SP"},
		{"error inside variants", tProgram{Main: tAdd{L: tCall{Args: make([]tExpr, 4)}}}, codec.ErrLength, "tProgram.Main.(tAdd).L.(tCall).Args"},
		{"cyclic pointer", cyclic, codec.ErrDepth, tElided("tList", tSegs(codec.DefaultMaxDepth+1, ".Next"))},
		{"cyclic map", cyclicMap, codec.ErrDepth, tElided("tRecMap", tSegs(codec.DefaultMaxDepth, "[value#0]"))},
		{"cyclic slice", cyclicSlice, codec.ErrDepth, tElided("tRecSlice", tSegs(codec.DefaultMaxDepth, "[0]"))},
		{"cyclic union", &cyclicExpr, codec.ErrDepth, tElided("tNeg", append([]string{".X"}, tSegs(codec.DefaultMaxDepth/2, ".(tNeg)", ".X")...))},
		{"invalid UTF-8", tUTF{S: "ok\xff"}, codec.ErrUTF8, "tUTF.S"},
		{"invalid UTF-8 bytes", tUTF{B: []byte{0xc0, 0x80}}, codec.ErrUTF8, "tUTF.B"},
		{"string over maxlen", tMaxLen{S: "abc", B: []byte("ab")}, codec.ErrLength, "tMaxLen.S"},
		{"bytes not len", tMaxLen{B: []byte("abc")}, codec.ErrLength, "tMaxLen.B"},
		{"nil bytes with len", tMaxLen{}, codec.ErrLength, "tMaxLen.B"},
		{"map over maxlen", tMaxLen{B: []byte("ab"), M: map[int8]int8{1: 1, 2: 2}}, codec.ErrLength, "tMaxLen.M"},
		{"slice behind a pointer over maxlen", tMaxLen{B: []byte("ab"), P: &[]tPoint{{}, {}}}, codec.ErrLength, "tMaxLen.P"},
		{"nil slice under minlen", tMinLen{}, codec.ErrLength, "tMinLen.S"},
		{"empty slice under minlen", tMinLen{S: []int{}}, codec.ErrLength, "tMinLen.S"},
		{"4097 zero-size elements", make([]struct{}, 4097), codec.ErrLength, "[]struct {}"},
		{"the same NaN key twice", tNaNKeys(), codec.ErrMapKeys, "map[float64]int[key#1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := codec.Marshal(tt.v)
			if !errors.Is(err, tt.err) {
				t.Fatalf("Marshal = % x, %v; want %v", b, err, tt.err)
			}
			var ce *codec.Error
			if !errors.As(err, &ce) {
				t.Fatalf("%v is not a *codec.Error", err)
			}
			if ce.Path != tt.path || ce.Offset != -1 || ce.Op != "marshal" {
				t.Fatalf("path %q, offset %d, op %q; want path %q, offset -1\n%v", ce.Path, ce.Offset, ce.Op, tt.path, err)
			}
			if !strings.Contains(err.Error(), tt.path) {
				t.Fatalf("message %q lacks the path", err)
			}
			n, serr := codec.Size(tt.v)
			if !errors.Is(serr, tt.err) || n != 0 {
				t.Fatalf("Size = %d, %v; want the error %v", n, serr, tt.err)
			}
			if errors.As(serr, &ce); ce.Path != tt.path || ce.Op != "size" {
				t.Fatalf("Size error path %q, op %q; want %q", ce.Path, ce.Op, tt.path)
			}
		})
	}
}

// Types that cannot be encoded.
type (
	tBadChan   struct{ C chan int }
	tBadFunc   struct{ F func() }
	tBadUnsafe struct{ P unsafe.Pointer }
	tBadIface  struct{ R io.Reader }
	tBadNested struct {
		Parts []struct{ Body io.Reader }
	}
	tBadKey      struct{ M map[*int]int }
	tBadIfaceKey struct{ M map[tShape]int }
	tBadDeepMap  struct {
		M map[string][2]*chan int
	}
	tBadTagUnknown struct {
		A int `fuzz:"bogus"`
	}
	tBadTagMinMax struct {
		A int `fuzz:"min=5,max=1"`
	}
	tBadTagStrRange struct {
		S string `fuzz:"min=1"`
	}
	tBadTagUTF8Int struct {
		A int `fuzz:"utf8"`
	}
	tBadTagLenInt struct {
		A int `fuzz:"maxlen=3"`
	}
	tBadTagMapMin struct {
		M map[int]int `fuzz:"minlen=1"`
	}
	tBadTagEnum struct {
		C tColor `fuzz:"max=3"`
	}
	tBadTagNumber struct {
		S []int `fuzz:"len=abc"`
	}
	tBadTagDash struct {
		A int `fuzz:"-,min=1"`
	}
	tBadTagWidth struct {
		A int8 `fuzz:"max=300"`
	}
	tBadTagSign struct {
		A uint `fuzz:"min=-1"`
	}
	tBadTagNaN struct {
		F float64 `fuzz:"max=NaN"`
	}
	tBadTagEmpty struct {
		A int `fuzz:"min=1,,max=2"`
	}
	tEndless struct {
		Kids []tEndless `fuzz:"minlen=1"`
	}
	tEndlessArray struct {
		A [1]*tEndlessArray
		B [2]tEndlessInner
	}
	tEndlessInner struct {
		Back []tEndlessArray `fuzz:"len=1"`
	}
)

func TestUnsupportedTypes(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want []string // in the message
	}{
		{"chan", tBadChan{}, []string{"tBadChan.C", "chan int"}},
		{"func", tBadFunc{}, []string{"tBadFunc.F", "func()"}},
		{"unsafe.Pointer", tBadUnsafe{}, []string{"tBadUnsafe.P", "unsafe.Pointer"}},
		{"interface without variants", tBadIface{}, []string{"tBadIface.R", "io.Reader", "no registered variants"}},
		{"nested path", tBadNested{}, []string{"tBadNested.Parts[].Body", "io.Reader"}},
		{"root chan", make(chan int), []string{"chan int"}},
		{"slice of chan", []chan int(nil), []string{"[]chan int[]", "chan int"}},
		{"slice of a struct with a func", []struct{ F func() }(nil), []string{"[].F", "func()"}},
		{"pointer map key", tBadKey{}, []string{"tBadKey.M[key]"}},
		{"union map key", tBadIfaceKey{}, []string{"tBadIfaceKey.M[key]"}},
		{"deep chan", tBadDeepMap{}, []string{"tBadDeepMap.M[value][]", "chan int"}},
		{"unknown tag option", tBadTagUnknown{}, []string{"tBadTagUnknown.A", "bogus"}},
		{"min above max", tBadTagMinMax{}, []string{"tBadTagMinMax.A", "min 5 is above max 1"}},
		{"min on a string", tBadTagStrRange{}, []string{"tBadTagStrRange.S", "min/max"}},
		{"utf8 on an int", tBadTagUTF8Int{}, []string{"tBadTagUTF8Int.A", "utf8"}},
		{"maxlen on an int", tBadTagLenInt{}, []string{"tBadTagLenInt.A", "maxlen"}},
		{"minlen on a map", tBadTagMapMin{}, []string{"tBadTagMapMin.M", "minlen"}},
		{"range on an enum", tBadTagEnum{}, []string{"tBadTagEnum.C", "enum"}},
		{"length not a number", tBadTagNumber{}, []string{"tBadTagNumber.S", "len=abc"}},
		{"dash with options", tBadTagDash{}, []string{"tBadTagDash.A", `"-"`}},
		{"max past the width", tBadTagWidth{}, []string{"tBadTagWidth.A", "max=300"}},
		{"negative min on a uint", tBadTagSign{}, []string{"tBadTagSign.A", "min=-1"}},
		{"NaN bound", tBadTagNaN{}, []string{"tBadTagNaN.F", "NaN"}},
		{"empty option", tBadTagEmpty{}, []string{"tBadTagEmpty.A", "empty option"}},
		{"minlen on a recursive element", tEndless{}, []string{"tEndless", "recurse without end"}},
		{"required cycle through arrays and len", tEndlessArray{}, []string{"recurse without end"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(op string, err error) {
				t.Helper()
				if !errors.Is(err, codec.ErrUnsupportedType) {
					t.Fatalf("%s: %v, want ErrUnsupportedType", op, err)
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Fatalf("%s: message %q lacks %q", op, err, w)
					}
				}
			}
			_, err := codec.Marshal(tt.v)
			check("Marshal", err)
			_, err = codec.Size(tt.v)
			check("Size", err)
			ptr := reflect.New(reflect.TypeOf(tt.v))
			check("Unmarshal", codec.Unmarshal(nil, ptr.Interface()))
			check("UnmarshalLenient", codec.UnmarshalLenient([]byte{1, 2, 3}, ptr.Interface()))
		})
	}
}

// Skipping a field of an unsupported type makes the struct encodable.
func TestSkippedUnsupportedField(t *testing.T) {
	type ok struct {
		A int
		C chan int       `fuzz:"-"`
		R io.Reader      `fuzz:"-"`
		P unsafe.Pointer `fuzz:"-"`
	}
	b, err := codec.Marshal(ok{A: 1, C: make(chan int)})
	if err != nil || len(b) != 8 {
		t.Fatalf("Marshal = % x, %v", b, err)
	}
}

func TestBadArguments(t *testing.T) {
	var nilPoint *tPoint
	if _, err := codec.Marshal(nil); err == nil {
		t.Error("Marshal(nil) succeeded")
	}
	if _, err := codec.Marshal(nilPoint); err == nil {
		t.Error("Marshal of a nil pointer succeeded")
	}
	if _, err := codec.Size(nil); err == nil {
		t.Error("Size(nil) succeeded")
	}
	if err := codec.Unmarshal(make([]byte, 8), tPoint{}); err == nil {
		t.Error("Unmarshal into a non-pointer succeeded")
	}
	if err := codec.Unmarshal(make([]byte, 8), nilPoint); err == nil {
		t.Error("Unmarshal into a nil pointer succeeded")
	}
	if err := codec.UnmarshalLenient(nil, nil); err == nil {
		t.Error("UnmarshalLenient into nil succeeded")
	}
	for i, f := range []func(){
		func() { codec.RegisterUnion[int](1) },
		func() { codec.RegisterUnion[tShape](nil) },
		func() { codec.RegisterUnion[tShape](tCircle{}) }, // already registered
		func() { codec.RegisterEnum[tInt]() },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("bad registration %d did not panic", i)
				}
			}()
			f()
		}()
	}
}
