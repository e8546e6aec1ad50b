package harness

import (
	"bytes"
	"errors"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/crossover"
	"github.com/structfuzz/structfuzz/internal/hookfault"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/walk"
	"github.com/structfuzz/structfuzz/mutator"
	"github.com/structfuzz/structfuzz/postprocess"
)

// engine is the body of a Harness, and not generic on purpose: the
// methods of a generic type are compiled into the package that
// instantiates it, the user's fuzz target, and a native libFuzzer build
// instruments them as the target's own code. The pipeline's branches then
// showed up as the target's coverage (a target that does nothing found
// "new coverage" in them), and its comparisons in libFuzzer's table.
// Values of the target's type travel as any, holding a *T.
type engine struct {
	typ  reflect.Type // T
	call func(v any)  // runs the target on v, a *T
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
	// limit is the size limit of the latest mutation or crossover
	// (libFuzzer's current one), the Budget of PostProcess hooks run
	// on a decoded input; 0 (no limit) before the first.
	limit atomic.Int64
	watch watchdog
	mut   *mutator.Mutator
	// stepMut is mut without regeneration, for applySteps.
	stepMut *mutator.Mutator
	last    []byte // the encoding of the last value the mutation pipeline made, canonical and post-processed
	value   any    // that value (a *T), post-processed, not yet run
	buf     []byte
	units   unitCache // decoded corpus units: see unitcache.go
	sched   schedule  // the shares of typed and byte-level moves
	bbuf    []byte    // the byte-level moves' input
	ubuf    []byte    // the encoding lookUp made
	encA    []byte    // crossover's first parent's encoding, when lookUp made it
	// stepMax is the size limit of the typed steps of a structure-aware
	// go test -fuzz input (see applySteps), once known.
	stepMax int

	stats stats

	// The user's functions between values and the text the target works
	// on (see SetParse and SetRender), or nil; guarded by mu.
	parse  func(text []byte) (any, error)
	render func(v any) []byte
}

// newValue returns a new zero *T.
func (h *engine) newValue() any { return reflect.New(h.typ).Interface() }

// validate is Harness.Validate.
func (h *engine) validate() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.prepare()
}

// prepare checks T and finds its hooks, once it succeeds. The caller holds
// h.mu. A failure is not remembered: a registration may still fix it.
func (h *engine) prepare() error {
	if h.ready.Load() {
		return nil
	}
	hooks, err := postprocess.Needed(h.typ)
	if err != nil {
		return &TypeError{Type: h.typ.String(), Err: err}
	}
	// A Mutate or CrossOver hook owns how the values of its type change
	// (a compressed body whose hook edits the plain bytes, say): no
	// byte-level move goes around one the input can hold. A splice
	// changes bytes as freely as a byte mutation, so either hook rules
	// it out.
	p, err := plan.For(h.typ)
	if err != nil {
		return &TypeError{Type: h.typ.String(), Err: err}
	}
	mutates := p.ReachesHook(plan.MutateHook, true)
	h.sched.hooked[famTyped] = mutates
	h.sched.hooked[famCross] = mutates || p.ReachesHook(plan.CrossOverHook, true)
	h.hooks.Store(hooks)
	h.ready.Store(true)
	return nil
}

// postProcessed reports whether values of T can hold PostProcess hooks,
// finding out on first use; false for a type that cannot be fuzzed.
func (h *engine) postProcessed() bool {
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
func (h *engine) mustPrepare() {
	if err := h.prepare(); err != nil {
		panic(err.Error())
	}
}

// decode is Harness.Decode, for a value of type any.
func (h *engine) decode(data []byte) (any, error) {
	v := h.newValue()
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
func (h *engine) process(v any, seed uint64) error {
	if !h.postProcessed() {
		return nil
	}
	if err := h.postProcess(v, seed, 0); err != nil {
		return err
	}
	if _, err := h.co.Size(v); errors.Is(err, codec.ErrMemory) {
		return err // the hook grew it past the budget: reject, as a too-big input
	} else if err != nil {
		panic(hookfault.Broken("PostProcess", h.typ, reflect.ValueOf(v).Elem(), err))
	}
	return nil
}

// decodeAs is decode, or decodeLenient when lenient is set.
func (h *engine) decodeAs(data []byte, lenient bool) (any, error) {
	if lenient {
		return h.decodeLenient(data, 0)
	}
	return h.decode(data)
}

// decodeAny is decode, falling back to decodeLenient for bytes that are no
// valid encoding (a raw-mode crash, a go test -fuzz input), as the tools
// read files; lenient reports the fallback. A structure-aware go test
// -fuzz input gives the value Harness.Fuzz runs (see fuzzValue).
func (h *engine) decodeAny(data []byte) (v any, lenient bool, err error) {
	if _, _, ok := splitSteps(data); ok {
		v, _, err = h.fuzzValue(data) // a structure-aware go test -fuzz input
		return v, true, err
	}
	if v, err = h.decode(data); err == nil {
		return v, false, nil
	}
	v, err = h.decodeLenient(data, 0)
	return v, true, err
}

// decodeLenient turns any bytes into a valid, post-processed value.
func (h *engine) decodeLenient(data []byte, seed uint64) (any, error) {
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
func (h *engine) lenientValue(data []byte) (any, error) {
	v := h.newValue()
	lenient := h.co
	lenient.Lenient = true
	if err := lenient.Unmarshal(data, v); err != nil {
		return nil, err // only an unsupported type gets here
	}
	return v, nil
}

// run is Harness.Run.
func (h *engine) run(data []byte) int { return h.runAs(data, h.opts.RawBytes) }

// runAs is run, decoding data leniently or strictly.
func (h *engine) runAs(data []byte, lenient bool) int {
	h.stats.runs.Add(1)
	v := h.cached(data)
	if v == nil {
		var err error
		if v, err = h.decodeAs(data, lenient); err != nil {
			h.stats.reject(err)
			return -1
		}
	}
	h.stats.calls.Add(1)
	h.call(v)
	return 0
}

// cached returns the value the mutation pipeline last made, if data is its
// encoding, and forgets it: the target may change the value it is given.
func (h *engine) cached(data []byte) any {
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
func (h *engine) remember(v any, enc []byte) {
	h.last = append(h.last[:0], enc...)
	h.value = v
}

// mutateOut is Harness.Mutate.
func (h *engine) mutateOut(data []byte, maxSize int, seed uint64) []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return bytes.Clone(h.mutate(data, maxSize, seed))
}

// mutateTo is Harness.MutateTo.
func (h *engine) mutateTo(dst, data []byte, seed uint64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return copy(dst, h.mutate(data, len(dst), seed))
}

// mutate is Mutate with h.mu held; the result is h.buf or nil. The
// schedule chooses a typed or a byte-level move (see schedule.go). A hook
// that fails on the way is reported (see HookFailure), never dropped.
func (h *engine) mutate(data []byte, maxSize int, seed uint64) (out []byte) {
	defer h.stats.made(h.stats.begin(), &out)
	h.mustPrepare()
	h.limit.Store(int64(maxSize))
	if !bytes.Equal(data, h.last) {
		h.sched.sawUnit(data) // not the previous result, mutated again
	}
	f := h.sched.choose(famTyped, seed)
	done := false
	if f == famBytes {
		out, done = h.mutateBytes(data, maxSize, seed)
	}
	if !done {
		f, out = famTyped, h.mutateTyped(h.mut, data, maxSize, seed)
	}
	if out != nil {
		h.sched.made(out, f)
	}
	return out
}

// mutateTyped is mutate's typed move: the mutator m (h.mut, or for the
// typed steps of a go test -fuzz input h.stepMut) changes the value.
func (h *engine) mutateTyped(m *mutator.Mutator, data []byte, maxSize int, seed uint64) (out []byte) {
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
	m.Seed(seed)
	h.watch.stage("Mutate", nil)
	var accept func() bool
	if h.hooks.Load() {
		// Post-process each result inside the mutator's attempts: one
		// that PostProcess makes too big is another failed attempt, so
		// a call makes at most mutator.DefaultAttempts of them.
		accept = func() bool {
			pre = m.Encoding()
			h.watch.stage("PostProcess", pre)
			// A change PostProcess undoes (a checksum the mutation
			// broke, say) is another failed attempt, not a result that
			// runs the target on its input again.
			if h.finish(v, maxSize, seed) && !bytes.Equal(h.buf, enc) {
				return true
			}
			pre = nil
			h.watch.stage("Mutate", nil)
			return false
		}
	}
	if err := m.MutateChecked(v, enc, maxSize, accept); err != nil {
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
		h.buf = append(h.buf[:0], m.Encoding()...)
		h.remember(v, h.buf)
	}
	return h.buf
}

// crossOut is Harness.CrossOver.
func (h *engine) crossOut(a, b []byte, maxSize int, seed uint64) []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return bytes.Clone(h.crossOver(a, b, maxSize, seed))
}

// crossTo is Harness.CrossOverTo.
func (h *engine) crossTo(dst, a, b []byte, seed uint64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return copy(dst, h.crossOver(a, b, len(dst), seed))
}

// crossOver is CrossOver with h.mu held; the result is h.buf or nil. The
// schedule chooses a typed crossover or a splice of the encodings (see
// schedule.go). A hook that fails on the way is reported (see
// HookFailure).
func (h *engine) crossOver(a, b []byte, maxSize int, seed uint64) (out []byte) {
	defer h.stats.made(h.stats.begin(), &out)
	h.mustPrepare()
	h.limit.Store(int64(maxSize))
	if !bytes.Equal(a, h.last) {
		h.sched.sawUnit(a)
	}
	h.sched.sawUnit(b) // libFuzzer's second parent is always a corpus unit
	f := h.sched.choose(famCross, seed)
	done := false
	if f == famSplice {
		out, done = h.splice(a, b, maxSize, seed)
	}
	if !done {
		f, out = famCross, h.crossTyped(a, b, maxSize, seed)
	}
	if out != nil {
		h.sched.made(out, f)
	}
	return out
}

// crossTyped is crossOver's typed move: package crossover crosses the
// parents' values.
func (h *engine) crossTyped(a, b []byte, maxSize int, seed uint64) (out []byte) {
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
	if err != nil {
		// Declared here: errors.As makes its target escape, which would
		// cost every crossover an allocation.
		var fault *hookfault.Fault
		if errors.As(err, &fault) {
			panic(fault)
		}
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

// postProcess runs the PostProcess hooks on v, a *T. Their Budget is
// what maxSize leaves, or with maxSize 0 what the latest limit leaves.
func (h *engine) postProcess(v any, seed uint64, maxSize int) error {
	o := h.pp
	o.MaxSize = maxSize
	if maxSize == 0 {
		o.MaxSize = int(h.limit.Load())
	}
	return o.Apply(v, seed)
}

// finish post-processes and encodes a value the pipeline made into h.buf,
// and caches it. It reports false when the result does not fit (in
// maxSize or the memory budget). A value that encoded before
// post-processing and does not after it was broken by a PostProcess hook:
// that panics with a fault naming it.
func (h *engine) finish(v any, maxSize int, seed uint64) bool {
	err := h.postProcess(v, seed, maxSize)
	if err == nil {
		h.buf, err = h.co.Append(h.buf[:0], v)
	}
	if errors.Is(err, codec.ErrMemory) {
		return false // too big, as a result over maxSize is: not a broken one
	}
	if err != nil {
		panic(hookfault.Broken("PostProcess", h.typ, reflect.ValueOf(v).Elem(), err))
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
func (h *engine) unchanged(data []byte, maxSize int, seed uint64) []byte {
	h.value = nil
	_, enc, _, err := h.unit(data, seed)
	if err != nil || len(enc) > maxSize {
		return nil
	}
	h.buf = append(h.buf[:0], enc...)
	return h.buf
}

// unit returns the decoded, post-processed value of data (as decodeLenient
// gives it) and its encoding. shared reports that the value is the
// cache's, to be read and never changed: ownUnit gives a copy to change.
// enc is valid until the next call; it is data itself for a canonical
// unit.
func (h *engine) unit(data []byte, seed uint64) (v any, enc []byte, shared bool, err error) {
	return h.lookUp(data, seed, false)
}

// ownUnit is unit giving a value of the caller's own, which it may change.
func (h *engine) ownUnit(data []byte, seed uint64) (v any, enc []byte, err error) {
	v, enc, shared, err := h.lookUp(data, seed, true)
	if err != nil || !shared {
		return v, enc, err
	}
	c, err := h.copyValue(v)
	return c, enc, err
}

// lookUp is unit; own says the caller will change the value, so a value
// decoded for it is its own, and goes into the cache (as a copy) only when
// admit says so.
func (h *engine) lookUp(data []byte, seed uint64, own bool) (v any, enc []byte, shared bool, err error) {
	cached, hash := h.units.get(data)
	if cached != nil {
		return cached, data, true, nil
	}
	if v, err = h.lenientValue(data); err != nil {
		return nil, nil, false, err
	}
	if len(data) > 0 && bytes.Equal(data, h.last) {
		// The pipeline's own last result, whose value the target took:
		// canonical and post-processed already, so decoding it gives
		// that value again. libFuzzer mutates its result once more after
		// running it, for most calls.
		return v, data, false, nil
	}
	if h.hooks.Load() {
		if err := h.postProcess(v, seed, 0); err != nil {
			return nil, nil, false, err
		}
	}
	h.ubuf, err = h.co.Append(h.ubuf[:0], v)
	if errors.Is(err, codec.ErrMemory) {
		return nil, nil, false, err // PostProcess grew it past the budget
	} else if err != nil {
		panic(hookfault.Broken("PostProcess", h.typ, reflect.ValueOf(v).Elem(), err))
	}
	if !bytes.Equal(h.ubuf, data) {
		return v, h.ubuf, false, nil
	}
	if !own {
		// Cached from its second miss on, as a unit to change is: a
		// corpus larger than the cache would otherwise pay for weighing
		// and caching every unit it reads once.
		if h.units.admit(hash) {
			if mem, _, err := h.co.Memory(v); err == nil {
				h.units.put(hash, data, v, mem)
			}
		}
		return v, data, true, nil // read only, cached or not
	}
	if h.units.admit(hash) {
		mem, _, err := h.co.Memory(v)
		if err == nil && len(data)+mem <= unitMaxWeight {
			if c, err := h.copyValue(v); err == nil {
				h.units.put(hash, data, c, mem)
			}
		}
	}
	return v, data, false, nil
}

// copyValue returns a deep copy of *v. It is the one place the harness
// copies values, through walk.Clone.
func (h *engine) copyValue(v any) (any, error) {
	p, err := plan.For(h.typ)
	if err != nil {
		return nil, err
	}
	c, err := walk.Clone(h.co, p, reflect.ValueOf(v).Elem())
	if err != nil {
		return nil, err
	}
	if c.CanAddr() {
		return c.Addr().Interface(), nil
	}
	out := reflect.New(h.typ)
	out.Elem().Set(c)
	return out.Interface(), nil
}

// failed handles a panic r caught in the pipeline op (h.mu held). For a
// hook's fault it
// forgets the cached value, which the hook left half-changed, builds the
// HookFailure with an input that reproduces it, and hands it to
// Options.OnHookFailure or panics with it.
func (h *engine) failed(op string, r any, a, b []byte, pre []byte, maxSize int, seed uint64) {
	fault, ok := r.(*hookfault.Fault)
	if !ok {
		panic(r) // not a hook's: structfuzz's own bug, or the runtime's
	}
	h.value = nil
	h.last = h.last[:0]
	f := &HookFailure{
		Hook: fault.Hook, Type: fault.Type.String(), Value: fault.Value,
		Panic: fault.Panic, Err: fault.Err, Stack: fault.Stack,
		Op: op, Seed: seed, MaxSize: maxSize,
	}
	switch {
	case fault.Hook == "PostProcess" && pre != nil:
		f.Input = append([]byte(nil), pre...) // pre is the mutator's buffer
	case fault.Hook == "PostProcess" && op == "CrossOver":
		f.Input = h.crossedUnprocessed(a, b, maxSize, seed)
	case fault.Hook == "PostProcess":
		f.Input = h.canonical(a, false)
	default:
		f.Input = h.canonical(a, true)
		if op == "CrossOver" {
			f.Other = h.canonical(b, true)
		}
	}
	if h.opts.OnHookFailure != nil {
		h.opts.OnHookFailure(f)
		return
	}
	panic(f)
}

// canonical returns the encoding of data's lenient decoding,
// post-processed when process is set, or data itself when that fails.
func (h *engine) canonical(data []byte, process bool) (enc []byte) {
	defer func() {
		if recover() != nil {
			enc = append([]byte(nil), data...)
		}
	}()
	var v any
	var err error
	if process {
		v, err = h.decodeLenient(data, 0)
	} else {
		v, err = h.lenientValue(data)
	}
	if err == nil {
		enc, err = h.co.Marshal(v)
	}
	if err != nil {
		return append([]byte(nil), data...)
	}
	return enc
}

// crossedUnprocessed repeats a crossover of a and b whose post-processing
// failed, and returns the child before post-processing: the input whose
// replay runs the failing PostProcess. A crossover that cannot be
// repeated gives the first parent.
func (h *engine) crossedUnprocessed(a, b []byte, maxSize int, seed uint64) (enc []byte) {
	defer func() {
		if recover() != nil {
			enc = h.canonical(a, false)
		}
	}()
	va, err1 := h.decodeLenient(a, seed)
	vb, err2 := h.decodeLenient(b, seed)
	if err := errors.Join(err1, err2); err != nil {
		return h.canonical(a, false)
	}
	if err := (crossover.Options{Codec: h.co}).Cross(va, vb, seed, maxSize); err != nil {
		return h.canonical(a, false)
	}
	enc, err := h.co.Marshal(va)
	if err != nil {
		return h.canonical(a, false)
	}
	return enc
}
