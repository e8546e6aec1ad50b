package crossover

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
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

// The crossover count reads memory, the walk that applies a crossover
// reads reflect.Values: every candidate counted is one that walk applies,
// and the one after the last is not.
func TestCountMatchesTheWalk(t *testing.T) {
	p, err := plan.For(reflect.TypeFor[kShapes]())
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for seed := range uint64(60) {
		var a, b kShapes
		mutated(t, seed, 40, 900, &a, &b)
		orig, err := codec.Marshal(&a)
		if err != nil {
			t.Fatal(err)
		}
		x := crosserFor(seed, p, reflect.ValueOf(&b).Elem())
		v := reflect.ValueOf(&a).Elem()
		n := x.candidates(p, v)
		for k := range n + 1 {
			apply := walker{x: x, target: k, root: true}
			hit := apply.node(p, v)
			x.log.Forget()
			if err := codec.Unmarshal(orig, &a); err != nil {
				t.Fatal(err)
			}
			if hit != (k < n) {
				t.Fatalf("seed %d: %d candidates counted; the walk applying candidate %d reports %v", seed, n, k, hit)
			}
			checked++
		}
		x.release()
	}
	if checked < 1000 {
		t.Fatalf("only %d candidates checked", checked)
	}
	t.Logf("%d candidates checked", checked)
}

// The walk that applies a crossover passes subtrees by the count's
// records: it makes byte for byte the crossover the walk that visits every
// node makes, for every candidate.
func TestRecordsApplyTheSameCrossover(t *testing.T) {
	p, err := plan.For(reflect.TypeFor[kShapes]())
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for seed := range uint64(60) {
		var a, b kShapes
		mutated(t, seed, 40, 900, &a, &b)
		orig, err := codec.Marshal(&a)
		if err != nil {
			t.Fatal(err)
		}
		x := crosserFor(seed, p, reflect.ValueOf(&b).Elem())
		v := reflect.ValueOf(&a).Elem()
		n := x.candidates(p, v)
		if len(x.recs) == 0 {
			t.Fatal("the count kept no records")
		}
		for k := range n {
			var out [2][]byte
			for i, recs := range [][]rec{nil, x.recs} {
				x.src.Seed(seed, uint64(k)) // the same donors both times
				apply := walker{x: x, target: k, root: true, recs: recs}
				if !apply.node(p, v) {
					t.Fatalf("seed %d: candidate %d of %d not applied (records %v)", seed, k, n, recs != nil)
				}
				out[i], err = codec.Marshal(&a)
				x.log.Forget()
				if err2 := codec.Unmarshal(orig, &a); err2 != nil {
					t.Fatal(err2)
				}
			}
			if string(out[0]) != string(out[1]) {
				t.Fatalf("seed %d, candidate %d of %d: the walk by records made another crossover", seed, k, n)
			}
			compared++
		}
		x.release()
	}
	t.Logf("%d crossovers compared", compared)
}
