package mutator_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
)

// Hooks are found by reflection and called from the walk, so what they
// observe is recorded in package variables; each test resets what it uses.

// mHooked has a pointer-receiver hook that counts: N is the number of
// times the hook ran on this value, which proves every change came from it.
type mHooked struct {
	N     uint32
	Inner [2]uint8 // the built-in mutation would change these
}

var hookedCalls int

func (h *mHooked) Mutate(m *mutator.Mutator) {
	hookedCalls++
	h.N++
}

type mHookedHolder struct {
	H     mHooked
	Other int8
}

func TestHookPointerReceiver(t *testing.T) {
	hookedCalls = 0
	v := zero[mHookedHolder](t)
	m := mutator.New(11)
	for range 1000 {
		mutate(t, m, &v, 64)
	}
	if hookedCalls == 0 {
		t.Fatal("the Mutate method was never called")
	}
	// Every call changed N, so every call was a successful mutation; the
	// hook owns H, so the built-in mutation never touched H.Inner.
	if int(v.H.N) != hookedCalls || v.H.Inner != [2]uint8{} {
		t.Fatalf("H = %+v after %d hook calls", v.H, hookedCalls)
	}
	// The hook stands for its whole subtree (N and Inner: 4 candidates
	// plus 2×4, against Other's 4), so it is chosen about 12 times in 16.
	if hookedCalls < 700 || hookedCalls > 800 {
		t.Errorf("hook chosen %d times in 1000; about 750 expected", hookedCalls)
	}
}

// mCounts has a value-receiver hook; a map is a reference, so the change
// lands.
type mCounts map[string]uint32

var countsCalls int

func (c mCounts) Mutate(m *mutator.Mutator) {
	countsCalls++
	if c != nil {
		c["hook"]++
	}
}

func TestHookValueReceiverOnMap(t *testing.T) {
	countsCalls = 0
	v := struct {
		C    mCounts
		Tail uint16
	}{C: mCounts{}}
	m := mutator.New(12)
	changed := 0
	for range 500 {
		if mutate(t, m, &v, 256) {
			changed++
		}
	}
	if countsCalls == 0 {
		t.Fatal("the value-receiver Mutate method was never called")
	}
	if int(v.C["hook"]) != countsCalls || len(v.C) != 1 {
		t.Fatalf("C = %v after %d hook calls", v.C, countsCalls)
	}
	if changed != 500 {
		t.Fatalf("%d of 500 calls changed the value", changed)
	}
}

// time.Time is foreign: Register gives it a mutation. The codec encodes it
// as an opaque value through MarshalBinary.
var timeCalls int

var timeBase = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func init() {
	mutator.Register(func(t *time.Time, m *mutator.Mutator) {
		timeCalls++
		*t = t.Add(time.Duration(1+m.Rand().IntN(1000)) * time.Second)
	})
}

type mEvent struct {
	At   time.Time
	Kind mMode
}

func TestRegisterForeignType(t *testing.T) {
	timeCalls = 0
	v := mEvent{At: timeBase, Kind: mModeA}
	m := mutator.New(13)
	for range 500 {
		before, calls := v.At, timeCalls
		mutate(t, m, &v, 128)
		if !v.At.Equal(before) && timeCalls == calls {
			t.Fatal("At changed without the registered function")
		}
		if !v.At.After(before) && !v.At.Equal(before) {
			t.Fatalf("At went back from %v to %v: not the registered function's doing", before, v.At)
		}
	}
	if timeCalls == 0 {
		t.Fatal("the registered function was never called")
	}
	if !v.At.After(timeBase) {
		t.Fatalf("At = %v", v.At)
	}
}

// mPrecedence has a method, but a registered function takes precedence.
type mPrecedence struct{ X uint8 }

var precedenceMethod, precedenceFunc int

func (p *mPrecedence) Mutate(m *mutator.Mutator) { precedenceMethod++; p.X++ }

func init() {
	mutator.Register(func(p *mPrecedence, m *mutator.Mutator) { precedenceFunc++; p.X += 2 })
}

func TestRegisterTakesPrecedence(t *testing.T) {
	precedenceMethod, precedenceFunc = 0, 0
	var v mPrecedence
	m := mutator.New(14)
	for range 100 {
		mutate(t, m, &v, 8)
	}
	if precedenceFunc != 100 || precedenceMethod != 0 || v.X != 200 {
		t.Fatalf("function called %d times, method %d times, X = %d", precedenceFunc, precedenceMethod, v.X)
	}
}

// mWrap's hook asks for the built-in mutation of a part of it.
type mWrap struct {
	Sub   mInner
	Calls uint16
}

type mInner struct {
	A uint16
	B []int8 `fuzz:"maxlen=4"`
	S string `fuzz:"maxlen=4,utf8"`
}

var (
	wrapCalls, wrapChanged int
	wrapAfter              []byte // the encoding of Sub just after the hook's MutateValue
)

func (w *mWrap) Mutate(m *mutator.Mutator) {
	wrapCalls++
	before, _ := codec.Marshal(w.Sub)
	if err := m.MutateValue(&w.Sub); err != nil {
		panic(err)
	}
	w.Calls++
	wrapAfter, _ = codec.Marshal(w.Sub)
	if !bytes.Equal(before, wrapAfter) {
		wrapChanged++
	}
}

func TestHookMutatesSubValue(t *testing.T) {
	wrapCalls, wrapChanged = 0, 0
	v := zero[mWrap](t)
	m := mutator.New(15)
	for i := range 1000 {
		mutate(t, m, &v, 64)
		// The last hook call made the result: its change landed.
		if got := enc(t, v.Sub); !bytes.Equal(got, wrapAfter) {
			t.Fatalf("call %d: Sub is %x, the hook left %x", i, got, wrapAfter)
		}
	}
	t.Logf("%d hook calls, %d changed Sub", wrapCalls, wrapChanged)
	if wrapCalls < 1000 || wrapChanged*10 < wrapCalls*9 {
		t.Fatalf("%d hook calls, %d changed Sub", wrapCalls, wrapChanged)
	}
	if int(v.Calls) != 1000 {
		t.Fatalf("Calls = %d; each Mutate should keep exactly one hook call", v.Calls)
	}
}

// mSelf's hook asks for the built-in mutation of its own value; that must
// not call the hook again. mSelfTree does the same on a recursive type,
// where the hooks of the children run, at most one level deeper each.
type mSelf struct {
	A int8
	S string `fuzz:"maxlen=4"`
}

type mSelfTree struct {
	V    uint8
	Kids []mSelfTree
}

var selfDepth, selfMaxDepth, selfCalls int

func (s *mSelf) Mutate(m *mutator.Mutator) { selfHook(func() error { return m.MutateValue(s) }) }

func (s *mSelfTree) Mutate(m *mutator.Mutator) { selfHook(func() error { return m.MutateValue(s) }) }

func selfHook(mutateValue func() error) {
	selfCalls++
	selfDepth++
	selfMaxDepth = max(selfMaxDepth, selfDepth)
	defer func() { selfDepth-- }()
	if selfDepth > 100 {
		panic("hook recursion")
	}
	if err := mutateValue(); err != nil {
		panic(err)
	}
}

func TestHookMutatesItself(t *testing.T) {
	t.Run("flat", func(t *testing.T) {
		selfCalls, selfMaxDepth = 0, 0
		v := zero[mSelf](t)
		m := mutator.New(16)
		for range 1000 {
			mutate(t, m, &v, 64)
		}
		if selfCalls < 1000 || selfMaxDepth != 1 {
			t.Fatalf("%d calls, nested %d deep", selfCalls, selfMaxDepth)
		}
	})
	t.Run("recursive", func(t *testing.T) {
		const maxDepth = 5
		selfCalls, selfMaxDepth = 0, 0
		v := zero[mSelfTree](t)
		m := mutator.New(17, mutator.WithCodec(codec.Options{MaxDepth: maxDepth}))
		n := runs(3000, 1000)
		for range n {
			mutate(t, m, &v, 512)
		}
		t.Logf("%d calls, nested %d deep", selfCalls, selfMaxDepth)
		// The root's hook, then one per level of Kids.
		if selfCalls < n || selfMaxDepth < 2 || selfMaxDepth > maxDepth+1 {
			t.Fatalf("%d calls, nested %d deep", selfCalls, selfMaxDepth)
		}
	})
}

// mGrow's hook reads the budget and grows by one element when it fits.
type mGrow []uint64

var growBudgets []int

func (g *mGrow) Mutate(m *mutator.Mutator) {
	b := m.Budget()
	growBudgets = append(growBudgets, b)
	if b >= 8 {
		*g = append(*g, uint64(len(*g)))
	} else if len(*g) > 0 {
		(*g)[0]++
	}
}

func TestHookBudget(t *testing.T) {
	const maxSize = 100
	growBudgets = nil
	v := struct{ G mGrow }{}
	m := mutator.New(18)
	for i := range 20 {
		size := len(enc(t, &v))
		mutate(t, m, &v, maxSize)
		b := growBudgets[len(growBudgets)-1]
		if want := max(maxSize-size, 0); b != want {
			t.Fatalf("call %d: Budget() = %d for a %d-byte value under %d; want %d", i, b, size, maxSize, want)
		}
	}
	// 4 bytes of length, then 8 per element: the budget shrinks by 8 a
	// call down to 0, never below, and 12 elements fill the 100 bytes.
	want := []int{96, 88, 80, 72, 64, 56, 48, 40, 32, 24, 16, 8, 0, 0}
	if !equalPrefix(growBudgets, want) || len(v.G) != 12 {
		t.Fatalf("budgets %v, %d elements", growBudgets, len(v.G))
	}
	// Hooks that overrun the budget are discarded, not returned.
	v2 := struct{ G mGreedy }{}
	err := m.Mutate(&v2, 16)
	if !errors.Is(err, mutator.ErrNoMutation) || len(v2.G) != 0 {
		t.Fatalf("greedy hook: err %v, %d elements", err, len(v2.G))
	}
}

// mGreedy ignores the budget.
type mGreedy []uint64

func (g *mGreedy) Mutate(m *mutator.Mutator) { *g = append(*g, make([]uint64, 10)...) }

func equalPrefix(got, want []int) bool {
	if len(got) < len(want) {
		return false
	}
	for i := range want {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}
