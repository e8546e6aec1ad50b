package codec_test

// Types shared by the correctness tests (roundtrip, strict, lenient, fuzz,
// alloc). Every name starts with t or T so that the other test files of
// this package (examples, benchmarks, format) cannot collide with them.

import (
	"math"
	"reflect"

	"github.com/structfuzz/structfuzz/codec"
)

// Every scalar kind, unnamed.
type tScalars struct {
	B    bool
	I    int
	I8   int8
	I16  int16
	I32  int32
	I64  int64
	U    uint
	U8   uint8
	U16  uint16
	U32  uint32
	U64  uint64
	UP   uintptr
	F32  float32
	F64  float64
	C64  complex64
	C128 complex128
	S    string
}

// Named scalars.
type (
	tInt   int
	tFloat float32
	tCplx  complex128
	tStr   string
	tBool  bool
	tArr   [4]int16
)

type tNamed struct {
	I tInt
	F tFloat
	C tCplx
	S tStr
	B tBool
	A tArr
}

// Byte slices in every spelling, and slices of other scalars.
type (
	tByte   uint8
	tBytesA []byte
	tBytesB []tByte
)

type tBytes struct {
	B   []byte
	NB  tBytesA
	NE  []tByte
	NNE tBytesB
	A   [5]byte
	Z   [0]byte
	R   []rune
	U16 []uint16
	I64 []int64
	F64 []float64
	F32 []float32
	Bo  []bool
	Ss  []string
	Bs  [][]byte
	C   []complex64
}

// tPoint has no padding: it is copied in bulk.
type tPoint struct{ X, Y int32 }

// tPadded has padding after A and at the end.
type tPadded struct {
	A uint8
	B uint64
	C uint16
}

// tKey is a struct map key.
type tKey struct {
	A int16
	B string
	C [2]bool
}

type tCollections struct {
	Pts   []tPoint
	Pads  []tPadded
	Arr   [3]tPoint
	Arr0  [0]tPoint
	ArrS  [2]string
	ArrP  [2]*tPoint
	Grid  [2][3]int8
	MI    map[int]string
	MS    map[string]int
	MU8   map[uint8]bool
	MB    map[bool]int8
	MKey  map[tKey]tPoint
	MArr  map[[2]uint8]bool
	MF    map[float64]int
	MF32  map[float32]string
	MC    map[complex64]bool
	MNest map[string][]int
	MM    map[int8]map[int8]int8
	MZ    map[struct{}]struct{}
	Empty []struct{}
	Zero  [][0]int
	Sl2   [][]string
}

type tPointers struct {
	P   *int
	PP  **string
	PPP ***int8
	PS  *tPoint
	PA  *[2]int
	PSl *[]int
	PM  *map[string]int
	PB  *[]byte
	PF  *float32
	SP  []*tPoint
	MP  map[string]*int
	AP  [2]*bool
}

// Embedding: an exported struct, an unexported struct type with exported
// fields (promoted and encoded), and an exported pointer.
type TExported struct {
	A int
	B string
}

type tinner struct {
	C int16
	D []byte
}

type TPtrEmb struct{ Z uint8 }

type tEmbed struct {
	TExported
	tinner
	*TPtrEmb
	E bool
}

// Unexported and skipped fields: never encoded, zero after decoding.
type tHidden struct {
	A int
	b int
	C string
	d []int
	E float64  `fuzz:"-"`
	F chan int `fuzz:"-"`
	G func()   `fuzz:"-"`
	h chan int
	I []tHiddenInner
}

type tHiddenInner struct {
	X int8
	y int8
}

// Regression types: an embedded unexported struct with only unexported
// fields promotes nothing and is skipped like any unexported field; a
// struct whose fields are all skipped encodes to nothing. Both were
// rejected as "only unexported fields".
type (
	tPrivState struct {
		n    int
		next *tPrivState
	}
	tEmbedsPrivate struct {
		tPrivState
		A int8
	}
	tAllSkipped struct {
		A int      `fuzz:"-"`
		C chan int `fuzz:"-"`
	}
)

// Every tag.
type tTags struct {
	Small  int8              `fuzz:"min=-5,max=5"`
	U      uint16            `fuzz:"min=10,max=20"`
	Full   int64             `fuzz:"min=-9223372036854775808,max=9223372036854775807"`
	Neg    int               `fuzz:"max=-1"`
	Hex    uint32            `fuzz:"min=0x10,max=0x20"`
	One    uint64            `fuzz:"min=7,max=7"`
	F      float64           `fuzz:"min=-1.5,max=2.5"`
	F32    float32           `fuzz:"min=0,max=1"`
	FPos   float64           `fuzz:"min=0"`
	FWide  float64           `fuzz:"min=-1e308,max=1e308"`
	Name   string            `fuzz:"minlen=1,maxlen=8"`
	UTF    string            `fuzz:"utf8"`
	UTFB   []byte            `fuzz:"utf8,maxlen=16"`
	Fix    string            `fuzz:"len=3"`
	Exact  []int             `fuzz:"len=3"`
	Min    []uint8           `fuzz:"minlen=2"`
	Elems  []int16           `fuzz:"max=9"`
	B9     []byte            `fuzz:"max=9"`
	M      map[string]int    `fuzz:"maxlen=2"`
	MV     map[string]uint8  `fuzz:"max=3"`
	P      *int              `fuzz:"min=1,max=3"`
	PS     *string           `fuzz:"maxlen=2"`
	A      [3]uint8          `fuzz:"min=1,max=2"`
	AS     [2]string         `fuzz:"maxlen=1"`
	SS     []string          `fuzz:"maxlen=2,utf8"`
	MSS    map[string]string `fuzz:"utf8"`
	Skip   int               `fuzz:"-"`
	Spaces int8              `fuzz:" min=1 , max=2 "`
}

// Enums: registered (with holes), declared by a method, at the extremes of
// their widths, and a Stringer.
type (
	tColor uint8
	tLevel int16
	tWide  int64
	tFlag  uint64
	tDir   int8
)

func (tLevel) EnumValues() []tLevel { return []tLevel{-2, 0, 5} }

func (d tDir) String() string {
	switch d {
	case -1:
		return "left"
	case 1:
		return "right"
	}
	return "?"
}

type tEnums struct {
	C  tColor
	L  tLevel
	W  tWide
	F  tFlag
	D  tDir
	Cs []tColor
	CA [3]tColor
	CM map[tColor]tLevel
	CP *tColor
	Ls []tLevel
	WA [2]tWide
}

// A union with value, pointer, named-integer and named-string variants.
type tShape interface{ isShape() }

type (
	tCircle struct{ R float64 }
	tRect   struct{ W, H int32 }
	tPoly   struct{ Pts []tPoint }
	tNum    int32
	tLabel  string
	// tStray implements tShape but is never registered.
	tStray struct{ Q int }
)

func (tCircle) isShape() {}
func (tRect) isShape()   {}
func (*tPoly) isShape()  {}
func (tNum) isShape()    {}
func (tLabel) isShape()  {}
func (tStray) isShape()  {}

type tUnions struct {
	S  tShape
	Ss []tShape
	SA [2]tShape
	SM map[string]tShape
	SP *tShape
}

// Recursive types: through a pointer, a slice, two pointers, a map of
// values, a required slice of pointers, a union, mutual recursion, named
// recursive slices and maps.
type tList struct {
	V    int
	Next *tList
}

type tTree struct {
	Val  int8
	Kids []tTree
}

type tPTree struct {
	Val  uint16
	L, R *tPTree
}

type tMapTree struct {
	Name string `fuzz:"maxlen=4"`
	Kids map[string]tMapTree
}

type tMinTree struct {
	Kids []*tMinTree `fuzz:"minlen=1,maxlen=2"`
}

type tExpr interface{ isExpr() }

type (
	tLit  struct{ V int32 }
	tAdd  struct{ L, R tExpr }
	tNeg  struct{ X tExpr }
	tCall struct {
		Fn   string
		Args []tExpr `fuzz:"maxlen=3"`
	}
	tVar string
)

func (tLit) isExpr()  {}
func (tAdd) isExpr()  {}
func (*tNeg) isExpr() {}
func (tCall) isExpr() {}
func (tVar) isExpr()  {}

type tProgram struct {
	Body []tExpr
	Main tExpr
	Defs map[string]tExpr
}

type tMutualA struct {
	B *tMutualB
}

type tMutualB struct {
	As []tMutualA
	M  map[int8]*tMutualA
}

type (
	tRecSlice []tRecSlice
	tRecMap   map[string]tRecMap
)

// tFuzzRoot is the rich recursive type FuzzUnmarshal decodes.
type tFuzzRoot struct {
	ID    uint32
	Kind  tColor
	Lvl   tLevel
	Name  string `fuzz:"maxlen=16,utf8"`
	Data  []byte
	Small int8 `fuzz:"min=-5,max=5"`
	F     float32
	Pts   []tPoint
	Attrs map[string]int16
	Keys  map[float64]bool
	Expr  tExpr
	Tree  *tTree
	Shape tShape
	Opt   *tList
	Grid  [2][2]bool
	Kids  []tMinTree `fuzz:"maxlen=2"`
}

// Enums that the concurrency test registers again while other goroutines
// encode and decode tConc.
type (
	tConcEnumA uint8
	tConcEnumB int32
	tConcEnumC uint64
	tConcEnumD int8
)

type tConc struct {
	A tConcEnumA
	B []tConcEnumB
	C map[tConcEnumC]tConcEnumD
}

func init() {
	codec.RegisterEnum[tColor](1, 3, 7)
	codec.RegisterEnum[tWide](math.MinInt64, -1, math.MaxInt64)
	codec.RegisterEnum[tFlag](0, 1<<63, math.MaxUint64)
	codec.RegisterEnum[tDir](-1, 1)
	codec.RegisterEnum[tConcEnumA](1, 2)
	codec.RegisterEnum[tConcEnumB](-7, 7)
	codec.RegisterEnum[tConcEnumC](0, math.MaxUint64)
	codec.RegisterEnum[tConcEnumD](3)
	codec.RegisterUnion[tShape](tCircle{}, &tPoly{}, tRect{}, tNum(0), tLabel(""))
	codec.RegisterUnion[tExpr](tLit{}, tAdd{}, &tNeg{}, tCall{}, tVar(""))
}

// tRoundTripTypes are the types of the round-trip property test, roots
// that are not structs included.
var tRoundTripTypes = []reflect.Type{
	reflect.TypeFor[tScalars](),
	reflect.TypeFor[tNamed](),
	reflect.TypeFor[tBytes](),
	reflect.TypeFor[tCollections](),
	reflect.TypeFor[tPointers](),
	reflect.TypeFor[tEmbed](),
	reflect.TypeFor[tHidden](),
	reflect.TypeFor[tEmbedsPrivate](),
	reflect.TypeFor[[]tAllSkipped](),
	reflect.TypeFor[tTags](),
	reflect.TypeFor[tEnums](),
	reflect.TypeFor[tUnions](),
	reflect.TypeFor[tList](),
	reflect.TypeFor[tTree](),
	reflect.TypeFor[tPTree](),
	reflect.TypeFor[tMapTree](),
	reflect.TypeFor[tMinTree](),
	reflect.TypeFor[tProgram](),
	reflect.TypeFor[tMutualA](),
	reflect.TypeFor[tRecSlice](),
	reflect.TypeFor[tRecMap](),
	reflect.TypeFor[tFuzzRoot](),
	reflect.TypeFor[tPoint](),
	reflect.TypeFor[tPadded](),
	// Roots that are not structs.
	reflect.TypeFor[bool](),
	reflect.TypeFor[int8](),
	reflect.TypeFor[uint](),
	reflect.TypeFor[float32](),
	reflect.TypeFor[complex128](),
	reflect.TypeFor[string](),
	reflect.TypeFor[[]byte](),
	reflect.TypeFor[[]string](),
	reflect.TypeFor[[0]int](),
	reflect.TypeFor[[3]float64](),
	reflect.TypeFor[map[string]int](),
	reflect.TypeFor[map[float32]int8](),
	reflect.TypeFor[*int](),
	reflect.TypeFor[**tPoint](),
	reflect.TypeFor[tShape](),
	reflect.TypeFor[tExpr](),
	reflect.TypeFor[tColor](),
	reflect.TypeFor[tLevel](),
	reflect.TypeFor[[]tShape](),
	reflect.TypeFor[struct{}](),
}
