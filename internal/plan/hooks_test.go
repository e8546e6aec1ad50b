package plan_test

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/mutator"
)

// The case: a Mutate hook with a value receiver on a type with no
// reference field. The hook ran 5,177 times and the field never changed.
type Temp struct{ Celsius int16 }

func (v Temp) Mutate(m *mutator.Mutator) { v.Celsius = int16(m.Rand().IntN(100)) }

type Reading struct {
	Station string
	Temps   []Temp
}

// A value receiver on a type holding references can change the value
// through them: accepted.
type (
	Counts map[string]uint32
	Cell   struct{ P *int }
	Row    struct{ Cells []int }
)

func (c Counts) Mutate(m *mutator.Mutator) { c["x"]++ }
func (c Cell) Mutate(m *mutator.Mutator) {
	if c.P != nil {
		*c.P++
	}
}
func (r Row) PostProcess(*rand.Rand) {}

// Wrong signatures of Mutate.
type (
	mutNoArg   struct{ A int }
	mutReturns struct{ A int }
	mutTwoArgs struct{ A int }
	mutValueM  struct{ A int }
)

func (*mutNoArg) Mutate()                            {}
func (*mutReturns) Mutate(m *mutator.Mutator) bool   { return false }
func (*mutTwoArgs) Mutate(m *mutator.Mutator, n int) {}
func (*mutValueM) Mutate(m mutator.Mutator)          {}

// Foreign stands for a type the user does not own, whose method named
// PostProcess is not a hook; a registered function makes it exempt.
type Foreign struct{ N int }

func (*Foreign) PostProcess(verbose bool) {}

// ForeignReg is Foreign with a registered PostProcess function.
type ForeignReg struct{ N int }

func (*ForeignReg) PostProcess(verbose bool) {}

func TestHookSignatureErrors(t *testing.T) {
	tests := []struct {
		name string
		typ  reflect.Type
		path string
		errs []string // empty: compiles
	}{
		{"value Mutate freezes", reflect.TypeFor[Reading](), "Reading.Temps[]", []string{
			"method func (plan_test.Temp) Mutate has a value receiver",
			"every change is lost",
			"func (t *Temp) Mutate(m *mutator.Mutator)"}},
		{"value Mutate on a map", reflect.TypeFor[Counts](), "", nil},
		{"value Mutate through a pointer", reflect.TypeFor[Cell](), "", nil},
		{"value PostProcess through a slice", reflect.TypeFor[Row](), "", nil},
		{"Mutate without argument", reflect.TypeFor[mutNoArg](), "mutNoArg", []string{
			"method func (*plan_test.mutNoArg) Mutate() of plan_test.mutNoArg", "func (t *mutNoArg) Mutate(m *mutator.Mutator)"}},
		{"Mutate with a result", reflect.TypeFor[mutReturns](), "mutReturns", []string{"Mutate(*mutator.Mutator) bool", "wrong signature"}},
		{"Mutate with two arguments", reflect.TypeFor[mutTwoArgs](), "mutTwoArgs", []string{"Mutate(*mutator.Mutator, int)"}},
		{"Mutate taking a Mutator by value", reflect.TypeFor[mutValueM](), "mutValueM", []string{"Mutate(mutator.Mutator)"}},
		{"foreign method", reflect.TypeFor[Foreign](), "Foreign", []string{"PostProcess(bool)", "or rename the method"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := plan.For(tt.typ)
			if len(tt.errs) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if !p.Hooks.Has(plan.MutateHook) && !p.Hooks.Has(plan.PostProcessHook) {
					t.Fatalf("no hook found: %+v", p.Hooks)
				}
				return
			}
			var pe *plan.Error
			if !errors.As(err, &pe) || pe.Path != tt.path {
				t.Fatalf("For = %v, want a *plan.Error at %s", err, tt.path)
			}
			for _, want := range tt.errs {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q\nlacks %q", err, want)
				}
			}
		})
	}
}

// A function registered for a type takes the place of its method: the
// method is not looked at, whatever its signature.
func TestRegisteredHookExemptsMethod(t *testing.T) {
	fn := func(v reflect.Value, r *rand.Rand) {}
	if err := plan.RegisterHookFunc(reflect.TypeFor[ForeignReg](), plan.PostProcessHook, fn); err != nil {
		t.Fatal(err)
	}
	p, err := plan.For(reflect.TypeFor[ForeignReg]())
	if err != nil {
		t.Fatal(err)
	}
	if p.Hooks.PostProcess != plan.NoHook || !p.Hooks.Has(plan.PostProcessHook) {
		t.Fatalf("hooks %+v: want the registered function only", p.Hooks)
	}
}

func TestHookSignature(t *testing.T) {
	for k, want := range map[plan.HookKind]string{
		plan.MutateHook:      "func (t *T) Mutate(m *mutator.Mutator)",
		plan.CrossOverHook:   "func (t *T) CrossOver(other *T, c hook.Context)",
		plan.PostProcessHook: "func (t *T) PostProcess(c hook.Context)",
	} {
		if got := plan.HookSignature(k); got != want {
			t.Errorf("HookSignature(%d) = %q, want %q", k, got, want)
		}
	}
	if plan.HookName(plan.CrossOverHook) != "CrossOver" {
		t.Error("HookName(CrossOverHook)")
	}
}
