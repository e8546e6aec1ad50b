package mutator_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
)

// mSmall is a few scalars.
type mSmall struct {
	A int32
	B uint8
	C bool
	D float64
}

// mRecord is an element of the large benchmark value.
type mRecord struct {
	ID   uint32
	Kind mMode
	Name string
	Val  float64
}

func mediumValue() mMedium {
	return mMedium{
		ID:    0x1234,
		Name:  "a medium value!!",
		Tags:  []string{"alpha", "beta", "gamma", "delta", "epsilon"},
		Count: map[string]int32{"one": 1, "two": 2, "three": 3, "four": 4},
		Shape: &mRect{W: 3, H: 4},
		Data:  []byte("0123456789abcdef0123456789abcdef"),
		Score: 0.5,
		Flags: [4]bool{true, false, true, false},
	}
}

func largeValue() []mRecord {
	recs := make([]mRecord, 500)
	for i := range recs {
		recs[i] = mRecord{ID: uint32(i), Kind: mModes[i%len(mModes)], Name: fmt.Sprintf("r%03d", i), Val: float64(i) / 3}
	}
	return recs
}

func BenchmarkMutate(b *testing.B) {
	for _, bc := range []struct {
		name string
		new  func() any
	}{
		{"small", func() any { return &mSmall{A: 1, B: 2, C: true, D: 3} }},
		{"medium", func() any { v := mediumValue(); return &v }},
		{"large", func() any { v := largeValue(); return &v }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			// A quarter of headroom: the value may grow, but its size
			// stays close to the start over the run.
			benchMutate(b, bc.new(), func(n int) int { return n + n/4 })
		})
	}
}

// benchMutate measures chained mutations of *ptr with a size cap of
// room(its starting size), and reports the start and end sizes.
func benchMutate(b *testing.B, ptr any, room func(int) int) {
	start, err := codec.Marshal(ptr)
	if err != nil {
		b.Fatal(err)
	}
	maxSize := room(len(start))
	m := mutator.New(1)
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Mutate(ptr, maxSize); err != nil && !errors.Is(err, mutator.ErrNoMutation) {
			b.Fatal(err)
		}
	}
	end, _ := codec.Marshal(ptr)
	b.ReportMetric(float64(len(start)), "start-bytes")
	b.ReportMetric(float64(len(end)), "end-bytes")
}
