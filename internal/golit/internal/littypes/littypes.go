// Package littypes holds the input types of golit's tests: every kind the
// type model knows, so that each value they take can be written as a Go
// literal, compiled, and encoded again.
package littypes

import (
	"net/netip"
	"time"

	"github.com/structfuzz/structfuzz/codec"
)

// Kind is an enum with a hole.
type Kind int16

// EnumValues declares the valid kinds.
func (Kind) EnumValues() []Kind { return []Kind{-3, 1, 2, 7} }

// Shape is a union of variants by value, by pointer and of scalar kind.
type Shape interface{ isShape() }

// Circle is a variant held by value.
type Circle struct{ R float32 }

// Poly is a variant held by pointer.
type Poly struct {
	Pts  [][2]int8 `fuzz:"maxlen=4"`
	Name string    `fuzz:"maxlen=6"`
}

// Code is a scalar variant.
type Code uint16

// Label is a string variant.
type Label string

func (Circle) isShape() {}
func (*Poly) isShape()  {}
func (Code) isShape()   {}
func (Label) isShape()  {}

func init() { codec.RegisterUnion[Shape](Circle{}, &Poly{}, Code(0), Label("")) }

// Raw is a named byte slice.
type Raw []byte

// Flag is a named bool.
type Flag bool

// Ratio is a named float.
type Ratio float64

// inner is an unexported type, embedded.
type inner struct {
	Deep uint8
}

// Rich holds every kind.
type Rich struct {
	inner
	B    bool
	F    Flag
	I8   int8
	I    int
	U64  uint64
	Up   uintptr
	F32  float32
	F64  float64
	R    Ratio
	C64  complex64
	C128 complex128
	S    string `fuzz:"maxlen=8"`
	Verb string `fuzz:"oneof=GET|PUT"`
	Bs   []byte `fuzz:"maxlen=6"`
	Raw  Raw    `fuzz:"maxlen=4"`
	K    Kind
	Ks   []Kind `fuzz:"maxlen=3"`
	Arr  [5]uint8
	Grid [2][2]float64
	M    map[string]int32 `fuzz:"maxlen=3"`
	MK   map[[2]int8]bool `fuzz:"maxlen=2"`
	P    *int32
	PP   **string
	PS   *Circle
	Sh   Shape
	Shs  []Shape        `fuzz:"maxlen=3"`
	SM   map[Kind]Shape `fuzz:"maxlen=2"`
	Any  struct {
		X uint8
		Y []string `fuzz:"maxlen=2"`
	}
	When  time.Time
	Addr  netip.Addr
	Next  *Rich
	Skip  int `fuzz:"-"`
	local int
}
