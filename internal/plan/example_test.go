package plan_test

import (
	"fmt"
	"reflect"

	"github.com/structfuzz/structfuzz/internal/plan"
)

type Header struct {
	Version uint8
	Flags   uint8
	Length  uint16
	Seq     uint32
}

type Tree struct {
	Label string `fuzz:"maxlen=8"`
	Kids  []*Tree
}

func ExampleFor() {
	h, _ := plan.For(reflect.TypeFor[Header]())
	fmt.Println(h.Kind, h.Fixed, h.MemCopy)

	t, _ := plan.For(reflect.TypeFor[Tree]())
	kids := t.Fields[1].Plan
	fmt.Println(t.Kind, t.Fixed, t.MinSize, t.Recursive)
	fmt.Println(t.Fields[0].Plan.Limits.MaxLen, kids.Kind, kids.Elem.DepthElem)

	_, err := plan.For(reflect.TypeFor[struct{ C chan int }]())
	fmt.Println(err)
	// Output:
	// struct 8 true
	// struct -1 8 true
	// 8 slice true
	// structfuzz: struct { C chan int }.C: unsupported type chan int (chan values cannot be encoded)
}
