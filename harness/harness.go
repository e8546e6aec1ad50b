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
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/crossover"
	"github.com/structfuzz/structfuzz/internal/hookfault"
	"github.com/structfuzz/structfuzz/mutator"
	"github.com/structfuzz/structfuzz/postprocess"
)

// Harness runs one structured fuzz target over values of type T. Its
// methods are safe for concurrent use: the pipeline's state (the mutator,
// the cached value) is guarded by a lock, and every slice a method returns
// belongs to the caller.
type Harness[T any] struct {
	fn   func(*T)
	opts Options
	co   codec.Options
	pp   postprocess.Options

	mu sync.Mutex
	// ready reports that T was checked and hooks is known. Both are found
	// on first use, not in New: New typically runs in a package-level var
	// initialiser, before the init functions that register unions.
	ready atomic.Bool
	// hooks reports that T can hold PostProcess hooks; without them the
	// mutator's own encoding of its result is the input. Set before ready.
	hooks atomic.Bool
	watch watchdog
	mut   *mutator.Mutator
	last  []byte // the encoding of the last value the mutation pipeline made
	value *T     // that value, post-processed, not yet handed to fn
	buf   []byte
	units unitCache // decoded corpus units: see unitcache.go
	ubuf  []byte    // the encoding lookUp made
	encA  []byte    // crossover's first parent's encoding, when lookUp made it

	stats stats
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
	// (nil: mutator.GoLeaf).
	Leaf mutator.Leaf
	// HookTimeout, when positive, starts a watchdog: a call of Mutate or
	// CrossOver still running after it (a hook that never returns) is
	// reported as a HookFailure with Timeout set. libFuzzer's own -timeout
	// does not watch the custom mutator. Zero: no watchdog.
	HookTimeout time.Duration
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
	mopts := []mutator.Option{mutator.WithCodec(co)}
	if opts.Leaf != nil {
		mopts = append(mopts, mutator.WithLeaf(opts.Leaf))
	}
	h := &Harness[T]{
		fn:   fn,
		opts: opts,
		co:   co,
		pp:   postprocess.Options{Codec: co},
		mut:  mutator.New(0, mopts...),
	}
	h.watch.timeout = opts.HookTimeout
	h.watch.report = opts.OnHookFailure
	if h.watch.report == nil {
		h.watch.report = exitOnTimeout
	}
	h.watch.input = func(data []byte) []byte { return h.canonical(data, false) }
	return h
}

// Validate reports whether T can be fuzzed: its type model compiles (no
// interface without registered variants, no chan or func field, no
// malformed tag) and its hooks can be found. Call it after package
// initialisation; engines call it before the first input.
func (h *Harness[T]) Validate() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.prepare()
}

// prepare checks T and finds its hooks, once it succeeds. The caller holds
// h.mu. A failure is not remembered: a registration may still fix it.
func (h *Harness[T]) prepare() error {
	if h.ready.Load() {
		return nil
	}
	hooks, err := postprocess.Needed(reflect.TypeFor[T]())
	if err != nil {
		return &TypeError{Type: h.TypeName(), Err: err}
	}
	h.hooks.Store(hooks)
	h.ready.Store(true)
	return nil
}

// postProcessed reports whether values of T can hold PostProcess hooks,
// finding out on first use; false for a type that cannot be fuzzed.
func (h *Harness[T]) postProcessed() bool {
	if !h.ready.Load() {
		h.mu.Lock()
		err := h.prepare()
		h.mu.Unlock()
		if err != nil {
			return false
		}
	}
	return h.hooks.Load()
}

// mustPrepare is prepare for the mutation pipeline, which has no way to
// return an error: a type that cannot be fuzzed stops the fuzzer with the
// type model's message rather than letting it run without a target.
func (h *Harness[T]) mustPrepare() {
	if err := h.prepare(); err != nil {
		panic(err.Error())
	}
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

// Decode turns an input into the value the target sees: strict decoding,
// then post-processing. The error says why an input does not decode.
//
// A PostProcess hook that panics, or whose result breaks its type's tags
// (so that the value is not one the input type can hold), panics with a
// *HookFailure naming the hook: the target never sees such a value, and
// the engine reports the input as a crash that replaying it reproduces.
func (h *Harness[T]) Decode(data []byte) (*T, error) {
	v := new(T)
	if err := h.co.Unmarshal(data, v); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			panic(replayFailure(r, data))
		}
	}()
	if err := h.process(v, 0); err != nil {
		return nil, err
	}
	return v, nil
}

// process post-processes a decoded value. A result that no longer encodes
// is a PostProcess hook's fault, and panics with one naming it.
func (h *Harness[T]) process(v *T, seed uint64) error {
	if !h.postProcessed() {
		return nil
	}
	if err := h.pp.Apply(v, seed); err != nil {
		return err
	}
	if _, err := h.co.Size(v); errors.Is(err, codec.ErrMemory) {
		return err // the hook grew it past the budget: reject, as a too-big input
	} else if err != nil {
		panic(hookfault.Broken("PostProcess", reflect.TypeFor[T](), reflect.ValueOf(v).Elem(), err))
	}
	return nil
}

// decodeLenient turns any bytes into a valid, post-processed value.
func (h *Harness[T]) decodeLenient(data []byte, seed uint64) (*T, error) {
	v, err := h.lenientValue(data)
	if err != nil {
		return nil, err
	}
	if err := h.process(v, seed); err != nil {
		return nil, err
	}
	return v, nil
}

// lenientValue is decodeLenient without the post-processing.
func (h *Harness[T]) lenientValue(data []byte) (*T, error) {
	v := new(T)
	lenient := h.co
	lenient.Lenient = true
	if err := lenient.Unmarshal(data, v); err != nil {
		return nil, err // only an unsupported type gets here
	}
	return v, nil
}

// Run is the engine entry point (go-fuzz's Fuzz(data) int convention): it
// decodes data, post-processes it and calls the target. It returns 0, or
// -1 for an input that does not decode (with RawBytes every input
// decodes), so libFuzzer does not keep it. A panic in the target
// propagates: it is the crash the engine reports.
func (h *Harness[T]) Run(data []byte) int {
	h.stats.runs.Add(1)
	v := h.cached(data)
	if v == nil {
		var err error
		if h.opts.RawBytes {
			v, err = h.decodeLenient(data, 0)
		} else {
			v, err = h.Decode(data)
		}
		if err != nil {
			h.stats.reject(err)
			return -1
		}
	}
	h.stats.calls.Add(1)
	h.fn(v)
	return 0
}

// cached returns the value the mutation pipeline last made, if data is its
// encoding, and forgets it: the target may change the value it is given.
func (h *Harness[T]) cached(data []byte) *T {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.value == nil || !bytes.Equal(data, h.last) {
		return nil
	}
	v := h.value
	h.value = nil
	return v
}

// remember caches a value the pipeline made, keyed by its encoding.
func (h *Harness[T]) remember(v *T, enc []byte) {
	h.last = append(h.last[:0], enc...)
	h.value = v
}

// Mutate runs the custom-mutator pipeline on an input: lenient decode,
// post-process, mutate, post-process, encode. It returns the new input,
// at most maxSize bytes, deterministic for data and seed; the slice
// belongs to the caller. The result always decodes strictly: when no
// mutation fits it is the canonical encoding of data's lenient decoding,
// and nil when even that does not fit.
//
// libFuzzer chains several mutations before it runs an input; when data is
// the output of the previous call, its value is reused rather than
// decoded again. The values of recent corpus units are kept decoded too
// (a few dozen, a bounded number of bytes), and the mutation works on a
// copy. A call makes at most mutator.DefaultAttempts mutation attempts,
// a result that PostProcess makes too big included.
func (h *Harness[T]) Mutate(data []byte, maxSize int, seed uint64) []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return bytes.Clone(h.mutate(data, maxSize, seed))
}

// MutateTo is Mutate writing its result into dst (at most len(dst) bytes,
// the maxSize) and returning its length, 0 for no result. data may share
// memory with dst, as libFuzzer's in-place buffer does.
func (h *Harness[T]) MutateTo(dst, data []byte, seed uint64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return copy(dst, h.mutate(data, len(dst), seed))
}

// mutate is Mutate with h.mu held; the result is h.buf or nil. A hook
// that fails on the way is reported (see HookFailure), never dropped.
func (h *Harness[T]) mutate(data []byte, maxSize int, seed uint64) (out []byte) {
	h.mustPrepare()
	var pre []byte // the encoding of the mutated value before PostProcess
	defer func() {
		if r := recover(); r != nil {
			h.failed("Mutate", r, data, nil, pre, maxSize, seed)
			out = nil
		}
	}()
	h.watch.enter("Mutate", "PostProcess", data, nil, seed, maxSize)
	defer h.watch.leave()
	var enc []byte // the encoding of v
	v := h.value
	if v != nil && bytes.Equal(data, h.last) {
		enc = data
	} else {
		var err error
		if v, enc, err = h.ownUnit(data, seed); err != nil {
			return h.unchanged(data, maxSize, seed)
		}
	}
	h.mut.Seed(seed)
	h.watch.stage("Mutate", nil)
	var accept func() bool
	if h.hooks.Load() {
		// Post-process each result inside the mutator's attempts: one
		// that PostProcess makes too big is another failed attempt, so
		// a call makes at most mutator.DefaultAttempts of them.
		accept = func() bool {
			pre = h.mut.Encoding()
			h.watch.stage("PostProcess", pre)
			if h.finish(v, maxSize, seed) {
				return true
			}
			pre = nil
			h.watch.stage("Mutate", nil)
			return false
		}
	}
	if err := h.mut.MutateChecked(v, enc, maxSize, accept); err != nil {
		var fault *hookfault.Fault
		if errors.As(err, &fault) {
			panic(fault)
		}
		if !errors.Is(err, mutator.ErrNoMutation) {
			return h.unchanged(data, maxSize, seed)
		}
		// Every attempt was undone: v is data's value again, and enc,
		// its encoding, the canonical one unchanged would give.
		if len(enc) > maxSize {
			h.value = nil
			return nil
		}
		h.buf = append(h.buf[:0], enc...)
		h.remember(v, h.buf)
		return h.buf
	}
	if accept == nil {
		h.buf = append(h.buf[:0], h.mut.Encoding()...)
		h.remember(v, h.buf)
	}
	return h.buf
}

// CrossOver runs the crossover pipeline on two inputs: lenient decode of
// both, crossover, post-process, encode. The result is at most maxSize
// bytes, decodes strictly and belongs to the caller. When no child
// differs from both parents it is, as for Mutate, the canonical encoding
// of a (nil when that does not fit): libFuzzer treats a crossover with no
// result as a reason to try another mutation at once, and a failed typed
// crossover costs far more than running the parent again (a FuzzSafe run
// of 1M executions took 13 s instead of 8).
func (h *Harness[T]) CrossOver(a, b []byte, maxSize int, seed uint64) []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return bytes.Clone(h.crossOver(a, b, maxSize, seed))
}

// CrossOverTo is CrossOver writing its result into dst (at most len(dst)
// bytes) and returning its length, 0 for no result.
func (h *Harness[T]) CrossOverTo(dst, a, b []byte, seed uint64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return copy(dst, h.crossOver(a, b, len(dst), seed))
}

// crossOver is CrossOver with h.mu held; the result is h.buf or nil. A
// hook that fails on the way is reported (see HookFailure).
func (h *Harness[T]) crossOver(a, b []byte, maxSize int, seed uint64) (out []byte) {
	h.mustPrepare()
	defer func() {
		if r := recover(); r != nil {
			h.failed("CrossOver", r, a, b, nil, maxSize, seed)
			out = nil
		}
	}()
	h.watch.enter("CrossOver", "PostProcess", a, b, seed, maxSize)
	defer h.watch.leave()
	// The parents' canonical encodings come with them, so crossover need
	// not encode them again.
	va, encA := h.value, a
	if va == nil || !bytes.Equal(a, h.last) {
		var err error
		if va, encA, err = h.ownUnit(a, seed); err != nil {
			h.value = nil
			return nil
		}
		// The second lookup may reuse the room of the first encoding.
		h.encA = append(h.encA[:0], encA...)
		encA = h.encA
	}
	// Cross only reads the second parent (it copies what it takes from
	// it), so the cached value itself will do.
	vb, encB, _, err := h.unit(b, seed)
	if err != nil {
		h.value = nil
		return nil
	}
	h.watch.stage("CrossOver", nil)
	child, err := crossover.Options{Codec: h.co}.CrossFrom(va, vb, encA, encB, seed, maxSize, h.buf[:0])
	var fault *hookfault.Fault
	if errors.As(err, &fault) {
		panic(fault)
	}
	if err == nil && !h.hooks.Load() {
		// Without PostProcess hooks the child's encoding is the input.
		h.buf = child
		h.remember(va, h.buf)
		return h.buf
	}
	h.watch.stage("PostProcess", nil)
	if err == nil && h.finish(va, maxSize, seed) {
		return h.buf
	}
	return h.unchanged(a, maxSize, seed)
}

// finish post-processes and encodes a value the pipeline made into h.buf,
// and caches it. It reports false when the result does not fit (in
// maxSize or the memory budget). A value that encoded before
// post-processing and does not after it was broken by a PostProcess hook:
// that panics with a fault naming it.
func (h *Harness[T]) finish(v *T, maxSize int, seed uint64) bool {
	err := h.pp.Apply(v, seed)
	if err == nil {
		h.buf, err = h.co.Append(h.buf[:0], v)
	}
	if errors.Is(err, codec.ErrMemory) {
		return false // too big, as a result over maxSize is: not a broken one
	}
	if err != nil {
		panic(hookfault.Broken("PostProcess", reflect.TypeFor[T](), reflect.ValueOf(v).Elem(), err))
	}
	if len(h.buf) > maxSize {
		return false
	}
	h.remember(v, h.buf)
	return true
}

// unchanged is the result of a mutation that made nothing: the canonical
// encoding of data's lenient decoding, which strict decoding accepts
// (data itself may be any bytes: libFuzzer's first input is "\n"), or nil
// when that does not fit either. It forgets the cached value, which a
// failed attempt may have changed.
func (h *Harness[T]) unchanged(data []byte, maxSize int, seed uint64) []byte {
	h.value = nil
	_, enc, _, err := h.unit(data, seed)
	if err != nil || len(enc) > maxSize {
		return nil
	}
	h.buf = append(h.buf[:0], enc...)
	return h.buf
}

// ErrNotDecodable wraps the codec error of an input that Decode rejects.
var ErrNotDecodable = errors.New("input does not decode")

// Check decodes data as Decode does and, on failure, returns an error
// that names the type and says what to do about it.
func (h *Harness[T]) Check(name string, data []byte) (*T, error) {
	v, err := h.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not a valid encoding of %T (written for another version of the type?): %v", ErrNotDecodable, name, v, err)
	}
	return v, nil
}

// Tool is what `structfuzz print`, `encode`, `check`, `build` and `run` need of a target,
// whatever its type: see ToolMain.
type Tool interface {
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

// TypeName implements Tool.
func (h *Harness[T]) TypeName() string { return fmt.Sprintf("%T", *new(T)) }

// ToJSON implements Tool: a strict decode (an input that does not decode
// is an error naming why) printed as the codec's readable form.
func (h *Harness[T]) ToJSON(data []byte) ([]byte, error) {
	v := new(T)
	if err := h.co.Unmarshal(data, v); err != nil {
		return nil, err
	}
	return codec.MarshalJSON(v)
}

// FromJSON implements Tool: the readable form, validated, encoded.
func (h *Harness[T]) FromJSON(js []byte) ([]byte, error) {
	return codec.JSONToBinary(js, new(T))
}
