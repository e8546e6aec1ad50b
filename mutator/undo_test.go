package mutator

import (
	"bytes"
	"errors"
	"math"
	"net/netip"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/undo"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// Types for the undo tests, prefixed u.

type uEnum uint8

type uScalars struct {
	B   bool
	E   uEnum
	I   int64
	U   uint32
	F   float64
	F32 float32 `fuzz:"min=-1,max=1"`
	C   complex64
	A   [3]int8
	Ad  netip.Addr // opaque: it marshals itself
}

type uTagged struct {
	N int16          `fuzz:"min=-5,max=5"`
	S string         `fuzz:"maxlen=8,utf8"`
	B []byte         `fuzz:"maxlen=6"`
	L []uint8        `fuzz:"minlen=1,maxlen=4"`
	M map[uint8]bool `fuzz:"maxlen=3"`
}

type uMaps struct {
	M map[string][]int16
	P map[uint8]*uScalars
	F map[float64]string // NaN keys: lookups cannot find them
	K map[[2]uint8]uTagged
}

// uVal is a union whose variants are held by value, one of them with a
// slice whose backing array the copy the walker works on shares.
type uVal interface{ isUVal() }

type uBox struct{ Xs []int8 }

type uWord string

func (uBox) isUVal()  {}
func (uWord) isUVal() {}

type uUnions struct {
	S []mAlt
	V uVal
	W []uVal
	P *uVal
}

func init() {
	codec.RegisterEnum(uEnum(1), uEnum(4), uEnum(9))
	codec.RegisterUnion[uVal](uBox{}, uWord(""))
}

// grow mutates the smallest value of *ptr's type into a varied one, decoded from
// its encoding as the harness would hand it over.
func grow(t *testing.T, ptr any, seed uint64) []byte {
	t.Helper()
	if err := codec.UnmarshalLenient(nil, ptr); err != nil {
		t.Fatal(err)
	}
	m := New(seed)
	for range 40 {
		if err := m.Mutate(ptr, 600); err != nil && !errors.Is(err, ErrNoMutation) {
			t.Fatal(err)
		}
	}
	b := enc(t, ptr)
	reflect.ValueOf(ptr).Elem().SetZero()
	if err := codec.Unmarshal(b, ptr); err != nil {
		t.Fatal(err)
	}
	return b
}

func enc(t *testing.T, v any) []byte {
	t.Helper()
	b, err := codec.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// same reports whether a and b (pointers to values of one type) are deep
// equal, taking NaN for equal to NaN: it compares through their encodings
// when DeepEqual fails and the value holds a float.
func same(t *testing.T, a, b any, floats bool) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	return floats && bytes.Equal(enc(t, a), enc(t, b))
}

// Every built-in mutation, applied at every candidate of the value tree
// and undone, leaves the value deep-equal to before and encoding the same;
// on a table of types with scalars, tags, maps (NaN keys included),
// unions held by value and by pointer, and recursion.
func TestUndoEveryCandidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		new    func() any
		floats bool // NaN can make DeepEqual fail on equal values
	}{
		{"scalars", func() any { return new(uScalars) }, true},
		{"tagged", func() any { return new(uTagged) }, false},
		{"maps", func() any { return new(uMaps) }, true},
		{"unions", func() any { return new(uUnions) }, true},
		{"recursive", func() any { return new(mNode) }, true},
		{"tree", func() any { return new([]mAlt) }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kinds := map[undo.Kind]int{}
			changed := 0
			for seed := range uint64(runsUndo) {
				ptr := tc.new()
				orig := grow(t, ptr, seed+1)
				p, v, err := target(ptr)
				if err != nil {
					t.Fatal(err)
				}
				m := New(seed)
				m.orig = orig
				m.root = ptr
				count := walker{m: m, target: -1}
				m.budget, m.memUsed = 300, -1
				count.node(p, v, 0, false)
				for k := range count.n {
					before := tc.new()
					if err := codec.Unmarshal(orig, before); err != nil {
						t.Fatal(err)
					}
					m.budget, m.memUsed = 300, -1
					apply := walker{m: m, target: k}
					apply.node(p, v, 0, false)
					if b, err := codec.Marshal(ptr); err != nil || !bytes.Equal(b, orig) {
						changed++
					}
					m.log.Kinds(func(k undo.Kind) { kinds[k]++ })
					m.rollback()
					after, err := codec.Marshal(ptr)
					if err != nil || !bytes.Equal(after, orig) {
						t.Fatalf("seed %d candidate %d: encoding after undo\n%x, want\n%x (%v)", seed, k, after, orig, err)
					}
					if !same(t, ptr, before, tc.floats) {
						t.Fatalf("seed %d candidate %d: value after undo\n%#v, want\n%#v", seed, k, ptr, before)
					}
				}
			}
			if changed == 0 {
				t.Fatal("no candidate changed the value: the test tests nothing")
			}
			t.Logf("%d changes undone; log entries by kind: %v", changed, kinds)
		})
	}
}

const runsUndo = 12

// Every kind of log entry is exercised by the table above: the swap and
// move of slice elements, map entries and whole slots.
func TestUndoKindsCovered(t *testing.T) {
	kinds := map[undo.Kind]bool{}
	for seed := range uint64(runsUndo) {
		for _, ptr := range []any{new(uMaps), new(uUnions), new(mNode)} {
			orig := grow(t, ptr, seed+1)
			p, v, _ := target(ptr)
			m := New(seed)
			m.orig, m.root = orig, ptr
			m.budget, m.memUsed = 300, -1
			count := walker{m: m, target: -1}
			count.node(p, v, 0, false)
			for k := range count.n {
				m.budget, m.memUsed = 300, -1
				apply := walker{m: m, target: k}
				apply.node(p, v, 0, false)
				m.log.Kinds(func(k undo.Kind) { kinds[k] = true })
				m.rollback()
			}
		}
	}
	for _, k := range []undo.Kind{undo.Set, undo.Swap, undo.Move, undo.Entry} {
		if !kinds[k] {
			t.Errorf("no log entry of kind %d", k)
		}
	}
}

// A map whose keys lookups cannot find (NaN) is changed as a copy, so the
// undo can put the original back: deleting, replacing and adding entries
// keyed by NaN all undo exactly.
func TestUndoNaNKeys(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(m *Mutator, v reflect.Value)
	}{
		{"add NaN", func(m *Mutator, v reflect.Value) {
			m.setEntry(v, reflect.ValueOf(math.NaN()), reflect.ValueOf("n"))
		}},
		{"add", func(m *Mutator, v reflect.Value) { m.setEntry(v, reflect.ValueOf(2.0), reflect.ValueOf("two")) }},
		{"delete NaN", func(m *Mutator, v reflect.Value) {
			es := entriesOf(m, v)
			m.replaceEntry(v, es, keyAt(es, math.NaN()), reflect.Value{}, reflect.Value{})
		}},
		{"replace by NaN", func(m *Mutator, v reflect.Value) {
			es := entriesOf(m, v)
			i := keyAt(es, 1)
			m.replaceEntry(v, es, i, reflect.ValueOf(math.NaN()), es[i].V)
		}},
		{"replace value", func(m *Mutator, v reflect.Value) {
			es := entriesOf(m, v)
			i := keyAt(es, 1)
			m.replaceEntry(v, es, i, es[i].K, reflect.ValueOf("changed"))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mp := map[float64]string{math.NaN(): "a", 1: "b", math.Inf(1): "c"}
			ptr := &mp
			before := enc(t, ptr)
			m := New(1)
			m.root = ptr
			tc.do(m, reflect.ValueOf(ptr).Elem())
			if b, err := codec.Marshal(ptr); err == nil && bytes.Equal(b, before) {
				t.Fatal("the change changed nothing")
			}
			m.rollback()
			if after := enc(t, ptr); !bytes.Equal(after, before) || len(mp) != 3 {
				t.Fatalf("after undo: %v (%x), want %x", mp, after, before)
			}
		})
	}
}

// keyAt returns the index of the entry keyed by k (NaN for a NaN key).
func keyAt(es []walk.Entry, k float64) int {
	for i, e := range es {
		if f := e.K.Float(); f == k || math.IsNaN(f) && math.IsNaN(k) {
			return i
		}
	}
	panic("no such key")
}

func entriesOf(m *Mutator, v reflect.Value) []walk.Entry {
	p, _, _ := target(v.Addr().Interface())
	return walk.Entries(m.codec, p, v)
}

// A rejected attempt is undone by Mutate itself: with no room to grow and
// every result refused by accept, or with hooks that change their values
// (restored by decoding), the value after ErrNoMutation is the value
// before, deep-equal and encoding the same.
func TestMutateCheckedRejectsRestore(t *testing.T) {
	for _, tc := range []struct {
		name string
		new  func() any
	}{
		{"maps", func() any { return new(uMaps) }},
		{"unions", func() any { return new(uUnions) }},
		{"recursive", func() any { return new(mNode) }},
		{"hooked", func() any { return new(uHooked) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			accepted := 0
			for seed := range uint64(runsUndo) {
				ptr := tc.new()
				orig := grow(t, ptr, seed+1)
				before := tc.new()
				if err := codec.Unmarshal(orig, before); err != nil {
					t.Fatal(err)
				}
				m := New(seed)
				calls := 0
				err := m.MutateChecked(ptr, orig, len(orig)+64, func() bool {
					calls++
					if !bytes.Equal(m.Encoding(), enc(t, ptr)) {
						t.Fatal("Encoding is not the encoding of the value accept sees")
					}
					reflect.ValueOf(ptr).Elem().SetZero() // accept changes anything
					return false
				})
				if !errors.Is(err, ErrNoMutation) {
					t.Fatalf("seed %d: %v, want ErrNoMutation", seed, err)
				}
				if calls > DefaultAttempts {
					t.Fatalf("seed %d: accept called %d times, more than the %d attempts", seed, calls, DefaultAttempts)
				}
				accepted += calls
				if !same(t, ptr, before, true) || !bytes.Equal(enc(t, ptr), orig) {
					t.Fatalf("seed %d: value after rejected attempts\n%#v, want\n%#v", seed, ptr, before)
				}
			}
			if accepted == 0 {
				t.Fatal("accept was never called")
			}
		})
	}
}

// uHooked has a Mutate hook that changes its own fields and its
// children's, and sometimes breaks nothing but grows the value past any
// limit.
type uHooked struct {
	Kids []uHookedKid
	Tag  string
}

type uHookedKid struct {
	N    int32
	Kids []uHookedKid `fuzz:"maxlen=3"`
}

func (k *uHookedKid) Mutate(m *Mutator) {
	k.N++
	for i := range k.Kids {
		k.Kids[i].N--
	}
	if m.Rand().IntN(3) == 0 {
		k.Kids = append(k.Kids, uHookedKid{N: 7})
		if len(k.Kids) > 3 {
			k.Kids = k.Kids[:3]
		}
	}
}

// Undo gives every scalar back bit for bit: a float32 signalling NaN
// (which a conversion through float64 makes quiet), the sign of zero,
// and the other kinds the log keeps without allocating.
func TestUndoScalarsBitExact(t *testing.T) {
	type scalars struct {
		F32 float32
		F64 float64
		C64 complex64
		Z   float64
		B   bool
		I   int8
		U   uint16
		S   string
	}
	v := scalars{
		F32: math.Float32frombits(0x7f800001), // signalling NaN
		F64: math.Float64frombits(0x7ff0000000000001),
		C64: complex(math.Float32frombits(0x7f800002), 1),
		Z:   math.Copysign(0, -1),
		B:   true, I: -3, U: 7, S: "s",
	}
	before := enc(t, &v)
	m := New(1)
	m.root = &v
	rv := reflect.ValueOf(&v).Elem()
	for i := range rv.NumField() {
		m.saveSlot(rv.Field(i))
	}
	v = scalars{F32: 1, F64: 2, C64: 3, Z: 0, S: "other"}
	m.rollback()
	if after := enc(t, &v); !bytes.Equal(after, before) {
		t.Fatalf("after undo %x, want %x", after, before)
	}
}

// uGrower's Mutate hook changes numbers in place (in a backing array the
// value shares with nothing else) and always grows the value, so with no
// room to grow every attempt is rejected.
type uGrower struct {
	N    int32
	Kids []uGrowerKid
}

type uGrowerKid struct {
	N    int32
	Tail []int32
}

func (g *uGrower) Mutate(m *Mutator) {
	g.N += 1 + int32(m.Rand().IntN(5))
	for i := range g.Kids {
		g.Kids[i].N = -g.Kids[i].N
		if len(g.Kids[i].Tail) > 0 {
			g.Kids[i].Tail[0]++
		}
	}
	g.Kids = append(g.Kids, uGrowerKid{N: g.N})
}

// An attempt that ran a Mutate hook, which logs nothing of what it
// changes, is undone by decoding the original encoding: after attempts
// that all ran the hook and were all too big, the value is as before.
func TestUndoAfterHook(t *testing.T) {
	for seed := range uint64(runsUndo) {
		v := uGrower{Kids: []uGrowerKid{{N: 1}, {N: 2, Tail: []int32{5}}}}
		before := uGrower{Kids: []uGrowerKid{{N: 1}, {N: 2, Tail: []int32{5}}}}
		orig := enc(t, &v)
		m := New(seed)
		if err := m.Mutate(&v, len(orig)); !errors.Is(err, ErrNoMutation) {
			t.Fatalf("seed %d: %v, want ErrNoMutation", seed, err)
		}
		if !reflect.DeepEqual(v, before) {
			t.Fatalf("seed %d: after rejected hook attempts %+v, want %+v", seed, v, before)
		}
	}
}
