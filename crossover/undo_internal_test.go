package crossover

import (
	"bytes"
	"math"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
)

// Types for the undo test, prefixed u: unions whose variants are held by
// value with a slice inside (the walk's copy shares its backing array with
// the original), by pointer, in slices and as map values; and a map keyed
// by floats, where NaN keys cannot be looked up.
type uCU interface{ isUCU() }

type uList struct {
	Xs []int8 `fuzz:"maxlen=5"`
}

type uBox struct{ N uint16 }

func (uList) isUCU() {}
func (*uBox) isUCU() {}

type uTree struct {
	Doc cDoc
	U   uCU
	Us  []uCU          `fuzz:"maxlen=4"`
	M   map[string]uCU `fuzz:"maxlen=3"`
	F   map[float64]uint8
}

func init() { codec.RegisterUnion[uCU](uList{}, &uBox{}) }

// Every crossover, applied at every candidate and undone from the log,
// leaves the first parent deep-equal to before and encoding the same.
func TestUndoEveryCrossover(t *testing.T) {
	p, err := plan.For(reflect.TypeFor[uTree]())
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for seed := range uint64(40) {
		var a, b uTree
		mutated(t, seed, 30, 700, &a, &b)
		if seed%4 == 0 {
			// NaN keys, which lookups cannot find.
			if a.F == nil {
				a.F = map[float64]uint8{}
			}
			a.F[math.Float64frombits(0x7ff8_0000_0000_0abc+seed)] = 1 // a NaN of its own bits
			a.F[2] = 2
		}
		orig, err := codec.Marshal(&a)
		if err != nil {
			t.Fatal(err)
		}
		before := func() *uTree {
			var c uTree
			if err := codec.Unmarshal(orig, &c); err != nil {
				t.Fatal(err)
			}
			return &c
		}
		x := crosserFor(seed, p, reflect.ValueOf(&b).Elem())
		v := reflect.ValueOf(&a).Elem()
		n := x.candidates(p, v)
		for k := range n {
			want := before()
			apply := walker{x: x, target: k, root: true}
			apply.node(p, v)
			if out, err := codec.Marshal(&a); err != nil || !bytes.Equal(out, orig) {
				changed++
			}
			x.log.Rollback()
			after, err := codec.Marshal(&a)
			if err != nil || !bytes.Equal(after, orig) {
				ja, _ := codec.MarshalReadable(&a)
				jw, _ := codec.MarshalReadable(want)
				t.Fatalf("seed %d candidate %d of %d: after undo\n%s\nwant\n%s (%v)", seed, k, n, ja, jw, err)
			}
			if !sameTree(&a, want) {
				t.Fatalf("seed %d candidate %d of %d: value after undo\n%#v, want\n%#v", seed, k, n, a, *want)
			}
		}
		x.release()
	}
	if changed == 0 {
		t.Fatal("no crossover changed the value: the test tests nothing")
	}
	t.Logf("%d crossovers undone", changed)
}

// sameTree is DeepEqual, with the NaN keys of F compared by count (a NaN
// is unequal to itself, so DeepEqual never holds for them).
func sameTree(a, b *uTree) bool {
	nan := func(m map[float64]uint8) (map[float64]uint8, int) {
		out, n := map[float64]uint8{}, 0
		for k, v := range m {
			if k != k {
				n += int(v) + 1
				continue
			}
			out[k] = v
		}
		if m == nil {
			out = nil
		}
		return out, n
	}
	fa, na := nan(a.F)
	fb, nb := nan(b.F)
	ca, cb := *a, *b
	ca.F, cb.F = fa, fb
	return na == nb && reflect.DeepEqual(ca, cb)
}
