// Package postprocess runs the PostProcess hooks of a fuzz input: small
// pieces of user code that repair the invariants random mutation breaks,
// such as checksums, length fields and cross-references between parts of
// the value.
//
// # The pipeline
//
// Every structfuzz engine (the libFuzzer custom mutator, crossover, plain
// go test replay and go test -fuzz) treats an input the same way:
//
//	bytes --lenient decode--> value --mutate or cross--> value --post-process--> value --encode--> bytes
//
// Step by step:
//
//  1. Decode the input bytes with codec.UnmarshalLenient, which turns any
//     byte string into a valid value.
//  2. Change the value: mutator.Mutate, or crossover.Cross with a second
//     decoded input.
//  3. Post-process it: Apply, with a seed drawn from the engine's own
//     randomness.
//  4. Encode it with codec.Marshal and hand the bytes back to the engine.
//     Hooks can grow a value: if the encoding exceeds the engine's size
//     limit, discard the candidate rather than cut it down to fit.
//
// An input that is loaded rather than produced, from a corpus directory, a
// seed corpus or a crash file, is post-processed again after decoding and
// before the target sees it. Corpora outlive code: a hook added or fixed
// since the file was written must still apply, so the target only ever
// sees post-processed values.
//
// # Hooks
//
// A type takes part by declaring a method
//
//	func (p *Packet) PostProcess(c hook.Context)
//
// or PostProcess(r *rand.Rand) with math/rand/v2's *Rand, for a package
// that should not import structfuzz, on the pointer receiver (a value receiver
// only where the value holds a pointer, slice, map or interface through
// which the hook can change it). A method named PostProcess with another
// signature, or with a value receiver that could only change a copy, is a
// type error naming the expected signature, never silently ignored. Types
// the user does not own get the same through Register, which also exempts
// their own methods of that name. Apply calls every hook
// in the value innermost first, so a parent's hook sees children that are
// already repaired: the fields of a struct in order, the elements of a
// slice or array in index order, the values of a map in the order of their
// keys' encodings, the target of a pointer and the content of a union, and
// then the value itself. Map keys are not post-processed: changing a key
// would move its entry.
//
// Hooks must obey three rules, because the pipeline relies on them:
//
//   - Deterministic: the result depends only on the value and on
//     c.Rand() (r). Draw every random choice from it, never from the global source, the clock
//     or map iteration order. Apply with the same seed on equal values then
//     gives equal results, and a crash reproduces.
//   - Idempotent: a value that already satisfies the invariant is left
//     alone. Post-processing runs again on every corpus load, so a hook that
//     changes valid values would drift the corpus away from what was
//     recorded; the random source is for choosing among repairs, not
//     for perturbing.
//   - Valid: the repaired value must still encode (keep inside the `fuzz:`
//     tags, enums and registered union variants), and should keep its
//     encoding within the size the engine allows: c.Budget() says how
//     many bytes it may still grow by (Options.MaxSize).
//
// The hook.Context and its *rand.Rand are valid only while the hook runs:
// do not keep them. c.Path() says where in the input the value sits.
//
// A hook that panics is not recovered: the panic propagates out of Apply,
// so the fuzzer reports it like any other crash in user code. It carries an
// error that names the hook, its type and the value it was called on
// ("PostProcess of pkg.T panicked on {...}: ..."), wrapping the original
// panic value when that is an error; the stack trace still shows where the
// hook panicked. A value that
// Apply reaches twice (two pointers to one struct) has its hooks called
// twice, which idempotence makes harmless. A PostProcess method that a
// struct only promotes from an embedded field is the field's hook, not the
// struct's: it runs once, for the field.
//
// # Cost
//
// Whether any hook is reachable from a type is computed once per type.
// Apply on a value whose type reaches no hook returns at once, and the walk
// skips every subtree that reaches none.
package postprocess
