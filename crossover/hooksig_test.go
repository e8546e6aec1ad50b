package crossover_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/crossover"
)

// sigGene's CrossOver has a value receiver and nothing shared: the child
// it makes is lost.
type sigGene struct{ A, B uint16 }

func (g sigGene) CrossOver(other *sigGene, r *rand.Rand) { g.A = other.A }

type sigGenome struct{ Genes [2]sigGene }

// sigOther's CrossOver takes the other parent by value.
type sigOther struct{ A uint16 }

func (g *sigOther) CrossOver(other sigOther, r *rand.Rand) { g.A = other.A }

func TestCrossRejectsMisdeclaredHooks(t *testing.T) {
	tests := []struct {
		name     string
		dst, src any
		want     []string
	}{
		{"value receiver", &sigGenome{}, &sigGenome{Genes: [2]sigGene{{1, 2}, {3, 4}}}, []string{"sigGenome.Genes[]:", "func (crossover_test.sigGene) CrossOver has a value receiver", "func (t *sigGene) CrossOver(other *sigGene, r *rand.Rand)"}},
		{"other by value", &sigOther{}, &sigOther{A: 1}, []string{"sigOther:", "CrossOver(crossover_test.sigOther, *rand.Rand)", "func (t *sigOther) CrossOver(other *sigOther, r *rand.Rand)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := crossover.Options{}.Cross(tt.dst, tt.src, 1, 64)
			if !errors.Is(err, codec.ErrUnsupportedType) {
				t.Fatalf("Cross = %v, want an ErrUnsupportedType", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}
