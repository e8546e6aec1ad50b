// Package baseline adapts the byte-level configurations of the benchmark
// suite to an example's Check function, so every configuration fuzzes the
// same code on values of the same Go type and only the way inputs are made
// differs:
//
//   - Headers: libFuzzer bytes turned into a value by go-fuzz-headers'
//     GenerateStruct (configuration d);
//   - GoFuzz: libFuzzer bytes seeding gofuzz's NewFromGoFuzz (f);
//   - GoTest: `go test -fuzz` with structfuzz's lenient decode (e).
//
// Every configuration runs the type's PostProcess hooks before Check, as
// structfuzz's own pipeline does, so a repaired checksum or a dropped
// dangling edge is not what separates them.
//
// Neither go-fuzz-headers nor gofuzz fills interface values, and gofuzz
// panics on them, yet several examples are unions. A user of those tools
// would write a generator per union type; here one is built from the
// variants registered with codec.RegisterUnion, so both tools can reach
// every shape the type allows.
package baseline

import (
	"reflect"

	fuzzheaders "github.com/AdaLogics/go-fuzz-headers"
	gofuzz "github.com/google/gofuzz"

	"github.com/structfuzz/structfuzz/postprocess"
)

// Headers is a libFuzzer entry point: data becomes a *T through
// go-fuzz-headers, unions included, and fn runs on it. Inputs the
// generator cannot use are skipped (0), as go-fuzz-headers users do.
func Headers[T any](data []byte, fn func(*T)) int {
	c := fuzzheaders.NewConsumer(data)
	v := new(T)
	if err := c.GenerateStruct(v); err != nil {
		return 0
	}
	u := unionsOf(reflect.TypeFor[T]())
	if len(u) > 0 {
		fillHeaders(c, reflect.ValueOf(v).Elem(), u, 0)
	}
	run(v, fn)
	return 0
}

// GoFuzzDepth and GoFuzzElements configure gofuzz as a user fuzzing a
// recursive type must: with its defaults (1 to 10 elements a collection,
// depth 100) one tree can hold billions of nodes.
const (
	GoFuzzDepth    = 24
	GoFuzzElements = 4
)

// GoFuzz is a libFuzzer entry point: data seeds gofuzz's NewFromGoFuzz,
// which fills a *T, and fn runs on it.
func GoFuzz[T any](data []byte, fn func(*T)) int {
	f := gofuzz.NewFromGoFuzz(data).NilChance(0.2).NumElements(0, GoFuzzElements).MaxDepth(GoFuzzDepth)
	if u := unionsOf(reflect.TypeFor[T]()); len(u) > 0 {
		f = f.Funcs(goFuzzFuncs(u)...)
	}
	v := new(T)
	f.Fuzz(v)
	run(v, fn)
	return 0
}

// run post-processes v as structfuzz's pipeline does and calls fn.
func run[T any](v *T, fn func(*T)) {
	// A value the hooks cannot repair is still a value of the type: the
	// target must cope with it, so an error here is not a reason to skip.
	_ = postprocess.Apply(v, 0)
	fn(v)
}
