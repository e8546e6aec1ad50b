package mutator_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
)

// Results never exceed the cap and always decode strictly.
func TestSizeCaps(t *testing.T) {
	minSize := len(enc(t, zero[mTree](t)))
	for _, tc := range []struct {
		cap int
		// maxNoChange bounds the share of calls that may return
		// ErrNoMutation, in thousandths.
		maxNoChange int
	}{
		// At 16 bytes the tree (11 bytes at least) has 5 bytes to spare:
		// no element, pointer or extra fits, only Val, Kind and a small
		// Expr. Most mutations left are then a single scalar changing,
		// which cannot fail, so ErrNoMutation stays rare even here; the
		// bound is looser all the same.
		{16, 10},
		{100, 1},
		{256, 1},
		{777, 1},
		{4096, 1},
	} {
		t.Run(fmt.Sprint(tc.cap), func(t *testing.T) {
			t.Parallel()
			// A step on a 4 KB tree (mutation, encoding, strict
			// decoding) costs about 0.6 ms, ten times that under the
			// race detector.
			runs := runs(100_000, 3_000)
			v := zero[mTree](t)
			m := mutator.New(uint64(tc.cap))
			noChange, largest := 0, 0
			var buf []byte
			for i := range runs {
				err := m.Mutate(&v, tc.cap)
				switch {
				case errors.Is(err, mutator.ErrNoMutation):
					noChange++
				case err != nil:
					t.Fatalf("mutation %d: %v", i, err)
				}
				b, err := codec.Options{}.Append(buf[:0], &v)
				if err != nil {
					t.Fatalf("mutation %d: the result does not encode: %v", i, err)
				}
				buf = b
				if len(b) > tc.cap {
					t.Fatalf("mutation %d: %d bytes, over the cap of %d", i, len(b), tc.cap)
				}
				largest = max(largest, len(b))
				var back mTree
				if err := codec.Unmarshal(b, &back); err != nil {
					t.Fatalf("mutation %d: the result does not decode strictly: %v", i, err)
				}
			}
			t.Logf("cap %d (type minimum %d): %d mutations, %d ErrNoMutation, largest %d bytes",
				tc.cap, minSize, runs, noChange, largest)
			if noChange*1000 > runs*tc.maxNoChange {
				t.Errorf("%d of %d calls returned ErrNoMutation; at most %d/1000 expected", noChange, runs, tc.maxNoChange)
			}
			if largest < tc.cap*3/4 {
				t.Errorf("the value never grew past %d bytes under a cap of %d", largest, tc.cap)
			}
		})
	}
}

// At least 99.9% of Mutate calls change the encoding.
func TestMutateChangesEncoding(t *testing.T) {
	runs := runs(20_000, 2_000)
	for _, tc := range []struct {
		name    string
		ptr     any
		maxSize int
	}{
		{"bool+enum", new(mBoolEnum), 64},
		{"nested", new(mOuter), 1024},
		{"union", new(mUnionHolder), 64},
		{"map", new(mKeyed), 1024},
		{"constrained", new(mConstrained), 256},
		{"medium", new(mMedium), 512},
		{"tree", new(mTree), 2048},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := codec.UnmarshalLenient(nil, tc.ptr); err != nil {
				t.Fatal(err)
			}
			m := mutator.New(7)
			changed := 0
			for range runs {
				before := enc(t, tc.ptr)
				err := m.Mutate(tc.ptr, tc.maxSize)
				if err != nil && !errors.Is(err, mutator.ErrNoMutation) {
					t.Fatal(err)
				}
				if !bytes.Equal(before, enc(t, tc.ptr)) {
					changed++
				} else if err == nil {
					t.Fatal("Mutate returned nil but the encoding did not change")
				}
			}
			t.Logf("%d of %d calls changed the encoding (%.3f%%)", changed, runs, 100*float64(changed)/float64(runs))
			if changed*1000 < runs*999 {
				t.Errorf("only %d of %d calls changed the encoding", changed, runs)
			}
		})
	}
}

// The same seed and input give the same results, map order included.
func TestDeterministic(t *testing.T) {
	for _, tc := range []struct {
		name string
		new  func() any
	}{
		{"medium", func() any { return new(mMedium) }},
		{"tree", func() any { return new(mTree) }},
		{"constrained", func() any { return new(mConstrained) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b, c := tc.new(), tc.new(), tc.new()
			for _, p := range []any{a, b, c} {
				if err := codec.UnmarshalLenient(nil, p); err != nil {
					t.Fatal(err)
				}
			}
			ma, mb, mc := mutator.New(42), mutator.New(42), mutator.New(43)
			differs := false
			for i := range runs(10_000, 2_000) {
				ea, eb := step(t, ma, a), step(t, mb, b)
				if !bytes.Equal(ea, eb) {
					t.Fatalf("step %d: same seed, different results:\n%x\n%x", i, ea, eb)
				}
				if !bytes.Equal(ea, step(t, mc, c)) {
					differs = true
				}
			}
			if !differs {
				t.Error("seeds 42 and 43 gave the same results")
			}
			// Seed restarts the sequence.
			d, e := tc.new(), tc.new()
			for _, p := range []any{d, e} {
				if err := codec.UnmarshalLenient(nil, p); err != nil {
					t.Fatal(err)
				}
			}
			ma.Seed(42)
			fresh := mutator.New(42)
			for i := range 100 {
				if ed, ee := step(t, ma, d), step(t, fresh, e); !bytes.Equal(ed, ee) {
					t.Fatalf("step %d after Seed(42): the result differs from New(42)'s", i)
				}
			}
		})
	}
}

func step(t *testing.T, m *mutator.Mutator, ptr any) []byte {
	t.Helper()
	if err := m.Mutate(ptr, 1024); err != nil && !errors.Is(err, mutator.ErrNoMutation) {
		t.Fatal(err)
	}
	return enc(t, ptr)
}
