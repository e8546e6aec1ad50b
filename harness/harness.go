// Package harness is the pure-Go heart of a structfuzz fuzz target: it
// turns bytes into a value of the target's type and calls the target, and
// it runs the custom-mutator pipeline on bytes. mutator/libfuzzer wraps it
// for libFuzzer; the same harness replays a corpus under plain `go test`
// and drives `go test -fuzz`, so a project without clang can still fuzz.
//
// Every engine follows one pipeline (see package postprocess):
//
//	lenient decode -> mutate or cross -> post-process -> encode
//
// and an input loaded from a corpus or crash file is decoded and
// post-processed again before the target sees it.
//
// Inputs the target runs on are decoded strictly: bytes that are not the
// canonical encoding of a valid value (an input written for an older
// version of the type, say) are rejected, never silently reinterpreted.
// Only the mutation pipeline and the raw-bytes mode decode leniently.
package harness

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
	"github.com/structfuzz/structfuzz/postprocess"
)

// Harness runs one structured fuzz target over values of type T. Its
// methods are safe for concurrent use: the pipeline's state (the mutator,
// the cached value) is guarded by a lock, and every slice a method returns
// belongs to the caller.
type Harness[T any] struct {
	*engine // the pipeline itself, not generic: see engine
	fn      func(*T)
}

// Options configure a Harness.
type Options struct {
	// MaxDepth is the depth limit for recursive types (zero:
	// codec.DefaultMaxDepth).
	MaxDepth int
	// RawBytes makes Run decode leniently, so every byte string is an
	// input. It is the mode for engines without the custom mutator, where
	// inputs come from byte-level mutation.
	RawBytes bool
	// MaxMemory is the constant part of the decoding memory budget (zero:
	// codec.DefaultMaxMemory; see codec.Options.MaxMemory). The mutator
	// builds no value that needs more.
	MaxMemory int
	// Leaf is the byte-level mutator for strings, byte slices and numbers
	// (nil: mutator.GoLeaf). Mutate's byte-level moves run it over the
	// whole encoding.
	Leaf mutator.Leaf
	// TypedOnly makes Mutate and CrossOver make typed moves only. By
	// default they also make byte-level moves (the Leaf over the whole
	// encoding; a splice of the two parents' encodings), decoded
	// leniently, in shares that adapt to which moves give results the
	// engine keeps: see Moves. An input type that can hold a value with
	// a Mutate hook gets no byte-level move, and one with a CrossOver
	// hook no splice: the hook owns how its values change. A result then
	// depends on the calls before
	// it as well as on its arguments; with TypedOnly it depends on its
	// arguments alone, which is how a Mutate or CrossOver hook's failure
	// is reproduced (HookFailure.Reproduce).
	TypedOnly bool
	// HookTimeout, when positive, starts a watchdog: a call of Mutate or
	// CrossOver still running after it (a hook that never returns) is
	// reported as a HookFailure with Timeout set. libFuzzer's own -timeout
	// does not watch the custom mutator. Zero: no watchdog.
	HookTimeout time.Duration
	// TypedSteps makes Fuzz seed Go's fuzzer with structure-aware
	// inputs: a base value and step words that each seed one typed
	// mutation (see Fuzz). Off by default: measured side by side on the
	// benchmark suite's examples, it found a sequence-of-calls target's
	// bug sooner than the lenient decoder alone, tied on two others and
	// lost on a fourth (see the README).
	TypedSteps bool
	// OnHookFailure, when set, handles a hook that failed in the mutation
	// pipeline (see HookFailure) instead of Mutate or CrossOver panicking
	// with it; when it returns, the call has no result. A timeout is
	// handled on the watchdog's goroutine while the hook still runs;
	// without OnHookFailure the watchdog prints the failure and exits with
	// status TimeoutExitCode. The libFuzzer binary saves an artifact and
	// exits.
	OnHookFailure func(*HookFailure)
}

// TimeoutExitCode is the exit status of a process whose watchdog found a
// hook that did not return: libFuzzer's for a timeout.
const TimeoutExitCode = 70

// New returns a harness for fn.
func New[T any](fn func(*T), opts Options) *Harness[T] {
	co := codec.Options{MaxDepth: opts.MaxDepth, MaxMemory: opts.MaxMemory}
	smopts := []mutator.Option{mutator.WithCodec(co)}
	if opts.Leaf != nil {
		smopts = append(smopts, mutator.WithLeaf(opts.Leaf))
	}
	mopts := append([]mutator.Option{mutator.WithRegeneration()}, smopts...)
	e := &engine{
		typ:  reflect.TypeFor[T](),
		call: func(v any) { fn(v.(*T)) },
		opts: opts,
		co:   co,
		pp:   postprocess.Options{Codec: co},
		mut:  mutator.New(0, mopts...),
		// The typed steps of go test -fuzz inputs never regenerate the
		// value: that would throw away the base's bytes.
		stepMut: mutator.New(0, smopts...),
	}
	e.sched.off = opts.TypedOnly
	e.sched.fixed = -1
	e.watch.timeout = opts.HookTimeout
	e.watch.report = opts.OnHookFailure
	if e.watch.report == nil {
		e.watch.report = exitOnTimeout
	}
	e.watch.input = func(data []byte) []byte { return e.canonical(data, false) }
	return &Harness[T]{engine: e, fn: fn}
}

// Validate reports whether T can be fuzzed: its type model compiles (no
// interface without registered variants, no chan or func field, no
// malformed tag) and its hooks can be found. Call it after package
// initialisation; engines call it before the first input.
func (h *Harness[T]) Validate() error { return h.validate() }

// Decode turns an input into the value the target sees: strict decoding,
// then post-processing. The error says why an input does not decode.
//
// A PostProcess hook that panics, or whose result breaks its type's tags
// (so that the value is not one the input type can hold), panics with a
// *HookFailure naming the hook: the target never sees such a value, and
// the engine reports the input as a crash that replaying it reproduces.
func (h *Harness[T]) Decode(data []byte) (*T, error) {
	v, err := h.decode(data)
	if err != nil {
		return nil, err
	}
	return v.(*T), nil
}

// Run is the engine entry point (go-fuzz's Fuzz(data) int convention): it
// decodes data, post-processes it and calls the target. It returns 0, or
// -1 for an input that does not decode (with RawBytes every input
// decodes), so libFuzzer does not keep it. A panic in the target
// propagates: it is the crash the engine reports.
func (h *Harness[T]) Run(data []byte) int { return h.run(data) }

// Mutate runs the custom-mutator pipeline on an input: lenient decode,
// post-process, mutate, post-process, encode. It returns the new input,
// at most maxSize bytes, deterministic for data, seed and the calls
// before it (the shares of byte-level moves adapt; with
// Options.TypedOnly, for data and seed alone); the slice
// belongs to the caller. The result always decodes strictly: when no
// mutation fits it is the canonical encoding of data's lenient decoding,
// and nil when even that does not fit.
//
// libFuzzer chains several mutations before it runs an input; when data is
// the output of the previous call, its value is reused rather than
// decoded again. The values of recent corpus units are kept decoded too
// (a few hundred, a bounded number of bytes), and the mutation works on a
// copy. A call makes at most mutator.DefaultAttempts typed mutation
// attempts, a result that PostProcess makes too big or undoes included,
// after at most four byte-level ones (see Options.TypedOnly).
func (h *Harness[T]) Mutate(data []byte, maxSize int, seed uint64) []byte {
	return h.mutateOut(data, maxSize, seed)
}

// MutateTo is Mutate writing its result into dst (at most len(dst) bytes,
// the maxSize) and returning its length, 0 for no result. data may share
// memory with dst, as libFuzzer's in-place buffer does.
func (h *Harness[T]) MutateTo(dst, data []byte, seed uint64) int { return h.mutateTo(dst, data, seed) }

// CrossOver runs the crossover pipeline on two inputs: lenient decode of
// both, crossover, post-process, encode. The result is at most maxSize
// bytes, decodes strictly and belongs to the caller. When no child
// differs from both parents it is, as for Mutate, the canonical encoding
// of a (nil when that does not fit): libFuzzer treats a crossover with no
// result as a reason to try another mutation at once, and a failed typed
// crossover costs far more than running the parent again (a FuzzSafe run
// of 1M executions took 13 s instead of 8).
func (h *Harness[T]) CrossOver(a, b []byte, maxSize int, seed uint64) []byte {
	return h.crossOut(a, b, maxSize, seed)
}

// CrossOverTo is CrossOver writing its result into dst (at most len(dst)
// bytes) and returning its length, 0 for no result.
func (h *Harness[T]) CrossOverTo(dst, a, b []byte, seed uint64) int {
	return h.crossTo(dst, a, b, seed)
}

// TypeError reports an input type that structfuzz cannot fuzz.
type TypeError struct {
	Type string // the input type, e.g. "*pkg.Request"
	Err  error  // the type model's error, naming the path
}

// Error names the type and the type model's objection, with its path.
func (e *TypeError) Error() string {
	return "structfuzz: cannot fuzz " + e.Type + ": " + strings.TrimPrefix(e.Err.Error(), "structfuzz: ")
}

// Unwrap returns the type model's error.
func (e *TypeError) Unwrap() error { return e.Err }

// ErrNotDecodable wraps the codec error of an input that Decode rejects.
var ErrNotDecodable = errors.New("input does not decode")

// Check decodes data as Decode does and, on failure, returns an error
// that names the type and says what to do about it.
func (h *Harness[T]) Check(name string, data []byte) (*T, error) {
	v, err := h.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not a valid encoding of %T (written for another version of the type?): %w", ErrNotDecodable, name, v, err)
	}
	return v, nil
}

// tool is what `structfuzz print`, `encode`, `check`, `build` and `run` need of a target,
// whatever its type: see toolMain.
type tool interface {
	// TypeName names the target's input type.
	TypeName() string
	// ToJSON turns an input file into the readable JSON form.
	ToJSON(data []byte) ([]byte, error)
	// FromJSON turns the readable form into an input file.
	FromJSON(js []byte) ([]byte, error)
	// MaxLen suggests libFuzzer's -max_len for the type.
	MaxLen() int
	// CheckType reports whether the type can be fuzzed (Harness.CheckType).
	CheckType() error
	// CheckHooks runs every hook twice with the same value and seed and
	// reports those whose results differ (Harness.CheckHooks).
	CheckHooks(inputs []CheckInput, opts CheckOptions) error
}

// TypeName names the input type, as %T prints it.
func (h *Harness[T]) TypeName() string { return fmt.Sprintf("%T", *new(T)) }

// ToJSON returns the readable form of an input: a strict decode (an input that does not decode
// is an error naming why) printed as the codec's readable form.
func (h *Harness[T]) ToJSON(data []byte) ([]byte, error) {
	v := new(T)
	if err := h.co.Unmarshal(data, v); err != nil {
		return nil, err
	}
	return codec.MarshalReadable(v)
}

// FromJSON turns the readable form into an input: validated, encoded.
// Comment lines (// after spaces), as print and Show write them, are
// skipped.
func (h *Harness[T]) FromJSON(js []byte) ([]byte, error) {
	return codec.JSONToBinary(stripComments(js), new(T))
}
