// Package crossover breeds a child from two values of the same type: a
// sub-value of the first parent is replaced by a donor of the same type
// from the second, a donor element is inserted into a collection, or the
// fields of a struct are mixed. Donors are deep copies, so the child shares
// nothing with the second parent.
//
// A domain type takes over crossover of its values with a method
//
//	func (t *T) CrossOver(other *T, c hook.Context)
//
// and Register gives the same to types the user does not own. The hook
// receives a deep copy of a donor value from the other parent, and a
// hook.Context: the random source to draw from, the bytes the child may
// still grow by, and where in the value the hook runs. The older form
// CrossOver(other *T, r *rand.Rand), with math/rand/v2, is still accepted.
package crossover

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/hook"
	"github.com/structfuzz/structfuzz/internal/hookfault"
	"github.com/structfuzz/structfuzz/internal/hookpath"
	"github.com/structfuzz/structfuzz/internal/hooktime"
	"github.com/structfuzz/structfuzz/internal/mapord"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/undo"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// ErrNoChild is returned by Cross when no child different from both
// parents fits within maxSize (for example when the parents are equal).
// dst is left unchanged.
var ErrNoChild = errors.New("crossover: no child differs from both parents within the size limit")

// Attempts is how many crossovers Cross tries before it gives up.
const Attempts = 16

// Options configure crossover. The zero value uses the codec's defaults.
type Options struct {
	// Codec holds the codec options the values are encoded and decoded
	// with (its Lenient field is ignored): its MaxDepth bounds recursion,
	// and no child is made that needs more memory to decode than its
	// MaxMemory allows. Pass the one value every part of a fuzzer uses.
	Codec codec.Options
}

// Cross makes *dst a child of *dst and *src (pointers to the same type),
// deterministically for a given seed, whose encoding is at most maxSize
// bytes and differs from both parents' encodings. When no attempt finds
// such a child it returns ErrNoChild with *dst unchanged. Both values must
// encode (codec.Marshal) before the call.
//
// A CrossOver hook that panics is not recovered: the panic carries an
// error naming the hook, its type and the value. A hook whose result
// breaks its type's tags ends the call with an error naming it, *dst
// unchanged.
//
// *dst is changed in place, and so is anything it shares with other values
// (a map or slice backing array it aliases): pass a value of its own, as
// decoding gives. *src is only read; the child shares nothing with it.
func Cross[T any](dst, src *T, seed uint64, maxSize int) error {
	return Options{}.Cross(dst, src, seed, maxSize)
}

// Cross is the package-level Cross with options, for values whose type is
// known only at run time: dst and src must be non-nil pointers to values
// of one type, or Cross returns an error saying which is not.
func (o Options) Cross(dst, src any, seed uint64, maxSize int) error {
	_, err := o.CrossFrom(dst, src, nil, nil, seed, maxSize, nil)
	return err
}

// CrossFrom is Cross for a caller that already has the parents'
// encodings (dstEnc and srcEnc, as codec.Marshal gives them; either may
// be nil to have it computed), which spares encoding them again, and that
// needs the child's encoding: it is appended to buf and returned. On
// error the returned slice is buf, and *dst is unchanged. Neither
// encoding is kept or changed.
func (o Options) CrossFrom(dst, src any, dstEnc, srcEnc []byte, seed uint64, maxSize int, buf []byte) ([]byte, error) {
	dv, sv := reflect.ValueOf(dst), reflect.ValueOf(src)
	if dv.Kind() != reflect.Pointer || dv.IsNil() || sv.Kind() != reflect.Pointer || sv.IsNil() {
		return buf, fmt.Errorf("crossover: need two non-nil pointers, got %T and %T", dst, src)
	}
	if dv.Type() != sv.Type() {
		return buf, fmt.Errorf("crossover: parents of different types %T and %T", dst, src)
	}
	p, err := plan.For(dv.Type().Elem())
	if err != nil {
		return buf, err
	}
	co := o.Codec
	co.Lenient = false
	x := crossers.Get().(*crosser)
	defer x.release()
	orig, other := dstEnc, srcEnc
	if orig == nil {
		if x.orig, err = co.Append(x.orig[:0], dst); err != nil {
			return buf, fmt.Errorf("crossover: the first parent does not encode: %w", err)
		}
		orig = x.orig
	}
	if other == nil {
		if x.other, err = co.Append(x.other[:0], src); err != nil {
			return buf, fmt.Errorf("crossover: the second parent does not encode: %w", err)
		}
		other = x.other
	}
	if bytes.Equal(orig, other) {
		return buf, ErrNoChild
	}
	x.src.Seed(seed, 0x2545f4914f6cdd1d)
	x.codec = co
	x.budget = max(maxSize-len(orig), 0)
	x.collect(p, sv.Elem())
	start := len(buf)
	out := buf
	n := x.candidates(p, dv.Elem())
	if n == 0 {
		return buf, ErrNoChild
	}
	for range Attempts {
		x.hookRan, x.same = nil, false
		x.log.Forget()
		x.crossIn(p, dv.Elem(), n)
		if x.same {
			continue // a donor replaced its equal: the first parent still
		}
		out, err = co.Append(out[:start], dst)
		child := out[start:]
		if err == nil && len(child) <= maxSize && !bytes.Equal(child, orig) && !bytes.Equal(child, other) {
			return out, nil
		}
		if err == nil && bytes.Equal(child, orig) {
			continue // the value is the first parent still
		}
		if x.hookRan == nil {
			// The built-in crossovers are logged: undo this one alone.
			x.log.Rollback()
			continue
		}
		var broken error
		if err != nil {
			// The built-in crossover keeps every tag; a hook did not.
			broken = hookfault.Broken("CrossOver", x.hookRan.Type, dv.Elem(), err)
		}
		// A hook may have changed anything: restore by decoding.
		if err := co.Unmarshal(orig, dst); err != nil {
			return out[:start], fmt.Errorf("crossover: internal error: cannot restore the value: %w", err)
		}
		if broken != nil {
			return out[:start], broken
		}
	}
	return out[:start], ErrNoChild
}

// Register makes fn the crossover of values of type T, for types the user
// does not own. fn receives the value to change and a deep copy of a donor
// of the same type from the other parent. It takes precedence over a
// CrossOver method. Call it from init.
func Register[T any](fn func(dst, donor *T, c hook.Context)) {
	if fn == nil {
		panic(fmt.Sprintf("crossover: Register[%v]: nil function", reflect.TypeFor[T]()))
	}
	wrap := func(dst, donor reflect.Value, c hook.Context) {
		fn(dst.Addr().Interface().(*T), donor.Addr().Interface().(*T), c)
	}
	if err := plan.RegisterHookFunc(reflect.TypeFor[T](), plan.CrossOverHook, wrap); err != nil {
		panic(err)
	}
}

type hookFunc = func(dst, donor reflect.Value, c hook.Context)

type crosser struct {
	// hookRan is the plan of the outermost CrossOver hook the current
	// attempt called, or nil: a child that does not encode is its fault.
	hookRan *plan.Plan
	inHook  int
	// same reports that the current attempt chose to replace a value (or
	// fields) by a donor's equal to it (walk.Same), and so changed
	// nothing.
	same bool
	mix  []int // the fields an opMix takes from its donor
	// mixed holds the copies of those fields while an opMix sets them.
	mixed []reflect.Value
	src   *rand.PCG
	r     *rand.Rand
	rv    reflect.Value // r, as the argument of an older hook method
	cv    reflect.Value // the crosser as a hook.Context, for a hook method
	codec codec.Options
	// budget is how many bytes the first parent's encoding may grow by
	// within the size limit; path is where the walk applying a crossover
	// is (hook.Context's Budget and Path).
	budget int
	path   hookpath.Stack
	// donors holds the second parent's sub-values by the ID of their base
	// plan, in walk order; used lists the IDs that have any.
	donors [][]reflect.Value
	used   []int
	// orig and other hold the parents' encodings when the caller has
	// not given them, kept from one Cross to the next for their room.
	orig, other []byte
	// log records what the current attempt changed, to undo it alone
	// when it is rejected; its Temps hold the copies the walks make, and
	// kept the map entries among the donors, for the whole Cross.
	log  undo.Log
	kept []mapord.Mark
	// counted holds what the count of the first parent recorded (see
	// countAt), for the walks that apply crossovers to it; nothing when
	// the count went through reflect.
	counted walk.Recorder
}

// maxScratch bounds the room for temporaries a pooled crosser keeps.
const maxScratch = 64 << 10

// crossers keeps crossers, their donor lists above all, from one Cross to
// the next: a fuzzer crosses values of the same types over and over.
var crossers = sync.Pool{New: func() any {
	src := rand.NewPCG(0, 0)
	r := rand.New(src)
	x := &crosser{src: src, r: r, rv: reflect.ValueOf(r)}
	var c hook.Context = x
	x.cv = reflect.ValueOf(&c).Elem()
	return x
}}

// Rand returns the random source of the Cross (hook.Context).
func (x *crosser) Rand() *rand.Rand { return x.r }

// Budget returns how many bytes the child may grow by, from the first
// parent's size, within the limit of the Cross (hook.Context).
func (x *crosser) Budget() int { return x.budget }

// Path returns where the crossover is applied (hook.Context).
func (x *crosser) Path() string { return x.path.String() }

// release empties the donor lists, keeping their room, and returns x to
// the pool.
func (x *crosser) release() {
	x.log.Forget()
	for _, mark := range x.kept {
		x.log.Temps.Release(mark)
	}
	x.kept = x.kept[:0]
	x.log.Temps.Trim(maxScratch)
	for _, id := range x.used {
		clear(x.donors[id])
		x.donors[id] = x.donors[id][:0]
	}
	x.used = x.used[:0]
	x.hookRan, x.inHook, x.same = nil, 0, false
	x.path.Truncate(0)
	crossers.Put(x)
}

// of returns the donors of p's type.
func (x *crosser) of(p *plan.Plan) []reflect.Value {
	if p.ID < len(x.donors) {
		return x.donors[p.ID]
	}
	return nil
}

// collect records every sub-value of the second parent as a donor for its
// type. Donor values may be unaddressable: they are only read and cloned.
// The second parent encodes, so it is within the depth limit.
func (x *crosser) collect(p *plan.Plan, v reflect.Value) {
	if p.ID >= len(x.donors) {
		x.donors = append(x.donors, make([][]reflect.Value, p.ID+1-len(x.donors))...)
	}
	if len(x.donors[p.ID]) == 0 {
		x.used = append(x.used, p.ID)
	}
	x.donors[p.ID] = append(x.donors[p.ID], v)
	if p.Hooks.Has(plan.CrossOverHook) {
		return
	}
	switch p.Kind {
	case plan.Struct:
		for _, f := range p.Fields {
			x.collect(f.Plan, v.Field(f.Index))
		}
	case plan.Array, plan.Slice:
		for i := 0; i < v.Len(); i++ {
			x.collect(p.Elem, v.Index(i))
		}
	case plan.Map:
		entries, mark, _ := x.log.Temps.Sorted(v, walk.KeyEncoder(x.codec))
		x.kept = append(x.kept, mark)
		for _, e := range entries {
			x.collect(p.Key, e.K)
			x.collect(p.Elem, e.V)
		}
	case plan.Pointer:
		if !v.IsNil() {
			x.collect(p.Elem, v.Elem())
		}
	case plan.Union:
		if !v.IsNil() {
			if vr := p.VariantIndex(v.Elem().Type()); vr >= 0 {
				x.collect(p.Variants[vr].Plan, v.Elem())
			}
		}
	}
}

// The kinds of crossover at one node of the first parent.
type op uint8

const (
	opReplace op = iota // the node becomes a donor of its type
	opInsert            // a donor element joins the collection
	opMix               // each field from this struct or a donor
	opHook              // the type's CrossOver hook, with a donor
)

// candidates counts the (node, operation) candidates of crossover in v.
// The count depends only on v's encoding (lengths, presence, variants)
// and the donors, so it holds for every attempt of one Cross: an attempt
// either is undone or leaves a value that encodes as before.
func (x *crosser) candidates(p *plan.Plan, v reflect.Value) int {
	x.counted.Reset()
	if v.CanAddr() {
		return x.countAt(p, v.Addr().UnsafePointer(), true)
	}
	count := walker{x: x, target: -1, root: true}
	count.node(p, v)
	return count.n
}

// crossIn applies one crossover in v, chosen uniformly over its n
// candidates (n > 0).
func (x *crosser) crossIn(p *plan.Plan, v reflect.Value, n int) {
	apply := walker{x: x, target: x.r.IntN(n), root: true}
	if x.counted.Usable(n) {
		apply.recs = walk.NewCursor(x.counted.Recs)
	}
	apply.node(p, v)
}

type walker struct {
	x      *crosser
	target int
	n      int
	root   bool // the next node is the root of the value
	// recs, when the walk applies a crossover, follows the count's
	// records of the nodes (off where it kept none).
	recs walk.Cursor
}

func (w *walker) take(k int) (int, bool) {
	if w.target >= w.n && w.target < w.n+k {
		return w.target - w.n, true
	}
	w.n += k
	return 0, false
}

// opsFor lists the crossovers of a node; length is the length of a
// slice or map (what the node's value decides). Replacing the root by the second
// parent's root would only copy that parent, so the root is replaced only
// by other donors of its type (the subtrees of a recursive type).
func (x *crosser) opsFor(p *plan.Plan, length int, root bool, ops []op) []op {
	if n := len(x.of(p)); n > 0 {
		if p.Hooks.Has(plan.CrossOverHook) {
			return append(ops, opHook)
		}
		if !root || n > 1 {
			ops = append(ops, opReplace)
		}
		if p.Kind == plan.Struct && len(p.Fields) > 1 {
			ops = append(ops, opMix)
		}
	}
	switch p.Kind {
	case plan.Slice:
		if length < p.Limits.MaxLen && len(x.of(p.Elem)) > 0 {
			ops = append(ops, opInsert)
		}
	case plan.Map:
		if length < p.Limits.MaxLen && len(x.of(p)) > 0 {
			ops = append(ops, opInsert)
		}
	}
	return ops
}

// node visits v; it returns true once the chosen crossover was applied.
// A walk that applies passes a node whose record says the chosen
// candidate is not inside without visiting it.
func (w *walker) node(p *plan.Plan, v reflect.Value) bool {
	if !w.recs.On() {
		return w.visit(p, v)
	}
	if w.passes() {
		return false
	}
	_, saved := w.recs.Enter()
	hit := w.visit(p, v)
	w.recs.Leave(saved)
	return hit
}

// passes passes the next node by its record when the chosen candidate is
// not inside it, before the walk reaches the node's value or its path.
func (w *walker) passes() bool {
	if w.recs.Pass(w.target, &w.n) {
		w.root = false
		return true
	}
	return false
}

// visit is node's visit of v.
func (w *walker) visit(p *plan.Plan, v reflect.Value) bool {
	v = walk.Unrestricted(v)
	var buf [4]op
	root := w.root
	w.root = false
	length := 0
	if p.Kind == plan.Slice || p.Kind == plan.Map {
		length = v.Len()
	}
	ops := w.x.opsFor(p, length, root, buf[:0])
	if i, hit := w.take(len(ops)); hit {
		if ops[i] == opReplace && root {
			w.x.replaceRoot(p, v)
		} else {
			w.x.apply(p, v, ops[i])
		}
		return true
	}
	if p.Hooks.Has(plan.CrossOverHook) {
		return false
	}
	switch p.Kind {
	case plan.Struct:
		for i := range p.Fields {
			f := &p.Fields[i]
			if !w.passes() && w.field(f.Plan, v.Field(f.Index), f.Name) {
				return true
			}
		}
	case plan.Array, plan.Slice:
		for i := 0; i < v.Len(); i++ {
			if !w.passes() && w.elem(p.Elem, v.Index(i), i) {
				return true
			}
		}
	case plan.Pointer:
		if !v.IsNil() {
			return w.node(p.Elem, v.Elem())
		}
	case plan.Map:
		// Values only: a crossed-over key could collide with another.
		// The entries and copies are temporaries, held until the end of
		// the attempt when the crossover is inside (the log may point
		// into them), given back at once otherwise.
		tm := &w.x.log.Temps
		if w.target < 0 {
			// Counting only reads, in any order: no sorting.
			entries, mark, _ := tm.Sorted(v, nil)
			for _, e := range entries {
				w.node(p.Elem, e.V)
			}
			tm.Release(mark)
			return false
		}
		entries, mark, _ := tm.Sorted(v, walk.KeyEncoder(w.x.codec))
		for i, e := range entries {
			tv, vm := tm.Temp(p.Elem.Type)
			tv.Set(e.V)
			w.x.path.Entry(i, e.K)
			hit := w.node(p.Elem, tv)
			w.x.path.Pop()
			if hit {
				w.x.log.ReplaceEntry(v, entries, i, e.K, tv)
				w.x.log.Hold(vm, mark)
				return true
			}
			tm.Release(vm)
		}
		tm.Release(mark)
	case plan.Union:
		if v.IsNil() {
			return false
		}
		ev := v.Elem()
		vr := p.VariantIndex(ev.Type())
		if vr < 0 {
			return false
		}
		if w.target < 0 {
			return w.node(p.Variants[vr].Plan, ev) // counting only reads
		}
		// The content of an interface is not addressable: work on a
		// temporary copy, stored back when the crossover is inside.
		tmp, mark := w.x.log.Temps.Temp(ev.Type())
		tmp.Set(ev)
		w.x.path.Variant(p.Variants[vr].Name)
		hit := w.node(p.Variants[vr].Plan, tmp)
		w.x.path.Pop()
		if hit {
			w.x.log.Slot(v)
			v.Set(tmp)
			w.x.log.Hold(mark)
			return true
		}
		w.x.log.Temps.Release(mark)
	}
	return false
}

// field visits the struct field v named name; the walk that applies a
// crossover keeps its path (hook.Context's Path), the one that counts
// does not need it.
func (w *walker) field(p *plan.Plan, v reflect.Value, name string) bool {
	if w.target < 0 {
		return w.node(p, v)
	}
	w.x.path.Field(name)
	return w.popAfter(w.node(p, v))
}

// elem visits element i of an array or slice, as field does a field.
func (w *walker) elem(p *plan.Plan, v reflect.Value, i int) bool {
	if w.target < 0 {
		return w.node(p, v)
	}
	w.x.path.Index(i)
	return w.popAfter(w.node(p, v))
}

// popAfter leaves the path segment the visit whose result is hit entered.
func (w *walker) popAfter(hit bool) bool {
	w.x.path.Pop()
	return hit
}

// replaceRoot replaces the root by a donor other than the second parent's
// root, which is the first donor collected.
func (x *crosser) replaceRoot(p *plan.Plan, v reflect.Value) {
	x.replace(p, v, x.of(p)[1:])
}

// replace replaces v by a copy of one of the donors ds, unless that donor
// is the same as v: then the attempt changed nothing, and says so.
func (x *crosser) replace(p *plan.Plan, v reflect.Value, ds []reflect.Value) {
	d := ds[x.r.IntN(len(ds))]
	if walk.Same(p, v, d) {
		x.same = true
		return
	}
	if c, ok := x.copyOf(p, d); ok {
		x.log.Slot(v)
		v.Set(c)
	}
}

// donor returns a deep copy of a random donor for plan p, or false.
func (x *crosser) donor(p *plan.Plan) (reflect.Value, bool) {
	ds := x.of(p)
	if len(ds) == 0 {
		return reflect.Value{}, false
	}
	return x.copyOf(p, ds[x.r.IntN(len(ds))])
}

// copyOf returns what setting a value of plan p from the donor d needs: d
// itself when a plain copy of it is a deep one (a Flat plan: scalars,
// strings and structs and arrays of them) and it may be read, otherwise a
// deep copy made by walk.Clone. Flat donors are the common case at the
// leaves, where a clone would cost an allocation for a few bytes.
func (x *crosser) copyOf(p *plan.Plan, d reflect.Value) (reflect.Value, bool) {
	if p.Flat {
		if d.CanInterface() {
			return d, true
		}
		if d.CanAddr() {
			return walk.Unrestricted(d), true
		}
	}
	c, err := walk.Clone(x.codec, p, d)
	return c, err == nil
}

func (x *crosser) apply(p *plan.Plan, v reflect.Value, o op) {
	switch o {
	case opReplace:
		if ds := x.of(p); len(ds) > 0 {
			x.replace(p, v, ds)
		}
	case opHook:
		d, ok := x.donor(p)
		if !ok {
			return
		}
		dp := reflect.New(p.Type)
		dp.Elem().Set(d)
		x.callHook(p, v, dp.Elem())
	case opMix:
		ds := x.of(p)
		if len(ds) == 0 {
			return
		}
		// Each field from the donor or not, at even odds; fields the
		// same in both need no copy, and when every chosen one is the
		// same the attempt changed nothing.
		d := ds[x.r.IntN(len(ds))]
		x.mix = x.mix[:0]
		for i, f := range p.Fields {
			if x.r.IntN(2) == 0 && !walk.Same(f.Plan, v.Field(f.Index), d.Field(f.Index)) {
				x.mix = append(x.mix, i)
			}
		}
		if len(x.mix) == 0 {
			x.same = true
			return
		}
		// Copies of the chosen fields alone, all made before the value
		// changes: a field that cannot be copied leaves it as it was.
		copies := x.mixed[:0]
		for _, i := range x.mix {
			f := &p.Fields[i]
			c, ok := x.copyOf(f.Plan, d.Field(f.Index))
			if !ok {
				clear(copies)
				x.mixed = copies[:0]
				return
			}
			copies = append(copies, c)
		}
		x.log.Slot(v)
		for j, i := range x.mix {
			walk.Unrestricted(v.Field(p.Fields[i].Index)).Set(copies[j])
		}
		clear(copies)
		x.mixed = copies[:0]
	case opInsert:
		x.insert(p, v)
	}
}

// insert adds a donor element to a slice, or the entries of a donor map
// that the map lacks (one at random) to a map.
func (x *crosser) insert(p *plan.Plan, v reflect.Value) {
	if p.Kind == plan.Map {
		d, ok := x.donor(p)
		if !ok || d.Len() == 0 {
			return
		}
		entries := walk.Entries(x.codec, p, d)
		e := entries[x.r.IntN(len(entries))]
		if v.IsNil() {
			x.log.Slot(v)
			v.Set(reflect.MakeMap(p.Type))
		}
		x.log.SetEntry(v, e.K, e.V) // the key may be there: the undo knows
		return
	}
	d, ok := x.donor(p.Elem)
	if !ok {
		return
	}
	x.log.Slot(v)
	walk.InsertAt(v, x.r.IntN(v.Len()+1), d)
}

func (x *crosser) callHook(p *plan.Plan, v, donor reflect.Value) {
	if x.inHook == 0 {
		x.hookRan = p
		defer hooktime.Add(time.Now())
	}
	x.inHook++
	defer func() {
		x.inHook--
		if r := recover(); r != nil {
			panic(hookfault.Panicked("CrossOver", p.Type, v, r))
		}
	}()
	if fn := p.Hooks.Funcs[plan.CrossOverHook]; fn != nil {
		fn.(hookFunc)(v, donor, x)
		return
	}
	// The method was looked up when the plan was compiled; its function
	// takes the receiver first.
	recv := v
	if p.Hooks.CrossOver == plan.PointerHook {
		recv = v.Addr()
	}
	arg := x.cv
	if !p.Hooks.TakesContext(plan.CrossOverHook) {
		arg = x.rv
	}
	args := [3]reflect.Value{recv, donor.Addr(), arg}
	p.Hooks.MethodFunc(plan.CrossOverHook).Call(args[:])
}

var _ hook.Context = (*crosser)(nil)
