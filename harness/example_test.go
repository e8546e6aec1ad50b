package harness_test

import (
	"errors"
	"fmt"
	"math/rand/v2"

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

	// The custom-mutator pipeline turns an input into another valid one:
	// here, as it does now and then for a small value, a fresh one.
	out := h.Mutate(in, 64, 1)
	js, _ := h.ToJSON(out)
	fmt.Println(len(js) > 0, h.Run(out) == 0)
	// Output:
	// target: "bob" admin=false
	// -1
	// target: "utbAz`" admin=true
	// true true
}

// Validate reports a type that cannot be fuzzed, naming the path, before
// any input is run. Engines call it themselves; a test can too.
func ExampleHarness_Validate() {
	type Bad struct {
		Name string
		Done chan bool
	}
	h := harness.New(func(*Bad) {}, harness.Options{})
	err := h.Validate()
	var te *harness.TypeError
	fmt.Println(errors.As(err, &te), te.Type)
	fmt.Println(err)
	// Output:
	// true harness_test.Bad
	// structfuzz: cannot fuzz harness_test.Bad: Bad.Done: unsupported type chan bool (chan values cannot be encoded)
}

// Stats tells how many inputs reached the target: a run that rejected
// every input never tested anything.
func ExampleHarness_Stats() {
	h := harness.New(func(*Login) {}, harness.Options{})
	in, _ := codec.Marshal(Login{User: "eve"})
	h.Run(in)
	h.Run([]byte{0xff})
	s := h.Stats()
	fmt.Println(s.Runs, s.Calls, s.Rejected)
	fmt.Println(s.FirstRejection != nil)
	// Output:
	// 2 1 1
	// true
}

// MutateTo writes into a buffer the caller owns, as libFuzzer's in-place
// custom mutator does: the result's length, 0 when nothing fits.
func ExampleHarness_MutateTo() {
	h := harness.New(func(*Login) {}, harness.Options{})
	in, _ := codec.Marshal(Login{User: "bob"})
	buf := make([]byte, 64)
	n := copy(buf, in)
	n = h.MutateTo(buf, buf[:n], 7)
	_, err := h.Decode(buf[:n])
	fmt.Println(n > 0, err)
	// Output:
	// true <nil>
}

// CrossOverTo writes a child of two inputs into dst.
func ExampleHarness_CrossOverTo() {
	h := harness.New(func(*Login) {}, harness.Options{})
	a, _ := codec.Marshal(Login{User: "alice"})
	b, _ := codec.Marshal(Login{User: "bob", Admin: true})
	dst := make([]byte, 64)
	n := h.CrossOverTo(dst, a, b, 3)
	child, err := h.Decode(dst[:n])
	fmt.Println(n > 0, err, child.User != "" || child.Admin)
	// Output:
	// true <nil> true
}

// Quota's PostProcess has a bug: it panics on a zero limit.
type Quota struct{ Limit uint8 }

func (q *Quota) PostProcess(*rand.Rand) {
	if q.Limit == 0 {
		panic("division by zero")
	}
}

// A hook that fails in the mutation pipeline is named, with an input that
// reproduces it. Without OnHookFailure, Mutate panics with the
// *HookFailure.
func ExampleHookFailure() {
	h := harness.New(func(*Quota) {}, harness.Options{
		OnHookFailure: func(f *harness.HookFailure) {
			fmt.Println(f)
			fmt.Println(f.Reproduce())
		},
	})
	// The mutation pipeline post-processes the input as it decodes it.
	h.Mutate([]byte{0}, 16, 1)
	// Output:
	// structfuzz: PostProcess of harness_test.Quota panicked on {"Limit":0}: division by zero
	// replay the input (the binary given the file, or the target's go test): post-processing it runs the hook on the same value
}

// Moves shows how the pipeline divides its calls between typed and
// byte-level moves, and how many results of each libFuzzer kept (they came
// back as units to mutate). With Options.TypedOnly every move is typed.
func ExampleHarness_Moves() {
	h := harness.New(func(*Login) {}, harness.Options{TypedOnly: true})
	in, _ := codec.Marshal(Login{User: "bob"})
	for seed := range uint64(10) {
		h.Mutate(in, 64, seed)
	}
	for _, f := range h.Moves() {
		fmt.Printf("%s: made %d, share %.2f\n", f.Name, f.Made, f.Share)
	}
	// Output:
	// typed mutation: made 10, share 1.00
	// byte mutation: made 0, share 0.00
	// typed crossover: made 0, share 1.00
	// byte splice: made 0, share 0.00
}
