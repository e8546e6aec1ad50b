package postprocess_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/postprocess"
)

// sigSum repairs a checksum, but with a value receiver: the repair lands
// on a copy and the value keeps its bad checksum.
type sigSum struct {
	Data [4]byte
	Sum  uint8
}

func (s sigSum) PostProcess(r *rand.Rand) { s.Sum = s.Data[0] ^ s.Data[1] ^ s.Data[2] ^ s.Data[3] }

type sigFrame struct{ Parts []sigSum }

// sigNoRand forgot the argument.
type sigNoRand struct{ N int }

func (n *sigNoRand) PostProcess() { n.N = 0 }

// sigSlice has a value receiver, but its value is a slice: the hook can
// change the elements, so it is accepted.
type sigSlice []uint8

func (s sigSlice) PostProcess(r *rand.Rand) {
	for i := range s {
		s[i] = 7
	}
}

func TestApplyRejectsMisdeclaredHooks(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want []string // nil: Apply succeeds
	}{
		{"value receiver on a flat type", &sigFrame{Parts: []sigSum{{}}}, []string{"sigFrame.Parts[]:", "func (postprocess_test.sigSum) PostProcess has a value receiver", "func (t *sigSum) PostProcess(r *rand.Rand)"}},
		{"no argument", &sigNoRand{N: 3}, []string{"sigNoRand:", "PostProcess()", "wrong signature", "func (t *sigNoRand) PostProcess(r *rand.Rand) with math/rand/v2"}},
		{"value receiver on a slice", &sigSlice{1, 2}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := postprocess.Apply(tt.v, 1)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if s := *tt.v.(*sigSlice); s[0] != 7 || s[1] != 7 {
					t.Fatalf("the hook did not change the elements: %v", s)
				}
				return
			}
			if !errors.Is(err, codec.ErrUnsupportedType) {
				t.Fatalf("Apply = %v, want an ErrUnsupportedType", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}
