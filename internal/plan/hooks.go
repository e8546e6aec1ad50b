package plan

import (
	"fmt"
	"math/rand/v2"
	"reflect"
)

// MutatorPkg and MutatorType name the hook argument of Mutate. The plan
// package cannot import the mutator (the mutator imports it), so the type
// is recognised by name.
const (
	MutatorPkg  = "github.com/structfuzz/structfuzz/mutator"
	MutatorType = "Mutator"
)

var randType = reflect.TypeFor[*rand.Rand]()

// hookSpec describes one hook method: its name and whether a method type
// (receiver excluded) has the expected signature for receiver type t.
type hookSpec struct {
	name string
	sig  string
	ok   func(m reflect.Type, t reflect.Type) bool
}

var hookSpecs = [...]hookSpec{
	{"Mutate", "Mutate(*mutator.Mutator)", func(m, _ reflect.Type) bool {
		if m.NumIn() != 1 || m.NumOut() != 0 {
			return false
		}
		a := m.In(0)
		return a.Kind() == reflect.Pointer && a.Elem().PkgPath() == MutatorPkg && a.Elem().Name() == MutatorType
	}},
	{"CrossOver", "CrossOver(other *T, r *rand.Rand) with math/rand/v2", func(m, t reflect.Type) bool {
		return m.NumIn() == 2 && m.NumOut() == 0 && m.In(0) == reflect.PointerTo(t) && m.In(1) == randType
	}},
	{"PostProcess", "PostProcess(r *rand.Rand) with math/rand/v2", func(m, _ reflect.Type) bool {
		return m.NumIn() == 1 && m.NumOut() == 0 && m.In(0) == randType
	}},
}

// findHooks reports the hook methods of t. A method with a hook's name but
// another signature is not a hook, unless it takes math/rand's (v1) *Rand:
// that is almost certainly a hook written against the wrong package, and
// ignoring it silently would hide the mistake.
func findHooks(t reflect.Type) (Hooks, error) {
	var found [len(hookSpecs)]Receiver
	for i, spec := range hookSpecs {
		for _, recv := range []struct {
			t reflect.Type
			r Receiver
		}{{t, ValueHook}, {reflect.PointerTo(t), PointerHook}} {
			m, ok := recv.t.MethodByName(spec.name)
			if !ok {
				continue
			}
			// Method types from MethodByName include the receiver as In(0);
			// strip it by looking at the function type of m.Func.
			mt := methodType(m)
			if spec.ok(mt, t) {
				found[i] = recv.r
			} else if mentionsRandV1(mt) {
				return Hooks{}, fmt.Errorf("method %s of %v looks like a hook but takes math/rand's *Rand; hooks use math/rand/v2: %s", spec.name, recv.t, spec.sig)
			}
			break
		}
	}
	return Hooks{Mutate: found[0], CrossOver: found[1], PostProcess: found[2]}, nil
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
