package postprocess

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/hook"
	"github.com/structfuzz/structfuzz/internal/hookfault"
	"github.com/structfuzz/structfuzz/internal/hookpath"
	"github.com/structfuzz/structfuzz/internal/hooktime"
	"github.com/structfuzz/structfuzz/internal/mapord"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// streamID is the second PCG word: together with the seed it fixes the
// random stream the hooks of one Apply draw from.
const streamID = 0x706f737470726f63 // "postproc"

// hookFunc is the form in which Register stores a function in the plan's
// hook registry. v is an addressable value of the registered type whose
// address may be taken with Interface.
type hookFunc = func(v reflect.Value, c hook.Context)

// Register makes fn the post-processing hook of values of type T, for
// types whose methods you cannot add (time.Time, netip.Addr, a type from
// another module) or whose method you want to replace: a registered
// function takes precedence over a PostProcess method of T. fn gets a
// pointer to the value in place and the walk's hook.Context, and follows
// the rules of a PostProcess method (see the package comment).
//
// T may also be a pointer or an interface type: fn then runs after the
// hooks of the pointed-to value or of the union's content, and also for a
// nil pointer or interface, which it may replace. A later registration for
// the same T replaces the earlier one.
//
// Register panics if fn is nil. Call it from init: a registration makes
// the shared type model recompile every type, and an Apply already under
// way keeps the hooks it started with.
func Register[T any](fn func(*T, hook.Context)) {
	if fn == nil {
		panic(fmt.Sprintf("postprocess: Register[%v]: nil function", reflect.TypeFor[T]()))
	}
	t := reflect.TypeFor[T]()
	var wrap hookFunc = func(v reflect.Value, c hook.Context) {
		fn(v.Addr().Interface().(*T), c)
	}
	if err := plan.RegisterHookFunc(t, plan.PostProcessHook, wrap); err != nil {
		panic(err)
	}
}

// Options configure Apply. The zero value uses the codec's defaults.
// Options are plain values; share them freely.
type Options struct {
	// Codec holds the codec options the values are encoded and decoded
	// with. Its MaxDepth (see codec.Options.MaxDepthOrDefault) bounds
	// the walk as it bounds the codec: the optional steps around a cycle
	// of the type (a non-nil pointer, a non-empty collection, a non-nil
	// union) on one path, so a cyclic value is an error, never a stack
	// overflow. Pass the one value every part of a fuzzer uses.
	Codec codec.Options

	// MaxSize is the size limit of the encoding the caller will make of
	// the result, as hooks see it through hook.Context's Budget; 0 for
	// none. Apply does not enforce it: a result over it is the caller's
	// to discard.
	MaxSize int
}

// Apply post-processes *ptr with the default Options. See Options.Apply.
func Apply(ptr any, seed uint64) error { return Options{}.Apply(ptr, seed) }

// Apply calls every PostProcess hook in *ptr, innermost first (see the
// package comment for the order), and every function registered with
// Register for a type in it. All hooks share one *rand.Rand seeded from
// seed, so Apply is deterministic for a given seed and value.
//
// ptr must be a non-nil pointer to a type the codec supports. Apply reports
// an error, wrapping the codec's sentinel, for a value nested deeper than
// the depth limit or cyclic (codec.ErrDepth), a union holding an
// unregistered dynamic type (codec.ErrUnionTag), or a map whose keys do
// not encode, or encode identically (codec.ErrMapKeys or the key's own
// encoding error); the value may then be partly post-processed. Only the
// parts of the value that can reach a hook are visited, so a value with no
// hook is neither walked nor checked. Panics of hooks propagate.
func (o Options) Apply(ptr any, seed uint64) error {
	rv := reflect.ValueOf(ptr)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("postprocess: Apply needs a non-nil pointer, got %T", ptr)
	}
	rv = rv.Elem()
	p, err := plan.For(rv.Type())
	if err != nil {
		return err
	}
	n := nodeFor(p)
	if n == nil {
		return nil
	}
	w := walkers.Get().(*walker)
	defer func() {
		w.maps.Trim(maxScratch)
		w.path.Truncate(0)
		w.root = reflect.Value{}
		walkers.Put(w)
	}()
	w.maxDepth = o.Codec.MaxDepthOrDefault()
	w.maxSize, w.root = o.MaxSize, rv
	w.pcg.Seed(seed, streamID)
	if err := w.value(n, rv, 0); err != nil {
		return finish(err, p.Name)
	}
	return nil
}

// walker is the state of one Apply, and the hook.Context of its hooks.
// Walkers are pooled: the Context and its *rand.Rand handed to hooks are
// only valid during the call.
type walker struct {
	maxDepth int
	maxSize  int
	root     reflect.Value // the value Apply was given, for Budget
	pcg      rand.PCG
	r        *rand.Rand     // draws from pcg
	maps     mapord.Scratch // the entries of the maps being walked
	path     hookpath.Stack // from the root to the value being walked
}

// Rand returns the walk's random source (hook.Context).
func (w *walker) Rand() *rand.Rand { return w.r }

// Budget returns how many bytes the root's encoding may grow by before
// it exceeds Options.MaxSize (hook.Context). It encodes the root as it
// is, hooks so far applied, so it costs one Size of the value.
func (w *walker) Budget() int {
	if w.maxSize <= 0 {
		return math.MaxInt
	}
	n, err := codec.Options{MaxDepth: w.maxDepth}.Size(w.root.Addr().Interface())
	if err != nil {
		return 0
	}
	return max(w.maxSize-n, 0)
}

// Path returns where the value being post-processed sits (hook.Context).
func (w *walker) Path() string { return w.path.String() }

var walkers = sync.Pool{New: func() any {
	w := new(walker)
	w.r = rand.New(&w.pcg)
	return w
}}

// value post-processes v, an addressable value of n's plan, at the given
// depth: first everything inside it that reaches a hook, then its own
// hook.
func (w *walker) value(n *node, v reflect.Value, depth int) error {
	p := n.p
	switch p.Kind {
	case plan.Struct:
		for i := range n.fields {
			f := &n.fields[i]
			w.path.Field(f.name)
			err := w.value(f.n, v.Field(f.index), depth)
			w.path.Pop()
			if err != nil {
				return at(err, "."+f.name)
			}
		}
	case plan.Array:
		if n.elem != nil {
			for i := 0; i < p.Len; i++ {
				w.path.Index(i)
				err := w.value(n.elem, v.Index(i), depth)
				w.path.Pop()
				if err != nil {
					return at(err, "["+strconv.Itoa(i)+"]")
				}
			}
		}
	case plan.Slice, plan.Bytes:
		if l := v.Len(); l > 0 && n.elem != nil {
			d, err := w.deeper(p.DepthElem, depth)
			if err != nil {
				return err
			}
			for i := 0; i < l; i++ {
				w.path.Index(i)
				err := w.value(n.elem, v.Index(i), d)
				w.path.Pop()
				if err != nil {
					return at(err, "["+strconv.Itoa(i)+"]")
				}
			}
		}
	case plan.Pointer:
		if n.elem != nil && !v.IsNil() {
			d, err := w.deeper(p.DepthElem, depth)
			if err != nil {
				return err
			}
			if err := w.value(n.elem, v.Elem(), d); err != nil {
				return err
			}
		}
	case plan.Map:
		if n.elem != nil && v.Len() > 0 {
			if err := w.mapValues(n, v, depth); err != nil {
				return err
			}
		}
	case plan.Union:
		if !v.IsNil() {
			if err := w.union(n, v, depth); err != nil {
				return err
			}
		}
	}
	if n.fn != nil || n.method {
		w.hook(n, v)
	}
	return nil
}

// deeper returns the depth below a step that may count toward the limit
// (plan.Deeper), or an error past the limit.
func (w *walker) deeper(counts bool, depth int) (int, error) {
	d, ok := plan.Deeper(counts, depth, w.maxDepth)
	if !ok {
		return depth, &walkError{err: codec.ErrDepth, detail: fmt.Sprintf("deeper than %d (a cyclic value?)", w.maxDepth)}
	}
	return d, nil
}

// hook calls the hook of n on v: the registered function, or else the
// method.
func (w *walker) hook(n *node, v reflect.Value) {
	defer hooktime.Add(time.Now())
	v = walk.Unrestricted(v)
	defer func() {
		if r := recover(); r != nil {
			panic(hookfault.Panicked("PostProcess", n.p.Type, v, r))
		}
	}()
	if n.fn != nil {
		n.fn(v, w)
		return
	}
	// Every value the walk reaches is addressable, and the method set of
	// *T holds the value-receiver methods of T as well.
	if n.p.Hooks.TakesContext(plan.PostProcessHook) {
		v.Addr().Interface().(postProcessor).PostProcess(w)
		return
	}
	v.Addr().Interface().(randPostProcessor).PostProcess(w.r)
}

type (
	postProcessor     interface{ PostProcess(hook.Context) }
	randPostProcessor interface{ PostProcess(*rand.Rand) } // the older form
)

// union post-processes the content of a non-nil union. Interface contents
// are not addressable: a non-pointer variant is copied out, processed and
// stored back.
func (w *walker) union(n *node, v reflect.Value, depth int) error {
	p := n.p
	ev := v.Elem()
	i := p.VariantIndex(ev.Type())
	if i < 0 {
		return &walkError{err: codec.ErrUnionTag, detail: fmt.Sprintf("%v is not a registered variant of %v", ev.Type(), p.Type)}
	}
	vr, vn := &p.Variants[i], n.variants[i]
	if vn == nil {
		return nil
	}
	d, err := w.deeper(vr.Depth, depth)
	if err != nil {
		return at(err, ".("+vr.Name+")")
	}
	w.path.Variant(vr.Name)
	defer w.path.Pop()
	if ev.Kind() == reflect.Pointer {
		return at(w.value(vn, ev, d), ".("+vr.Name+")")
	}
	cp := reflect.New(ev.Type()).Elem()
	cp.Set(ev)
	if err := w.value(vn, cp, d); err != nil {
		return at(err, ".("+vr.Name+")")
	}
	v.Set(cp)
	return nil
}

// maxScratch bounds the map scratch a pooled walker keeps.
const maxScratch = 64 << 10

// mapValues post-processes the values of a non-empty map in the order of
// their keys' encodings, the order the codec writes them. Map values are
// not addressable: they are copied out, processed and stored back.
func (w *walker) mapValues(n *node, v reflect.Value, depth int) error {
	p := n.p
	d, err := w.deeper(p.DepthElem, depth)
	if err != nil {
		return err
	}
	copts := codec.Options{MaxDepth: w.maxDepth}
	entries, mark, err := w.maps.Sorted(v, func(buf []byte, i int, k reflect.Value) ([]byte, error) {
		buf, err := copts.Append(buf, k.Addr().Interface())
		if err != nil {
			return buf, at(&walkError{err: err, detail: "cannot order the map entries"}, "[key#"+strconv.Itoa(i)+"]")
		}
		return buf, nil
	})
	defer w.maps.Release(mark)
	if err != nil {
		return err
	}
	if j := mapord.Duplicate(entries); j >= 0 {
		return at(&walkError{err: codec.ErrMapKeys, detail: "two keys encode identically (NaN keys?)"}, "[key#"+strconv.Itoa(j)+"]")
	}
	nan := false // a key unequal to itself cannot be looked up
	for j, e := range entries {
		nan = nan || !e.K.Equal(e.K)
		w.path.Entry(j, e.K)
		err := w.value(n.elem, e.V, d)
		w.path.Pop()
		if err != nil {
			return at(err, "[value#"+strconv.Itoa(j)+"]")
		}
	}
	if nan {
		// SetMapIndex with a NaN key adds an entry instead of replacing
		// one; rebuild the same map (other references to it see the
		// change) from the processed entries.
		v.Clear()
	}
	for _, e := range entries {
		v.SetMapIndex(e.K, e.V)
	}
	return nil
}

// walkError is an error of the walk; its path is built while the walk
// unwinds.
type walkError struct {
	err    error // a codec sentinel or a codec error
	detail string
	path   string
	segs   []string // innermost first
}

// Error implements error.
func (e *walkError) Error() string {
	var b strings.Builder
	b.WriteString("postprocess: ")
	b.WriteString(e.path)
	b.WriteString(": ")
	b.WriteString(e.err.Error())
	if e.detail != "" {
		b.WriteString(": ")
		b.WriteString(e.detail)
	}
	return b.String()
}

// Unwrap returns the sentinel error.
func (e *walkError) Unwrap() error { return e.err }

// at prepends a path segment to an error of the walk.
func at(err error, seg string) error {
	if e, ok := err.(*walkError); ok {
		e.segs = append(e.segs, seg)
	}
	return err
}

// finish completes the path of an error at the top of the walk. A long
// path (a cyclic value) shows both ends.
func finish(err error, root string) error {
	e, ok := err.(*walkError)
	if !ok {
		return err
	}
	e.path = plan.JoinPath(root, e.segs)
	e.segs = nil
	return e
}

var _ hook.Context = (*walker)(nil)
