package plan

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"

	"github.com/structfuzz/structfuzz/hook"
)

// MutatorPkg and MutatorType name the hook argument of Mutate. The plan
// package cannot import the mutator (the mutator imports it), so the type
// is recognised by name.
const (
	MutatorPkg  = "github.com/structfuzz/structfuzz/mutator"
	MutatorType = "Mutator"
)

var (
	randType    = reflect.TypeFor[*rand.Rand]()
	contextType = reflect.TypeFor[hook.Context]()
)

// hookSpec describes one hook method: its name, the signature it must
// have (shown in errors, with T standing for the type), the older form
// still accepted (empty if none), and whether a method type (receiver
// excluded) has either signature for receiver type t, and which.
type hookSpec struct {
	name  string
	sig   string
	older string
	ok    func(m reflect.Type, t reflect.Type) (ok, ctx bool)
}

var hookSpecs = [...]hookSpec{
	{"Mutate", "func (t *T) Mutate(m *mutator.Mutator)", "", func(m, _ reflect.Type) (bool, bool) {
		if m.NumIn() != 1 || m.NumOut() != 0 || m.IsVariadic() {
			return false, false
		}
		a := m.In(0)
		return a.Kind() == reflect.Pointer && a.Elem().PkgPath() == MutatorPkg && a.Elem().Name() == MutatorType, false
	}},
	{"CrossOver", "func (t *T) CrossOver(other *T, c hook.Context)", "func (t *T) CrossOver(other *T, r *rand.Rand) with math/rand/v2", func(m, t reflect.Type) (bool, bool) {
		if m.NumIn() != 2 || m.NumOut() != 0 || m.IsVariadic() || m.In(0) != reflect.PointerTo(t) {
			return false, false
		}
		return m.In(1) == contextType || m.In(1) == randType, m.In(1) == contextType
	}},
	{"PostProcess", "func (t *T) PostProcess(c hook.Context)", "func (t *T) PostProcess(r *rand.Rand) with math/rand/v2", func(m, _ reflect.Type) (bool, bool) {
		if m.NumIn() != 1 || m.NumOut() != 0 || m.IsVariadic() {
			return false, false
		}
		return m.In(0) == contextType || m.In(0) == randType, m.In(0) == contextType
	}},
}

// HookSignature returns the signature a hook method of kind k must have,
// with T standing for the type, e.g.
// "func (t *T) PostProcess(c hook.Context)".
func HookSignature(k HookKind) string {
	if k < 0 || k >= NumHookKinds {
		return ""
	}
	return hookSpecs[k].sig
}

// HookName returns the method name of hook kind k: "Mutate", "CrossOver"
// or "PostProcess".
func HookName(k HookKind) string {
	if k < 0 || k >= NumHookKinds {
		return "hook?"
	}
	return hookSpecs[k].name
}

// findHooks reports the hook methods of t. A method named like a hook is a
// hook, so one whose signature is not the hook's is an error, which names
// the method found and the signature expected: ignoring it would leave the
// user believing the hook runs. A kind for which a function is registered
// (registered, indexed by HookKind) takes no method, so whatever method of
// that name t has is not looked at: registration is how types the user
// does not own get hooks, and their methods are not written for
// structfuzz.
//
// A method with a value receiver works on a copy; whether the copy can
// change the value is only known once the plan is complete, so compile
// checks that in finish (see valueHooks).
func findHooks(t reflect.Type, registered [NumHookKinds]any) (Hooks, error) {
	var found [len(hookSpecs)]Receiver
	var methods [NumHookKinds]reflect.Value
	var ctx [NumHookKinds]bool
	for i, spec := range hookSpecs {
		if registered[i] != nil {
			continue
		}
		for _, recv := range []struct {
			t reflect.Type
			r Receiver
		}{{t, ValueHook}, {reflect.PointerTo(t), PointerHook}} {
			m, ok := recv.t.MethodByName(spec.name)
			if !ok || promoted(m) {
				continue
			}
			// Method types from MethodByName include the receiver as In(0);
			// strip it by looking at the function type of m.Func.
			mt := methodType(m)
			if ok, c := spec.ok(mt, t); ok {
				found[i], methods[i], ctx[i] = recv.r, m.Func, c
				break
			}
			return Hooks{}, signatureError(spec, recv.t, t, mt)
		}
	}
	return Hooks{Mutate: found[0], CrossOver: found[1], PostProcess: found[2], methods: methods, ctx: ctx}, nil
}

// signatureError explains a method named like a hook whose signature is
// not the hook's.
func signatureError(spec hookSpec, recv, t reflect.Type, mt reflect.Type) error {
	found := "func (" + recv.String() + ") " + spec.name + strings.TrimPrefix(mt.String(), "func")
	want := strings.ReplaceAll(spec.sig, "T", typeName(t))
	msg := fmt.Sprintf("method %s of %v is named like a hook but has the wrong signature; a %s hook must be %s", found, t, spec.name, want)
	if spec.older != "" {
		msg += " (or the older form " + strings.ReplaceAll(spec.older, "T", typeName(t)) + ")"
	}
	if mentionsRandV1(mt) {
		msg += " (it takes math/rand's *Rand; hooks use math/rand/v2)"
	}
	return errors.New(msg + " (or rename the method if it is not meant as a hook)")
}

// valueHookError reports a hook with a value receiver on a type whose
// value holds no reference through which the hook could change it: the
// method works on a copy, and every change it makes is lost. The value
// freezes where it is, which is worse than a hook that does not run,
// since nothing says so. A value that does hold a reference in an encoded
// part (a pointer, slice, map or interface) is allowed a value receiver:
// the hook can change what the reference points to (a map's entries, a
// slice's elements), though not the parts held by value.
func valueHookError(p *Plan) error {
	for k := HookKind(0); k < NumHookKinds; k++ {
		if p.Hooks.Method(k) != ValueHook || p.Hooks.Funcs[k] != nil || canChangeThrough(p, map[*Plan]bool{}) {
			continue
		}
		spec := hookSpecs[k]
		sig := spec.sig
		if !p.Hooks.ctx[k] && spec.older != "" {
			sig = spec.older // the form the method has
		}
		want := strings.ReplaceAll(sig, "T", typeName(p.Type))
		return fail(p.path, "method func (%v) %s has a value receiver, so it changes a copy: %v holds no pointer, slice, map or interface through which the change could reach the value, and every change is lost; declare it on the pointer: %s", p.Type, spec.name, p.Type, want)
	}
	return nil
}

// canChangeThrough reports whether a copy of a value of plan p shares
// memory with the original through an encoded part: a pointer, slice,
// map or interface (which may hold a pointer variant), or, for a type
// that marshals itself, any reference in its memory.
func canChangeThrough(p *Plan, seen map[*Plan]bool) bool {
	if seen[p] {
		return false
	}
	seen[p] = true
	switch p.Kind {
	case Pointer, Slice, Bytes, Map, Union:
		return true
	case Array:
		return p.Len > 0 && canChangeThrough(p.Elem, seen)
	case Struct:
		for _, f := range p.Fields {
			if canChangeThrough(f.Plan, seen) {
				return true
			}
		}
	case Opaque:
		return holdsReference(p.Type, map[reflect.Type]bool{})
	}
	return false
}

// holdsReference reports whether the memory of a value of type t holds a
// reference of any kind, unexported fields included.
func holdsReference(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return true
	case reflect.Array:
		return t.Len() > 0 && holdsReference(t.Elem(), seen)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if holdsReference(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// promoted reports whether m is promoted from an embedded field (or is the
// pointer wrapper of a value method): the compiler generates such methods,
// and a hook of an embedded type is that type's hook, not the outer one's.
// reflect does not say this directly; the generated code's position does.
func promoted(m reflect.Method) bool {
	f := runtime.FuncForPC(m.Func.Pointer())
	if f == nil {
		return false
	}
	file, _ := f.FileLine(f.Entry())
	return file == "<autogenerated>"
}

// methodType returns the signature of m without its receiver.
func methodType(m reflect.Method) reflect.Type {
	ft := m.Type
	in := make([]reflect.Type, 0, ft.NumIn()-1)
	for i := 1; i < ft.NumIn(); i++ {
		in = append(in, ft.In(i))
	}
	out := make([]reflect.Type, 0, ft.NumOut())
	for i := 0; i < ft.NumOut(); i++ {
		out = append(out, ft.Out(i))
	}
	return reflect.FuncOf(in, out, ft.IsVariadic())
}

func mentionsRandV1(ft reflect.Type) bool {
	for i := 0; i < ft.NumIn(); i++ {
		a := ft.In(i)
		if a.Kind() == reflect.Pointer && a.Elem().PkgPath() == "math/rand" && a.Elem().Name() == "Rand" {
			return true
		}
	}
	return false
}

// enumMethod calls the EnumValues method of a named integer type, if it has
// one of the form `func (T) EnumValues() []T`, and returns the values as raw
// patterns. It returns nil, nil when there is no such method.
func enumMethod(t reflect.Type) (vals []uint64, err error) {
	m, ok := t.MethodByName("EnumValues")
	if !ok {
		return nil, nil
	}
	mt := methodType(m)
	if mt.NumIn() != 0 || mt.NumOut() != 1 || mt.Out(0) != reflect.SliceOf(t) {
		return nil, nil
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v.EnumValues panicked: %v", t, r)
		}
	}()
	out := m.Func.Call([]reflect.Value{reflect.Zero(t)})[0]
	if out.Len() == 0 {
		return nil, fmt.Errorf("%v.EnumValues returned no values", t)
	}
	unsigned := t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uintptr
	for i := 0; i < out.Len(); i++ {
		if unsigned {
			vals = append(vals, out.Index(i).Uint())
		} else {
			vals = append(vals, uint64(out.Index(i).Int()))
		}
	}
	return vals, nil
}
