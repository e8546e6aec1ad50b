package harness_test

import (
	"bytes"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
	"github.com/structfuzz/structfuzz/mutator"
)

// moveOf returns the family whose Made count grew between two Moves.
func moveOf(t *testing.T, before, after []harness.FamilyStats) string {
	t.Helper()
	name := ""
	for i := range after {
		if after[i].Made != before[i].Made {
			if name != "" {
				t.Fatalf("two families made a result in one call: %v then %v", before, after)
			}
			name = after[i].Name
		}
	}
	return name
}

// Byte-level moves make inputs like any other: within maxSize, decoding
// strictly, post-processed, run by the target from the cache, and not a
// parent again; from any bytes, canonical or not.
func TestByteMovesMakeValidInputs(t *testing.T) {
	var seen *hBatch
	h := harness.FixByteShare(harness.New(func(b *hBatch) { seen = b }, harness.Options{}), 1)
	r := rand.New(rand.NewPCG(3, 4))
	pool := [][]byte{encode(t, hBatch{Packets: []hPacket{{Op: 1, Payload: []byte("abc")}}})}
	made := map[string]int{}
	for i := range 4000 {
		maxSize := 8 + r.IntN(120)
		a := pool[r.IntN(len(pool))]
		if i%7 == 0 { // arbitrary bytes, as libFuzzer's first inputs are
			a = make([]byte, r.IntN(40))
			for j := range a {
				a[j] = byte(r.Uint32())
			}
		}
		b := pool[r.IntN(len(pool))]
		before := h.Moves()
		var out []byte
		if i%2 == 0 {
			out = h.Mutate(a, maxSize, uint64(i))
		} else {
			out = h.CrossOver(a, b, maxSize, uint64(i))
		}
		if out == nil {
			continue
		}
		move := moveOf(t, before, h.Moves())
		if len(a) <= maxSize { // a longer unit is libFuzzer shrinking it: typed moves do that
			made[move]++
		}
		if len(out) > maxSize {
			t.Fatalf("step %d: %d bytes, over %d", i, len(out), maxSize)
		}
		var v hBatch
		if err := codec.Unmarshal(out, &v); err != nil {
			t.Fatalf("step %d: %x does not decode strictly: %v", i, out, err)
		}
		for _, p := range v.Packets {
			if p.Sum != crc32.ChecksumIEEE(p.Payload) {
				t.Fatalf("step %d: not post-processed: %+v", i, p)
			}
		}
		seen = nil
		if h.Run(out) != 0 || seen == nil {
			t.Fatalf("step %d: Run rejected %x", i, out)
		}
		pool = append(pool, bytes.Clone(out))
	}
	// The typed moves only stand in when no byte-level change fits.
	t.Logf("results by family: %v", made)
	if made["byte mutation"] < 1000 || made["byte splice"] < 1000 || made["typed mutation"] > made["byte mutation"]/5 {
		t.Fatalf("results by family %v: the byte-level moves should make most", made)
	}
}

// The adaptive schedule credits a result when it comes back as a unit to
// mutate, not when libFuzzer mutates the previous result again, and moves
// the share to the family whose results are kept.
func TestScheduleLearnsWhatIsKept(t *testing.T) {
	h := harness.New(func(*hBatch) {}, harness.Options{})
	corpus := [][]byte{encode(t, hBatch{Note: "a"})}
	r := rand.New(rand.NewPCG(5, 6))
	kept := 0
	made := map[string]bool{} // every result so far: one made again gives no new coverage
	for i := range 6000 {
		data := corpus[r.IntN(len(corpus))]
		// libFuzzer stacks a few mutations on one unit before it runs.
		for range 1 + r.IntN(3) {
			before := h.Moves()
			out := h.Mutate(data, 64, r.Uint64())
			if out == nil {
				break
			}
			data = bytes.Clone(out)
			// This "target" rewards a third of the new byte-level results.
			isNew := !made[string(data)]
			made[string(data)] = true
			if moveOf(t, before, h.Moves()) == "byte mutation" && isNew && i%3 == 0 {
				corpus = append(corpus, data)
				kept++
				break
			}
		}
	}
	moves := h.Moves()
	if moves[0].Kept != 0 {
		t.Fatalf("typed results credited %d times, never kept: %+v", moves[0].Kept, moves)
	}
	if moves[1].Kept == 0 || moves[1].Kept > uint64(kept) {
		t.Fatalf("byte results credited %d times, %d kept: %+v", moves[1].Kept, kept, moves)
	}
	if moves[1].Share < 0.7 {
		t.Fatalf("byte share %v, want near the ceiling: %+v", moves[1].Share, moves)
	}
}

// mutOwned's own Mutate and CrossOver hooks own how its values change:
// the engine makes no byte-level move of it.
type mutOwned struct{ N uint16 }

func (o *mutOwned) Mutate(m *mutator.Mutator)           { o.N += uint16(1 + m.Rand().IntN(3)) }
func (o *mutOwned) CrossOver(p *mutOwned, r *rand.Rand) { o.N ^= p.N | 1 }

// A hook anywhere in the input, the root's own or a part's, keeps the
// byte-level moves away: they would change its values around it.
func TestHooksOwnTheirMoves(t *testing.T) {
	type nested struct {
		Name  string
		Owned []mutOwned
	}
	check := func(t *testing.T, moves []harness.FamilyStats) {
		for _, f := range moves {
			if (f.Name == "byte mutation" || f.Name == "byte splice") && (f.Made != 0 || f.Share != 0) {
				t.Fatalf("%s made %d results (share %v) around a type's own hooks", f.Name, f.Made, f.Share)
			}
		}
	}
	t.Run("root", func(t *testing.T) {
		h := harness.New(func(*mutOwned) {}, harness.Options{})
		a, b := encode(t, mutOwned{N: 1}), encode(t, mutOwned{N: 6})
		for seed := range uint64(300) {
			a = bytes.Clone(h.Mutate(a, 16, seed))
			h.CrossOver(a, b, 16, seed)
		}
		check(t, h.Moves())
	})
	t.Run("nested", func(t *testing.T) {
		h := harness.New(func(*nested) {}, harness.Options{})
		a, b := encode(t, nested{Name: "a"}), encode(t, nested{Owned: []mutOwned{{N: 2}}})
		for seed := range uint64(300) {
			a = bytes.Clone(h.Mutate(a, 64, seed))
			h.CrossOver(a, b, 64, seed)
		}
		check(t, h.Moves())
	})
}

// Tiny and zero limits: a byte-level move never returns more than fits,
// and keeps the Leaf's contract (a buffer of maxSize bytes at least, the
// content within it).
func TestByteMovesAtTinyLimits(t *testing.T) {
	leaf := &roomLeaf{t: t}
	h := harness.FixByteShare(harness.New(func(*hBatch) {}, harness.Options{Leaf: leaf}), 1)
	in := encode(t, hBatch{Note: "n"})
	for maxSize := range 12 {
		for seed := range uint64(20) {
			if out := h.Mutate(in, maxSize, seed); len(out) > maxSize {
				t.Fatalf("maxSize %d: %d bytes", maxSize, len(out))
			}
			if out := h.CrossOver(in, in, maxSize, seed); len(out) > maxSize {
				t.Fatalf("crossover, maxSize %d: %d bytes", maxSize, len(out))
			}
			if out := h.Mutate(nil, maxSize, seed); len(out) > maxSize { // libFuzzer's empty input
				t.Fatalf("empty input, maxSize %d: %d bytes", maxSize, len(out))
			}
		}
	}
	if leaf.calls == 0 {
		t.Fatal("the Leaf was never called: the test checks nothing")
	}
}

// roomLeaf is a Leaf that fails the test when called against its
// contract.
type roomLeaf struct {
	t     *testing.T
	calls int
}

func (l *roomLeaf) Mutate(data []byte, size, maxSize int) int {
	l.calls++
	if maxSize < 0 || len(data) < maxSize || size > maxSize {
		l.t.Fatalf("Leaf called with %d bytes, size %d, maxSize %d", len(data), size, maxSize)
	}
	if size < maxSize {
		data[size] = 1
		return size + 1
	}
	return size
}

// Limits far above the input, or below zero, give no panic and no buffer
// sized by the limit (Mutate with math.MaxInt panicked in makeslice, a
// CrossOver with -1 in a slice expression: found in review).
func TestByteMovesAtExtremeLimits(t *testing.T) {
	h := harness.FixByteShare(harness.New(func(*hBatch) {}, harness.Options{}), 1)
	in := encode(t, hBatch{Note: "n", Packets: []hPacket{{Op: 1}}})
	for seed := range uint64(20) {
		h.Mutate(in, math.MaxInt, seed)
		h.CrossOver(in, in, math.MaxInt, seed)
		if out := h.Mutate(in, -1, seed); out != nil {
			t.Fatalf("Mutate with limit -1 gave %x", out)
		}
		if out := h.CrossOver(in, in, -1, seed); out != nil {
			t.Fatalf("CrossOver with limit -1 gave %x", out)
		}
	}
}

// mutOnly has a Mutate hook and no CrossOver hook: splices, which change
// its bytes as freely as a byte mutation, stay away from it too.
type mutOnly struct{ N uint16 }

func (o *mutOnly) Mutate(m *mutator.Mutator) { o.N += 3 }

func TestMutateHookKeepsSplicesAway(t *testing.T) {
	type holder struct {
		Name string
		Own  []mutOnly
	}
	h := harness.New(func(*holder) {}, harness.Options{})
	a, b := encode(t, holder{Name: "a"}), encode(t, holder{Own: []mutOnly{{N: 2}}})
	for seed := range uint64(300) {
		h.CrossOver(a, b, 64, seed)
	}
	for _, f := range h.Moves() {
		if f.Name == "byte splice" && (f.Made != 0 || f.Share != 0) {
			t.Fatalf("%d splices (share %v) around a Mutate hook", f.Made, f.Share)
		}
	}
}
