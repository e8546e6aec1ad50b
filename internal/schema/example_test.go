package schema_test

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/schema"
)

type PointV1 struct {
	X, Y int16
	Tag  string `fuzz:"maxlen=4"`
}

type PointV2 struct {
	Y, X  int16  // swapped: old bytes would decode with X and Y exchanged
	Tag   string `fuzz:"maxlen=4"`
	Color uint8
}

func schemaOf(v any) *schema.Schema {
	p, err := plan.For(reflect.TypeOf(v))
	if err != nil {
		panic(err)
	}
	return schema.Build(p)
}

func ExampleBuild() {
	s := schemaOf(PointV1{})
	lines := strings.SplitN(s.Text(), "\n", 3)
	fmt.Println(lines[0])
	fmt.Print(lines[2]) // lines[1] is the fingerprint
	// Output:
	// structfuzz schema of PointV1 (format version 1)
	// Fields and variants are listed in encoding order; changing that order changes the meaning of old inputs.
	//
	// struct PointV1 (#0)
	//    1. X int16
	//    2. Y int16
	//    3. Tag string maxlen=4  `fuzz:"maxlen=4"`
}

func ExampleDiff() {
	for _, c := range schema.Diff(schemaOf(PointV1{}), schemaOf(PointV2{})) {
		fmt.Println(c, c.Reinterprets)
	}
	// Output:
	// PointV2: fields reordered: X, Y, Tag, now Y, X, Tag true
	// PointV2.Color: field added (field 4 of 4; old inputs lack it) true
}

func ExampleConvert() {
	old, cur := schemaOf(PointV1{}), schemaOf(PointV2{})
	data, _ := codec.Marshal(PointV1{X: 1, Y: 2, Tag: "a"})

	v, _ := old.Decode(data)                // read with the recorded layout
	nv, _, _ := schema.Convert(old, cur, v) // carried over by field names
	out, _ := cur.Encode(nv)

	var p PointV2
	fmt.Println(codec.Unmarshal(out, &p), p)
	// Output:
	// <nil> {2 1 a 0}
}
