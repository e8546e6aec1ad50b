package mutator_test

import (
	"bytes"
	"math"
	"math/big"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
)

// Regression: a map with a NaN key. Lookups cannot find such a key, and
// the walk used to read entry values by lookup: a zero reflect.Value, and
// a panic ("call of reflect.Value.Set on zero Value"). The entry's value
// must be mutable and the entry deletable all the same.
func TestNaNMapKey(t *testing.T) {
	nan := math.NaN()
	v := struct{ M map[float64]int32 }{M: map[float64]int32{nan: 1, 2: 3}}
	m := mutator.New(41)
	var valueChanged, deleted bool
	for i := 0; i < 20_000 && !(valueChanged && deleted); i++ {
		if i%50 == 0 { // start again now and then
			v.M = map[float64]int32{nan: 1, 2: 3}
		}
		mutate(t, m, &v, 256)
		nans := 0
		for k, x := range v.M {
			if k != k {
				nans++
				valueChanged = valueChanged || x != 1
			}
		}
		deleted = deleted || nans == 0
	}
	if !valueChanged || !deleted {
		t.Fatalf("the NaN entry's value changed: %v; the NaN entry deleted: %v", valueChanged, deleted)
	}
}

// Regression: a complex number's mutation picked one part to mutate and,
// by a second coin, the part to store the result in, so a small step of
// the imaginary part could land in the real part. A mutation now changes
// one part, starting from that part's own value.
func TestComplexPartsStayApart(t *testing.T) {
	const re = 1e6
	m := mutator.New(42)
	for i := range 5000 {
		v := struct{ C complex128 }{complex(re, 0)}
		mutate(t, m, &v, 64)
		r, im := real(v.C), imag(v.C)
		rChanged := math.Float64bits(r) != math.Float64bits(re)
		iChanged := math.Float64bits(im) != 0
		if rChanged == iChanged {
			t.Fatalf("mutation %d: %v: want exactly one part changed", i, v.C)
		}
		// 0 ± 1..16 is the imaginary part's small step; no operation on
		// 1e6 gives it.
		if a := math.Abs(r); rChanged && a >= 2 && a <= 16 && a == math.Trunc(a) {
			t.Fatalf("mutation %d: real part %v comes from the imaginary part", i, r)
		}
		// Likewise 1e6 ± 1..16 never comes from 0.
		if a := math.Abs(im); iChanged && a >= re-16 && a <= re+16 {
			t.Fatalf("mutation %d: imaginary part %v comes from the real part", i, im)
		}
	}
}

// The choice is uniform over every candidate: here 15 bools in a slice of
// structs (the walk jumps straight to the element it chose) and nothing
// else that can change an all-false value (swapping equal elements does
// not), so each bool is flipped a fifteenth of the time.
func TestUniformOverElements(t *testing.T) {
	type flags struct {
		A    bool
		Pair [2]bool
	}
	type holder struct {
		S []flags `fuzz:"len=5"`
	}
	const runs = 30_000
	var counts [15]int
	m := mutator.New(43)
	for range runs {
		v := holder{S: make([]flags, 5)}
		mutate(t, m, &v, 64)
		flipped := -1
		for i, f := range v.S {
			for j, b := range []bool{f.A, f.Pair[0], f.Pair[1]} {
				if b {
					if flipped >= 0 {
						t.Fatalf("two bools flipped: %+v", v.S)
					}
					flipped = 3*i + j
				}
			}
		}
		if flipped < 0 {
			t.Fatalf("nothing flipped: %+v", v.S)
		}
		counts[flipped]++
	}
	for i, c := range counts {
		// runs/15 = 2000; the standard deviation is about 43.
		if c < 1800 || c > 2200 {
			t.Errorf("bool %d flipped %d times in %d; about %d expected (all: %v)", i, c, runs, runs/15, counts)
		}
	}
}

// mKeys has map keys of several kinds: arrays, structs, floats (NaN keys
// included), strings.
type mKeys struct {
	A map[[2]uint8]string
	S map[mKey]uint8
	F map[float32]bool
	T map[string][]int8
}

type mKey struct {
	A int8
	B string `fuzz:"maxlen=3"`
}

// Maps of every key kind mutate deterministically (the walk orders
// entries by their encoded keys, not by Go's map order) into values that
// decode strictly.
func TestMapKeyKinds(t *testing.T) {
	a, b := zero[mKeys](t), zero[mKeys](t)
	ma, mb := mutator.New(44), mutator.New(44)
	nanKeys := false
	for i := range runs(20_000, 3_000) {
		mutate(t, ma, &a, 512)
		mutate(t, mb, &b, 512)
		ea, eb := enc(t, &a), enc(t, &b)
		if !bytes.Equal(ea, eb) {
			t.Fatalf("mutation %d: same seed, different results", i)
		}
		var back mKeys
		if err := codec.Unmarshal(ea, &back); err != nil {
			t.Fatalf("mutation %d: %v", i, err)
		}
		for k := range a.F {
			nanKeys = nanKeys || k != k
		}
	}
	if !nanKeys {
		t.Error("no NaN key was ever made")
	}
}

// Types that marshal themselves (here big.Int, through its text form) get
// their bytes mutated, and the results encode canonically.
func TestOpaqueBuiltIn(t *testing.T) {
	v := struct {
		N big.Int
		K uint8
	}{}
	v.N.SetInt64(1234567)
	m := mutator.New(45)
	changed := 0
	for i := range 2000 {
		before := v.N.String()
		mutate(t, m, &v, 64)
		if v.N.String() != before {
			changed++
		}
		var back struct {
			N big.Int
			K uint8
		}
		if err := codec.Unmarshal(enc(t, &v), &back); err != nil || back.N.Cmp(&v.N) != 0 {
			t.Fatalf("mutation %d: %v", i, err)
		}
	}
	t.Logf("N changed in %d of 2000 mutations; now %v", changed, &v.N)
	if changed < 100 {
		t.Errorf("N changed in %d of 2000 mutations", changed)
	}
}
