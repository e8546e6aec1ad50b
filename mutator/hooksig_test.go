package mutator_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
)

// The frozen field: a Mutate hook with a value receiver on a type
// with no reference field ran 5,177 times and never changed the value.
type sigTemp struct{ Celsius int16 }

func (v sigTemp) Mutate(m *mutator.Mutator) { v.Celsius = int16(m.Rand().IntN(100)) }

type sigReading struct {
	Station string
	T       sigTemp
}

// A Mutate written against math/rand/v2 instead of the Mutator.
type sigWrong struct{ N uint8 }

func (w *sigWrong) Mutate(r *rand.Rand) { w.N = uint8(r.Uint32()) }

type sigWrongHolder struct{ W []sigWrong }

// A Mutate hook that returns something.
type sigReturns struct{ N uint8 }

func (s *sigReturns) Mutate(m *mutator.Mutator) error { s.N++; return nil }

// Mutating a value whose type has a misdeclared Mutate method is an error
// naming the path, the method and the expected signature; before, the
// method was silently ignored (or ran on a copy) and mutation went on.
func TestMutateRejectsMisdeclaredHooks(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want []string
	}{
		{"value receiver freezes", &sigReading{}, []string{"sigReading.T:", "func (mutator_test.sigTemp) Mutate has a value receiver", "func (t *sigTemp) Mutate(m *mutator.Mutator)"}},
		{"takes *rand.Rand", &sigWrongHolder{W: []sigWrong{{1}}}, []string{"sigWrongHolder.W[]:", "Mutate(*rand.Rand)", "func (t *sigWrong) Mutate(m *mutator.Mutator)"}},
		{"returns an error", &sigReturns{}, []string{"sigReturns:", "Mutate(*mutator.Mutator) error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := mutator.New(1).Mutate(tt.v, 64)
			if !errors.Is(err, codec.ErrUnsupportedType) {
				t.Fatalf("Mutate = %v, want an ErrUnsupportedType", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}
