// Package v0 is the original version.
// It is test data for the corpus migration tests of package harness:
// every version shares the names Msg, Op, Shape, Circle and Square.
package v0

import "github.com/structfuzz/structfuzz/codec"

// Op is an enum with named values.
type Op uint8

// The operations.
const (
	OpGet Op = 1
	OpPut Op = 2
	OpDel Op = 3
)

// String names an Op.
func (o Op) String() string {
	switch o {
	case OpGet:
		return "Get"
	case OpPut:
		return "Put"
	case OpDel:
		return "Del"
	}
	return "Op?"
}

// Shape is a union.
type Shape interface{ isShape() }

// Circle is a variant of Shape.
type Circle struct{ R uint32 }

// Square is a variant of Shape, the same size as Circle.
type Square struct{ S, T uint16 }

func (Circle) isShape() {}
func (Square) isShape() {}

func init() {
	codec.RegisterEnum[Op](OpGet, OpPut, OpDel)
	codec.RegisterUnion[Shape](Circle{}, Square{})
}

// Msg is the input type.
type Msg struct {
	A    uint16
	B    uint16
	Op   Op
	Pos  uint32
	Name string `fuzz:"maxlen=8"`
	Body Shape
	Tags []uint16 `fuzz:"maxlen=3"`
}
