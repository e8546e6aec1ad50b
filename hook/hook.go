// Package hook defines Context, what every structfuzz hook is handed:
// the random source to draw from, the room left in the size limit, and
// where in the input the hooked value sits.
//
// The three hooks of a domain type take it in one shape:
//
//	func (t *T) Mutate(m *mutator.Mutator)         // *mutator.Mutator is a Context
//	func (t *T) CrossOver(other *T, c hook.Context)
//	func (t *T) PostProcess(c hook.Context)
//
// and so do the functions registered for types you do not own
// (mutator.Register, crossover.Register, postprocess.Register). A helper
// that takes a Context serves all three.
//
// The forms CrossOver(other *T, r *rand.Rand) and PostProcess(r
// *rand.Rand), with math/rand/v2, are accepted as methods too: they get
// the same random source as c.Rand(), and keep a package of domain types
// free of any import of structfuzz, where the hook needs neither the
// budget nor the path.
package hook

import "math/rand/v2"

// Context is what a hook may ask of the engine that calls it. It is valid
// only during the call: keep neither it nor the *rand.Rand it returns.
type Context interface {
	// Rand returns the random source the hook must draw from: the
	// engine seeds it, so a hook that draws only from it (and not from
	// math/rand's global functions, time or a map's iteration order)
	// does the same for the same input and seed, which libFuzzer's
	// minimization and crash reproduction rely on.
	Rand() *rand.Rand

	// Budget returns how many bytes the encoding of the whole input may
	// still grow by before it exceeds the size limit of the call: what
	// is left of libFuzzer's current -max_len, for instance. It is never
	// negative. A result over the limit is thrown away, so a hook that
	// grows the value (appends elements, lengthens strings) should stay
	// within it. When the caller gave no limit (postprocess.Options with
	// MaxSize 0), it is math.MaxInt.
	Budget() int

	// Path returns where the hooked value sits in the input, from its
	// root: "" for the root itself, then ".Field" for a struct field,
	// "[3]" for an element of an array or slice, ["key"] or [7] for the
	// value of a map entry with that string or integer key ([key#2] for
	// other keys: the third key in the codec's key order),
	// "[key#2].key" for the key itself, and ".(Name)" for the content
	// of a union registered under Name. A pointer adds nothing. Within a
	// call of mutator.Mutator.MutateValue, the path continues from the
	// Mutate hook's own path, relative to the value passed to
	// MutateValue. Path is built only when asked, so calling it costs
	// nothing to hooks that do not.
	Path() string
}
