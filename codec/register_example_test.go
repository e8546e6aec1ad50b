package codec_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/codec"
)

// Shape is a union: an interface whose registered variants are the values
// it may hold.
type Shape interface{ Area() float64 }

// Circle is held by value, Square by pointer.
type Circle struct{ R float64 }
type Square struct{ Side float64 }

func (c Circle) Area() float64  { return 3 * c.R * c.R }
func (s *Square) Area() float64 { return s.Side * s.Side }

// RegisterUnion declares an interface's variants, from init usually: the
// encoding starts with a two-byte tag, 1 for the first variant.
func ExampleRegisterUnion() {
	codec.RegisterUnion[Shape](Circle{}, &Square{})
	type Drawing struct{ Shapes []Shape }
	b, err := codec.Marshal(Drawing{Shapes: []Shape{&Square{Side: 2}, nil}})
	fmt.Printf("% x %v\n", b[:6], err)
	js, _ := codec.MarshalReadable(Drawing{Shapes: []Shape{&Square{Side: 2}}})
	fmt.Println(string(js))
	// Output:
	// 02 00 00 00 02 00 <nil>
	// {
	//   "Shapes": [
	//     {
	//       "Square": {
	//         "Side": 2
	//       }
	//     }
	//   ]
	// }
}

// Level is an enum with a hole.
type Level int8

// RegisterEnum declares the values of a named integer type the fuzzer
// may use; an encoding of any other value is rejected by Unmarshal and
// mapped onto a declared one by UnmarshalLenient. (A type you own can say
// the same with an EnumValues method.)
func ExampleRegisterEnum() {
	codec.RegisterEnum[Level](-1, 1, 5)
	var l Level
	fmt.Println(codec.Unmarshal([]byte{3}, &l) != nil)
	fmt.Println(codec.UnmarshalLenient([]byte{3}, &l), l == -1 || l == 1 || l == 5)
	// Output:
	// true
	// <nil> true
}
