package plan

import (
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
)

// The registries and the plan cache. Registration and compilation are rare
// and serialised by mu; lookups of compiled plans are lock-free.
var (
	mu     sync.Mutex
	unions = map[reflect.Type][]reflect.Type{} // interface -> variants in tag order
	enums  = map[reflect.Type][]uint64{}       // named integer -> declared values
	funcs  = map[reflect.Type][NumHookKinds]any{}
	cache  atomic.Pointer[sync.Map] // reflect.Type -> *entry
)

type entry struct {
	t    reflect.Type
	plan *Plan
	err  error
}

func init() { cache.Store(new(sync.Map)) }

// invalidate drops every cached plan: a registration can change how any
// type that reaches the registered one compiles. Plans already handed out
// stay valid for the registrations they were compiled under.
func invalidate() {
	cache.Store(new(sync.Map))
	last[0].Store(nil)
	last[1].Store(nil)
}

// last remembers the two most recent lookups: a fuzzer looks up a few
// types over and over (a value and, say, the elements it clones), and a
// pointer comparison is cheaper than a map.
// A lookup racing with a registration may leave an entry of the old cache
// here; its plan stays valid for the registrations it was compiled under,
// and registrations belong in init anyway.
var last [2]atomic.Pointer[entry]

// MaxVariants is the number of variants one union can hold: tags are
// uint16 and tag 0 is nil.
const MaxVariants = 0xFFFF

// RegisterUnion appends variants to the union of interface type iface. The
// order of registration fixes the tags, so appending keeps existing
// encodings valid.
func RegisterUnion(iface reflect.Type, variants []reflect.Type) error {
	if iface == nil || iface.Kind() != reflect.Interface {
		return fmt.Errorf("structfuzz: RegisterUnion: %v is not an interface type", iface)
	}
	mu.Lock()
	defer mu.Unlock()
	have := unions[iface]
	seen := make(map[reflect.Type]bool, len(have)+len(variants))
	for _, t := range have {
		seen[t] = true
	}
	next := append([]reflect.Type(nil), have...)
	for _, t := range variants {
		switch {
		case t == nil:
			return fmt.Errorf("structfuzz: RegisterUnion[%v]: a variant is a nil interface; pass a value of the variant type", iface)
		case t.Kind() == reflect.Interface:
			return fmt.Errorf("structfuzz: RegisterUnion[%v]: variant %v is an interface type", iface, t)
		case !t.Implements(iface):
			return fmt.Errorf("structfuzz: RegisterUnion[%v]: %v does not implement it", iface, t)
		case seen[t]:
			return fmt.Errorf("structfuzz: RegisterUnion[%v]: %v is registered twice", iface, t)
		}
		seen[t] = true
		next = append(next, t)
	}
	if len(next) > MaxVariants {
		return fmt.Errorf("structfuzz: RegisterUnion[%v]: %d variants, at most %d", iface, len(next), MaxVariants)
	}
	unions[iface] = next
	invalidate()
	return nil
}

// RegisterEnum declares the valid values of the named integer type t, as raw
// 64-bit patterns (signed values sign-extended). Decoding and mutation keep
// values of t inside this set. A second registration replaces the first.
func RegisterEnum(t reflect.Type, values []uint64) error {
	if t == nil || !isInteger(t.Kind()) {
		return fmt.Errorf("structfuzz: RegisterEnum: %v is not an integer type", t)
	}
	if t.Name() == "" || t.PkgPath() == "" {
		// A predeclared type (int, uint8, ...) has a name but no package:
		// declaring its values would constrain every integer of that
		// kind in the program.
		return fmt.Errorf("structfuzz: RegisterEnum: %v is not a named type", t)
	}
	if len(values) == 0 {
		return fmt.Errorf("structfuzz: RegisterEnum[%v]: no values", t)
	}
	mu.Lock()
	defer mu.Unlock()
	enums[t] = append([]uint64(nil), values...)
	invalidate()
	return nil
}

// RegisterHookFunc registers fn as the hook of kind k for values of type t,
// replacing any earlier registration. Each hook package decides the type
// of fn and asserts it back.
func RegisterHookFunc(t reflect.Type, k HookKind, fn any) error {
	if t == nil || k < 0 || k >= NumHookKinds || fn == nil {
		return fmt.Errorf("structfuzz: RegisterHookFunc: bad arguments (%v, %d)", t, k)
	}
	mu.Lock()
	defer mu.Unlock()
	f := funcs[t]
	f[k] = fn
	funcs[t] = f
	invalidate()
	return nil
}

func isInteger(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

// For returns the plan of t, compiling and caching it on first use. It is
// safe for concurrent use.
func For(t reflect.Type) (*Plan, error) {
	for i := range last {
		if l := last[i].Load(); l != nil && l.t == t {
			return l.plan, l.err
		}
	}
	c := cache.Load()
	if e, ok := c.Load(t); ok {
		ent := e.(*entry)
		last[1].Store(last[0].Load())
		last[0].Store(ent)
		return ent.plan, ent.err
	}
	return compileRoot(t)
}

func compileRoot(t reflect.Type) (*Plan, error) {
	mu.Lock()
	defer mu.Unlock()
	c := cache.Load()
	if e, ok := c.Load(t); ok {
		ent := e.(*entry)
		return ent.plan, ent.err
	}
	comp := &compiler{cache: c, fresh: map[reflect.Type]*Plan{}, mine: map[*Plan]bool{}}
	p, err := comp.compile(t, typeName(t))
	if err == nil {
		err = comp.finish()
	}
	if err != nil {
		c.Store(t, &entry{t: t, err: err})
		return nil, err
	}
	for typ, fp := range comp.fresh {
		c.Store(typ, &entry{t: typ, plan: fp})
	}
	return p, nil
}
