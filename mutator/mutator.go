// Package mutator changes Go values the way a structure-aware fuzzer
// should: each call to Mutate makes one meaningful, valid change to a value
// (a number, a string's bytes, a run of elements inserted, duplicated or
// deleted, a pointer set or cleared, a union switched to another variant,
// ...), chosen uniformly over every candidate in the whole value tree,
// container elements included, so deep structure gets its fair share.
// Leaves often take values the input already holds elsewhere, or words of
// the dictionary (AddDictionary); strings stay mostly valid UTF-8; and
// near the size limit a share of the changes only take away, so values do
// not bloat.
//
// Every change respects the value's type model (internal/plan): `fuzz:` tag
// ranges, lengths, utf8 and oneof, declared enum values, the depth limit of
// recursive types, the size budget (the encoding of the result never
// exceeds the maxSize given to Mutate), and the codec's memory budget (the
// result never needs more memory to decode than codec.Options.MaxMemory
// plus codec.MemoryPerByte bytes per byte of its encoding).
//
// Types customise their mutation with a method
//
//	func (t *T) Mutate(m *mutator.Mutator)
//
// (a value receiver only on a type whose value holds a pointer, slice, map
// or interface, through which the hook can change it; a method named
// Mutate with another signature, or a value receiver on a type that would
// only change a copy, is a type error), or, for types the user does not
// own, with Register. Inside, the hook draws randomness from m.Rand, reads the size
// budget from m.Budget and where the value sits from m.Path (a *Mutator is
// the hook.Context that CrossOver and PostProcess hooks get), and can ask for the built-in mutation of the value
// itself or any part of it with m.MutateValue.
//
// Strings, byte slices and numbers are mutated at the byte level by a
// Leaf. The default, GoLeaf, is pure Go; mutator/libfuzzer plugs in
// libFuzzer's LLVMFuzzerMutate so its comparison tracing and dictionaries
// keep working.
package mutator

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/hook"
	"github.com/structfuzz/structfuzz/internal/hookfault"
	"github.com/structfuzz/structfuzz/internal/hookpath"
	"github.com/structfuzz/structfuzz/internal/hooktime"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/undo"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// ErrNoMutation is returned by Mutate when no attempt changed the encoding
// of the value within maxSize (for example a value with nothing to mutate,
// or a maxSize too small for any change).
var ErrNoMutation = errors.New("mutator: no mutation changes the value within the size limit")

// DefaultAttempts is how many mutations Mutate tries before it gives up.
const DefaultAttempts = 16

// Mutator mutates values. It is deterministic: the same seed, options and
// input value give the same sequence of results. A Mutator is not safe for
// concurrent use; give each goroutine its own.
type Mutator struct {
	src      *rand.PCG
	r        *rand.Rand
	leaf     Leaf
	codec    codec.Options
	attempts int
	regen    bool // WithRegeneration

	budget    int // bytes the current mutation may still add
	hookDepth int // depth of the value whose hook is running
	inHook    int // how many hook calls are running
	// hookRan is the plan of the outermost hook the current attempt
	// called, or nil: a result that does not encode is that hook's fault.
	hookRan *plan.Plan
	// root is the value being mutated, and memUsed what decoding it
	// costs against the codec's memory budget, or -1 until asked (see
	// memFits).
	root    any
	memUsed int
	// memKeep reports that memUsed was measured on the original value
	// (outside a hook, which may have changed it first), so it holds for
	// every attempt: each starts from that value.
	memKeep bool
	orig    []byte
	scratch []byte
	leafBuf []byte
	// counted holds what the latest count recorded (see countAt), for the
	// walk that applies the mutation it chose.
	counted walk.Recorder
	// shrinking restricts the current attempt to changes that make the
	// value smaller (see shrinkShare).
	shrinking bool
	// log records what the current attempt changed (see undo.go); its
	// Temps hold the walks' temporaries.
	log undo.Log
	// path is where the walk applying a mutation is (see Path).
	path hookpath.Stack
}

// Option configures a Mutator.
type Option func(*Mutator)

// WithLeaf sets the byte-level mutator for strings, byte slices and
// numbers. The default is GoLeaf drawing from the Mutator's random source.
func WithLeaf(l Leaf) Option { return func(m *Mutator) { m.leaf = l } }

// WithCodec sets the codec options the values are encoded and decoded
// with (the zero Options by default; Lenient is ignored): its MaxDepth
// bounds recursion, and Mutate never produces a value that strict
// decoding would reject for memory under its MaxMemory. Pass the one
// value every part of a fuzzer uses.
func WithCodec(o codec.Options) Option {
	return func(m *Mutator) {
		m.codec = o
		m.codec.Lenient = false
	}
}

// WithAttempts sets how many mutations Mutate tries before returning
// ErrNoMutation (DefaultAttempts when n <= 0).
func WithAttempts(n int) Option { return func(m *Mutator) { m.attempts = n } }

// WithRegeneration lets Mutate replace the whole value by a fresh one, as
// one more candidate beside the (node, operation) candidates of the tree:
// often while the value is small, rarely once it is large. It helps a
// fuzzer that starts from nothing reach inputs that need several parts
// right at once. The harness turns it on; a Mutator without it changes
// one candidate per mutation.
func WithRegeneration() Option { return func(m *Mutator) { m.regen = true } }

const seedStream = 0x9e3779b97f4a7c15

// New returns a Mutator seeded with seed.
func New(seed uint64, opts ...Option) *Mutator {
	src := rand.NewPCG(seed, seedStream)
	m := &Mutator{src: src, r: rand.New(src)}
	for _, o := range opts {
		o(m)
	}
	if m.leaf == nil {
		m.leaf = GoLeaf{R: m.r}
	}
	if m.attempts <= 0 {
		m.attempts = DefaultAttempts
	}
	return m
}

// Seed restarts the Mutator's random source from seed, as if it were new.
func (m *Mutator) Seed(seed uint64) { m.src.Seed(seed, seedStream) }

// Rand returns the Mutator's random source, for hooks. A *Mutator is a
// hook.Context: Rand, Budget and Path are what CrossOver and PostProcess
// hooks are handed as well.
func (m *Mutator) Rand() *rand.Rand { return m.r }

// Budget returns how many bytes the value being mutated may still grow by
// before its encoding would exceed the limit given to Mutate. Hooks should
// keep their growth within it; Mutate discards a result that does not fit.
func (m *Mutator) Budget() int { return max(m.budget, 0) }

// Path returns where the value whose Mutate hook runs sits in the value
// being mutated, as hook.Context documents: "" for the root, ".Calls[2]"
// for the third element of field Calls. It is built when asked, and
// valid during the hook.
func (m *Mutator) Path() string { return m.path.String() }

// Leaf returns the byte-level mutator in use.
func (m *Mutator) Leaf() Leaf { return m.leaf }

// Mutate changes *ptr in place so that its encoding differs from before
// and is at most maxSize bytes long. It tries up to DefaultAttempts
// mutations (see WithAttempts); a mutation whose result does not encode,
// does not fit or does not change the encoding is undone and another is
// tried. When every attempt fails it returns ErrNoMutation with *ptr
// unchanged.
//
// A Mutate hook that panics is not recovered: the panic carries an error
// that names the hook, its type and the value it was called on. A hook
// whose result does not encode (it breaks a tag of its type: a length,
// a range, an enum) ends the call with an error naming it, *ptr
// unchanged: such a result is a bug in the hook, never silently dropped.
//
// *ptr must encode (codec.Marshal) before the call: values produced by
// codec.UnmarshalLenient always do. A rejected built-in mutation is undone
// in place, exactly; one made by a Mutate hook, which may have changed
// anything below its value, is undone by decoding the original encoding,
// so fields the codec does not encode (unexported or `fuzz:"-"`) are zero
// afterwards.
func (m *Mutator) Mutate(ptr any, maxSize int) error {
	return m.MutateFrom(ptr, nil, maxSize)
}

// MutateFrom is Mutate for a caller that already has the encoding of *ptr
// (enc, as codec.Marshal would give it), which spares encoding it again.
// With a nil enc it is Mutate. enc is not kept or changed.
func (m *Mutator) MutateFrom(ptr any, enc []byte, maxSize int) error {
	return m.MutateChecked(ptr, enc, maxSize, nil)
}

// MutateChecked is MutateFrom with a last say for the caller: when an
// attempt's result encodes, fits in maxSize and differs from the
// original, accept (unless nil) is called, and Encoding holds the
// result's encoding meanwhile. accept may change *ptr further (a
// pipeline post-processes the result in it); returning false rejects the
// result, which counts as a failed attempt: *ptr is restored by decoding
// its original encoding, as accept may have changed anything, and the
// next attempt is made. The attempts of one call, accepted or not, are at
// most DefaultAttempts (see WithAttempts). A panic in accept propagates,
// with *ptr as accept left it.
func (m *Mutator) MutateChecked(ptr any, enc []byte, maxSize int, accept func() bool) error {
	p, v, err := target(ptr)
	if err != nil {
		return err
	}
	if enc != nil {
		m.orig = append(m.orig[:0], enc...)
	} else if m.orig, err = m.codec.Append(m.orig[:0], ptr); err != nil {
		return fmt.Errorf("mutator: the value to mutate does not encode: %w", err)
	}
	m.root = ptr
	defer func() {
		m.root = nil
		m.shrinking = false // also after a hook's panic
		m.path.Truncate(0)
		m.forget()
	}()
	m.memKeep = false
	for range m.attempts {
		m.budget = maxSize - len(m.orig)
		if !m.memKeep {
			m.memUsed = -1
		}
		m.hookRan = nil
		m.forget()
		if share := shrinkShare(len(m.orig), maxSize); share > 0 {
			m.shrinking = m.r.Float64() < share
		}
		m.mutateIn(p, v, 0, false)
		m.shrinking = false
		m.scratch, err = m.codec.Append(m.scratch[:0], ptr)
		ok := err == nil && len(m.scratch) <= maxSize && !bytes.Equal(m.scratch, m.orig)
		full := m.hookRan != nil // a hook may have changed anything
		if ok && accept != nil && !accept() {
			ok, full = false, true
		}
		if ok {
			return nil
		}
		var broken error
		if err != nil && m.hookRan != nil && !errors.Is(err, codec.ErrMemory) {
			// The built-in mutations keep every tag; a hook did not. A
			// value over the memory budget is discarded like one over
			// maxSize: the built-in mutations a hook asks for only
			// estimate the budget (see memFits).
			broken = hookfault.Broken("Mutate", m.hookRan.Type, v, err)
		}
		if !full {
			m.rollback()
		} else if err := m.codec.Unmarshal(m.orig, ptr); err != nil {
			return fmt.Errorf("mutator: internal error: cannot restore the value: %w", err)
		}
		if broken != nil {
			return broken
		}
	}
	return ErrNoMutation
}

// Encoding returns the encoding of the value the last successful Mutate
// or MutateFrom produced. It is valid until the next call of either.
func (m *Mutator) Encoding() []byte { return m.scratch }

// MutateValue applies one built-in mutation inside *ptr, which must be
// the value a Mutate hook was called for or a part of it. The value's own
// hook is bypassed (its parts' hooks are not), so a hook can fall back to
// the built-in mutation of its own value. It reports an error only for an
// unsupported type.
func (m *Mutator) MutateValue(ptr any) error {
	p, v, err := target(ptr)
	if err != nil {
		return err
	}
	m.mutateIn(p, v, m.hookDepth, true)
	return nil
}

func target(ptr any) (*plan.Plan, reflect.Value, error) {
	rv := reflect.ValueOf(ptr)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil, rv, fmt.Errorf("mutator: need a non-nil pointer, got %T", ptr)
	}
	p, err := plan.For(rv.Type().Elem())
	return p, rv.Elem(), err
}

// Register makes fn the mutation of every value of type T, for types the
// user does not own (time.Time, netip.Addr, ...). It takes precedence over
// a Mutate method. Call it from init.
func Register[T any](fn func(*T, *Mutator)) {
	if fn == nil {
		panic(fmt.Sprintf("mutator: Register[%v]: nil function", reflect.TypeFor[T]()))
	}
	wrap := func(v reflect.Value, m *Mutator) { fn(v.Addr().Interface().(*T), m) }
	if err := plan.RegisterHookFunc(reflect.TypeFor[T](), plan.MutateHook, wrap); err != nil {
		panic(err)
	}
}

type hookFunc = func(reflect.Value, *Mutator)

type mutateHook interface{ Mutate(*Mutator) }

// callHook runs the Mutate hook of a value of plan p.
func (m *Mutator) callHook(p *plan.Plan, v reflect.Value, depth int) {
	saved := m.hookDepth
	m.hookDepth = depth
	if m.inHook == 0 {
		m.hookRan = p
		defer hooktime.Add(time.Now())
	}
	m.inHook++
	defer func() {
		m.hookDepth = saved
		m.inHook--
		if r := recover(); r != nil {
			panic(hookfault.Panicked("Mutate", p.Type, v, r))
		}
	}()
	v = walk.Unrestricted(v)
	if fn := p.Hooks.Funcs[plan.MutateHook]; fn != nil {
		fn.(hookFunc)(v, m)
		return
	}
	switch p.Hooks.Mutate {
	case plan.ValueHook:
		v.Interface().(mutateHook).Mutate(m)
	case plan.PointerHook:
		v.Addr().Interface().(mutateHook).Mutate(m)
	}
}

var _ hook.Context = (*Mutator)(nil)
