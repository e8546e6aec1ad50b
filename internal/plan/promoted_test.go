package plan_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/internal/plan"
)

type promInner struct{ X int }

func (p *promInner) PostProcess(r *rand.Rand) {}

type promOuter struct {
	promInner
	Y int
}

type promOwn struct {
	promInner
}

func (p *promOwn) PostProcess(r *rand.Rand) {}

type promValue struct{ X []int } // a value receiver can change X's elements

func (promValue) PostProcess(r *rand.Rand) {}

// A hook method a struct only has by promotion from an embedded field is
// the field's hook, not the struct's; one it declares itself is its own.
func TestPromotedMethodsAreNotHooks(t *testing.T) {
	cases := []struct {
		t    reflect.Type
		want plan.Receiver
	}{
		{reflect.TypeFor[promInner](), plan.PointerHook},
		{reflect.TypeFor[promOuter](), plan.NoHook},
		{reflect.TypeFor[promOwn](), plan.PointerHook},
		{reflect.TypeFor[promValue](), plan.ValueHook},
	}
	for _, c := range cases {
		p, err := plan.For(c.t)
		if err != nil {
			t.Fatal(err)
		}
		if p.Hooks.PostProcess != c.want {
			t.Errorf("%v: PostProcess hook %v, want %v", c.t, p.Hooks.PostProcess, c.want)
		}
	}
}
