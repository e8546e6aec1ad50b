package crossover

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// kHooked has a CrossOver hook: one candidate, in charge of its subtree,
// whose string would have donors of its own (cDoc's notes).
type kHooked struct {
	Xs   []uint8 `fuzz:"maxlen=3"`
	Note string
}

func (k *kHooked) CrossOver(other *kHooked, r *rand.Rand) { k.Xs = append(k.Xs[:0:0], other.Xs...) }

// kShapes adds arrays, an unexported embedded struct and a hooked type
// to the shapes of uTree (unions by value and by pointer, in slices and
// map values, maps, pointers).
type kShapes struct {
	kEmbedded
	Tree   uTree
	Arr    [2]cItem
	Hooked []kHooked `fuzz:"maxlen=2"`
}

type kEmbedded struct{ E []int16 }

// kCase is one first parent of the count tests: its candidates counted
// (and recorded) against the donors of a second parent.
type kCase struct {
	seed uint64
	p    *plan.Plan
	x    *crosser
	a    *kShapes
	v    reflect.Value // *a
	n    int
	orig []byte // a's encoding
}

// apply applies candidate k with the given records (nil: the walk that
// visits every node), returns whether it was applied and the result's
// encoding, and restores the first parent.
func (c *kCase) apply(t *testing.T, k int, recs []walk.Rec) (bool, []byte) {
	t.Helper()
	w := walker{x: c.x, target: k, root: true, recs: walk.NewCursor(recs)}
	hit := w.node(c.p, c.v)
	out, err := codec.Marshal(c.a)
	if err != nil {
		t.Fatalf("seed %d, candidate %d: the child does not encode: %v", c.seed, k, err)
	}
	c.x.log.Forget()
	if err := codec.Unmarshal(c.orig, c.a); err != nil {
		t.Fatal(err)
	}
	return hit, out
}

// eachCase runs f on the first parents of 60 seeds.
func eachCase(t *testing.T, f func(c *kCase)) {
	p, err := plan.For(reflect.TypeFor[kShapes]())
	if err != nil {
		t.Fatal(err)
	}
	for seed := range uint64(60) {
		var a, b kShapes
		mutated(t, seed, 40, 900, &a, &b)
		orig, err := codec.Marshal(&a)
		if err != nil {
			t.Fatal(err)
		}
		x := crosserFor(seed, p, reflect.ValueOf(&b).Elem())
		c := &kCase{seed: seed, p: p, x: x, a: &a, v: reflect.ValueOf(&a).Elem(), orig: orig}
		c.n = x.candidates(p, c.v)
		f(c)
		x.release()
	}
}

// The crossover count reads memory, the walk that applies a crossover
// reads reflect.Values: every candidate counted is one that walk applies,
// and the one after the last is not.
func TestCountMatchesTheWalk(t *testing.T) {
	checked := 0
	eachCase(t, func(c *kCase) {
		for k := range c.n + 1 {
			if hit, _ := c.apply(t, k, nil); hit != (k < c.n) {
				t.Fatalf("seed %d: %d candidates counted; the walk applying candidate %d reports %v", c.seed, c.n, k, hit)
			}
			checked++
		}
	})
	if checked < 1000 {
		t.Fatalf("only %d candidates checked", checked)
	}
	t.Logf("%d candidates checked", checked)
}

// The walk that applies a crossover passes subtrees by the count's
// records: it makes byte for byte the crossover the walk that visits every
// node makes, for every candidate.
func TestRecordsApplyTheSameCrossover(t *testing.T) {
	compared := 0
	eachCase(t, func(c *kCase) {
		if len(c.x.counted.Recs) == 0 {
			t.Fatal("the count kept no records")
		}
		for k := range c.n {
			var out [2][]byte
			for i, recs := range [][]walk.Rec{nil, c.x.counted.Recs} {
				c.x.src.Seed(c.seed, uint64(k)) // the same donors both times
				var hit bool
				if hit, out[i] = c.apply(t, k, recs); !hit {
					t.Fatalf("seed %d: candidate %d of %d not applied (records %v)", c.seed, k, c.n, recs != nil)
				}
			}
			if string(out[0]) != string(out[1]) {
				t.Fatalf("seed %d, candidate %d of %d: the walk by records made another crossover", c.seed, k, c.n)
			}
			compared++
		}
	})
	t.Logf("%d crossovers compared", compared)
}
