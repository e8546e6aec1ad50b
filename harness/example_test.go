package harness_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
)

type Login struct {
	User  string `fuzz:"maxlen=8,utf8"`
	Admin bool
}

func ExampleHarness() {
	h := harness.New(func(l *Login) {
		fmt.Printf("target: %q admin=%v\n", l.User, l.Admin)
	}, harness.Options{})

	// An input is the canonical encoding of a value.
	in, _ := codec.Marshal(Login{User: "bob"})
	h.Run(in)

	// Bytes that are not an encoding are rejected, not reinterpreted.
	fmt.Println(h.Run([]byte("garbage")))

	// The custom-mutator pipeline turns an input into another valid one.
	out := h.Mutate(in, 64, 1)
	js, _ := h.ToJSON(out)
	fmt.Println(len(js) > 0, h.Run(out) == 0)
	// Output:
	// target: "bob" admin=false
	// -1
	// target: "bob" admin=true
	// true true
}
