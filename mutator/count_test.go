package mutator

import (
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// cEmbedded is reached through an unexported embedded field.
type cEmbedded struct{ E []int16 }

// cHooked owns its values through a Mutate hook, weighted by its subtree.
type cHooked struct {
	Xs []uint8 `fuzz:"maxlen=4"`
	P  *mFlat
}

func (h *cHooked) Mutate(m *Mutator) { _ = m.MutateValue(h) }

// cConst is hooked and has no candidate of its own below it: the hook is
// still one.
type cConst struct {
	N uint8 `fuzz:"min=3,max=3"`
}

func (c *cConst) Mutate(*Mutator) { c.N = 3 }

// cShapes has every kind of node the counting walk reads through memory.
type cShapes struct {
	cEmbedded
	Node   mNode
	Ptrs   [2]*mFlat
	Hooked []cHooked `fuzz:"maxlen=3"`
	Bytes  []byte    `fuzz:"maxlen=5"`
	Alts   []mAlt    `fuzz:"maxlen=3"`
	Deep   *cShapes
	Fixed  [3]mFlat
	Sized  []int32 `fuzz:"minlen=1,maxlen=3"`
	Const  cConst
	// Maps whose entries have counts that depend on their values.
	Bags  map[uint8][]uint16 `fuzz:"maxlen=4"`
	Kinds map[string]mAlt    `fuzz:"maxlen=3"`
}

// The counting walk reads memory, the walk that applies a mutation reads
// reflect.Values: for every value, budget, depth and mode, the candidates
// counted are exactly those the applying walk reaches. The last counted
// one is reached (the count is not too high) and the one after it is not
// (not too low), and so are candidates between. Small depth limits put the limit inside the values, where
// the operations a node has depend on its depth.
func TestCountMatchesTheWalk(t *testing.T) {
	p := planOf[cShapes](t)
	reached := func(m *Mutator, v *cShapes, target int) bool {
		enc, err := codec.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		c := new(cShapes)
		if err := codec.Unmarshal(enc, c); err != nil {
			t.Fatal(err)
		}
		// Applying a mutation uses up budget: each check starts afresh.
		budget, shrinking := m.budget, m.shrinking
		m.root, m.memUsed = c, -1
		w := walker{m: m, target: target}
		hit := w.node(p, reflect.ValueOf(c).Elem(), 0, false)
		m.forget()
		m.budget, m.shrinking = budget, shrinking
		return hit
	}
	checked := 0
	for seed := range uint64(300) {
		m := New(seed, WithCodec(codec.Options{MaxDepth: []int{3, 4, 6, 0}[seed%4]}))
		v := new(cShapes)
		m.fresh(p, reflect.ValueOf(v).Elem(), 0, 2048)
		for _, budget := range []int{0, 16, 4096} {
			for _, shrinking := range []bool{false, true} {
				m.budget, m.shrinking = budget, shrinking
				m.root, m.memUsed = v, -1
				n := m.candidates(p, reflect.ValueOf(v).Elem(), 0, false)
				if n > 0 && !reached(m, v, n-1) {
					t.Fatalf("seed %d, budget %d, shrinking %v: %d candidates counted, the walk does not reach the last", seed, budget, shrinking, n)
				}
				if reached(m, v, n) {
					t.Fatalf("seed %d, budget %d, shrinking %v: %d candidates counted, the walk reaches one more", seed, budget, shrinking, n)
				}
				// And candidates between: a count wrong inside a map or
				// a union would leave some of its range unreached.
				for range min(n, 8) {
					if target := int(seed*7919+uint64(checked)*104729) % n; !reached(m, v, target) {
						t.Fatalf("seed %d, budget %d, shrinking %v: candidate %d of %d is not reached", seed, budget, shrinking, target, n)
					}
					checked++
				}
				checked++
			}
		}
	}
	t.Logf("%d counts checked", checked)
}

// A hooked value is one candidate even when nothing below it is: its hook
// may still change it.
func TestCountHookedWithoutCandidates(t *testing.T) {
	m := New(1)
	v := &cConst{N: 3}
	if n := m.candidates(planOf[cConst](t), reflect.ValueOf(v).Elem(), 0, false); n != 1 {
		t.Fatalf("%d candidates; want 1, the hook", n)
	}
	if n := m.candidates(planOf[cConst](t), reflect.ValueOf(v).Elem(), 0, true); n != 0 {
		t.Fatalf("%d candidates with the hook bypassed; want 0", n)
	}
}

// A value the counting walk cannot address (the hooks hand none such, but
// MutateValue may be given one) is counted through reflect, the same.
func TestCountUnaddressable(t *testing.T) {
	p := planOf[mNode](t)
	for seed := range uint64(50) {
		m := New(seed)
		v := new(mNode)
		m.fresh(p, reflect.ValueOf(v).Elem(), 0, 1024)
		m.budget = 1024
		addressable := m.candidates(p, reflect.ValueOf(v).Elem(), 0, false)
		if got := m.candidates(p, reflect.ValueOf(*v), 0, false); got != addressable {
			t.Fatalf("seed %d: %d candidates through reflect, %d through memory", seed, got, addressable)
		}
	}
}

// The walk that applies a mutation passes subtrees by the counting walk's
// records: it makes exactly the mutation the walk that visits every node
// makes, for every candidate sampled.
func TestRecordsApplyTheSameMutation(t *testing.T) {
	p := planOf[cShapes](t)
	applied := 0
	for seed := range uint64(200) {
		depth := []int{3, 4, 6, 0}[seed%4]
		gen := New(seed, WithCodec(codec.Options{MaxDepth: depth}))
		v := new(cShapes)
		gen.fresh(p, reflect.ValueOf(v).Elem(), 0, 2048)
		enc, err := codec.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		gen.budget, gen.root, gen.memUsed = 2048, v, -1
		n := gen.candidates(p, reflect.ValueOf(v).Elem(), 0, false)
		for i := range min(n, 12) {
			target := int(seed*7919+uint64(i)*104729) % n
			var out [2][]byte
			for k, records := range []bool{false, true} {
				m := New(seed+uint64(i), WithCodec(codec.Options{MaxDepth: depth}))
				c := new(cShapes)
				if err := codec.Unmarshal(enc, c); err != nil {
					t.Fatal(err)
				}
				m.budget, m.root, m.memUsed = 2048, c, -1
				w := walker{m: m, target: target}
				if records {
					if got := m.candidates(p, reflect.ValueOf(c).Elem(), 0, false); got != n {
						t.Fatalf("seed %d: %d candidates, then %d", seed, n, got)
					}
					w.recs = walk.NewCursor(m.counted.Recs)
				}
				if !w.node(p, reflect.ValueOf(c).Elem(), 0, false) {
					t.Fatalf("seed %d: candidate %d of %d not applied (records %v)", seed, target, n, records)
				}
				if out[k], err = codec.Marshal(c); err != nil {
					t.Fatalf("seed %d: the result does not encode: %v", seed, err)
				}
			}
			if string(out[0]) != string(out[1]) {
				t.Fatalf("seed %d, candidate %d of %d: the walk by records made another mutation", seed, target, n)
			}
			applied++
		}
	}
	t.Logf("%d mutations compared", applied)
}
