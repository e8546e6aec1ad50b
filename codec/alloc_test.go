package codec_test

import (
	"errors"
	"reflect"
	"runtime"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
)

// tAllocs returns the allocations and the bytes allocated by one call of
// f, averaged over many calls. f is called once first, so plans are
// compiled and cached before measuring.
func tAllocs(f func()) (allocs float64, bytes uint64) {
	const runs = 200
	f()
	allocs = testing.AllocsPerRun(runs, f)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return allocs, (after.TotalAlloc - before.TotalAlloc) / runs
}

// A length prefix of 0xFFFFFFF0 on a ten-byte input must not make the
// decoder allocate for the length it claims: strictly it is an error found
// before any allocation, leniently it is cut to what the input can hold.
// Elements that encode to nothing are capped too.
func TestHostileLengthAllocatesLittle(t *testing.T) {
	hostile := tLE(uint32(0xFFFFFFF0), "abcdef")
	tests := []struct {
		name   string
		prefix []byte // bytes before the hostile length
		new    func() any
	}{
		{"[]int64", nil, tNew[[]int64]()},
		{"[]byte", nil, tNew[[]byte]()},
		{"string", nil, tNew[string]()},
		{"[]string", nil, tNew[[]string]()},
		{"[]tPoint", nil, tNew[[]tPoint]()},
		{"[]tPadded", nil, tNew[[]tPadded]()},
		{"[]*tList", nil, tNew[[]*tList]()},
		{"[]tShape", nil, tNew[[]tShape]()},
		{"[][]string", nil, tNew[[][]string]()},
		{"map[int]int", nil, tNew[map[int]int]()},
		{"map[string]string", nil, tNew[map[string]string]()},
		{"map[tKey][]byte", nil, tNew[map[tKey][]byte]()},
		{"[]struct{}", nil, tNew[[]struct{}]()},
		{"[][0]int64", nil, tNew[[][0]int64]()},
		{"map[struct{}][0]int", nil, tNew[map[struct{}][0]int]()},
		{"tRecSlice", nil, tNew[tRecSlice]()},
		{"tRecMap", nil, tNew[tRecMap]()},
		{"tTree.Kids", []byte{1}, tNew[tTree]()},
		{"tCollections.Pts", nil, tNew[tCollections]()},
		{"nested: []tTree, then a hostile Kids", tLE(uint32(1), int8(0)), tNew[[]tTree]()},
		{"union variant tLabel", tLE(uint16(5)), tNew[tShape]()},
	}
	const maxBytes = 4 << 10
	for _, tt := range tests {
		in := append(append([]byte(nil), tt.prefix...), hostile...)
		for _, opts := range []codec.Options{{}, {Lenient: true}} {
			name := tt.name + "/strict"
			if opts.Lenient {
				name = tt.name + "/lenient"
			}
			t.Run(name, func(t *testing.T) {
				ptr := tt.new()
				var err error
				allocs, bytes := tAllocs(func() { err = opts.Unmarshal(in, ptr) })
				if (err != nil) == opts.Lenient {
					t.Fatalf("Unmarshal(% x) = %v", in, err)
				}
				t.Logf("%d bytes, %.0f allocations per call", bytes, allocs)
				if bytes >= maxBytes || allocs > 32 {
					t.Fatalf("decoding a %d-byte input allocates %d bytes in %.0f allocations per call, want < %d bytes", len(in), bytes, allocs, maxBytes)
				}
			})
		}
	}
}

// tFixed has a fixed size but is not a plain memory copy: a bool, an enum,
// a range, padding, a nested struct and arrays.
type tFixed struct {
	B  bool
	I  int
	E  tColor
	R  int8 `fuzz:"min=-5,max=5"`
	F  float32
	A  [3]uint16
	P  tPoint
	C  complex64
	Pd [2]tPadded
	Z  [0]string
	Fs [2]float64 `fuzz:"min=0"`
}

// Decoding a fixed-size value into a value that is reused allocates
// nothing, strictly or leniently, whether it is copied in bulk or walked.
func TestDecodeFixedIntoReusedValueAllocatesNothing(t *testing.T) {
	fixed := tFixed{B: true, I: -1, E: 7, R: -5, F: 1.5, A: [3]uint16{1, 2, 3}, P: tPoint{4, 5},
		C: complex(6, 7), Pd: [2]tPadded{{A: 8, B: 9, C: 10}}, Fs: [2]float64{0, 11}}
	var many [64]tFixed
	for i := range many {
		many[i] = fixed
		many[i].I = i
	}
	tests := []struct {
		name string
		v    any // a pointer to the value to encode
		into any // a pointer to the reused target
	}{
		{"tPoint", &tPoint{1, -2}, new(tPoint)},
		{"tPadded", &tPadded{1, 2, 3}, new(tPadded)},
		{"tFixed", &fixed, new(tFixed)},
		{"[64]tFixed", &many, new([64]tFixed)},
		{"[8]tColor", &[8]tColor{1, 3, 7, 1, 3, 7, 1, 3}, new([8]tColor)},
		{"[4]bool", &[4]bool{true}, new([4]bool)},
		{"int", tPtr(7), new(int)},
		{"[0]int", &[0]int{}, new([0]int)},
	}
	for _, tt := range tests {
		b, err := codec.Marshal(tt.v)
		if err != nil {
			t.Fatal(err)
		}
		for _, opts := range []codec.Options{{}, {Lenient: true}} {
			t.Run(tt.name, func(t *testing.T) {
				var err error
				allocs := testing.AllocsPerRun(100, func() { err = opts.Unmarshal(b, tt.into) })
				if err != nil {
					t.Fatal(err)
				}
				if allocs != 0 {
					t.Fatalf("Options%+v.Unmarshal allocates %.1f times per call, want 0", opts, allocs)
				}
				if d := tDiffPtrs(tt.v, tt.into); d != "" {
					t.Fatalf("decoded value differs at %s", d)
				}
			})
		}
	}
}

// tDiffPtrs is tDiff of the values two pointers point to.
func tDiffPtrs(a, b any) string {
	return tDiff(reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())
}

// tHeavyHidden encodes to nothing but takes 16 KiB of memory.
type tHeavyHidden struct {
	A [0]int
	b [1 << 14]byte
}

// Elements that encode to nothing but are large in memory are capped by
// memory, not only by count: a 4-byte input once allocated 64 MiB here.
func TestZeroSizeElementsLargeInMemory(t *testing.T) {
	input := []byte{0xff, 0x0f, 0, 0} // 4095 elements
	for _, lenient := range []bool{false, true} {
		var v []tHeavyHidden
		_, bytes := tAllocs(func() { codec.Options{Lenient: lenient}.Unmarshal(input, &v) })
		if bytes > 2<<20 {
			t.Errorf("lenient=%v: decoding allocated %d bytes", lenient, bytes)
		}
	}
	err := codec.Unmarshal(input, new([]tHeavyHidden))
	if !errors.Is(err, codec.ErrLength) {
		t.Fatalf("strict decode: err = %v, want ErrLength", err)
	}
	if _, err := codec.Marshal(make([]tHeavyHidden, 65)); !errors.Is(err, codec.ErrLength) {
		t.Fatalf("Marshal of 65 such elements: err = %v, want ErrLength", err)
	}
	if _, err := codec.Marshal(make([]tHeavyHidden, 64)); err != nil {
		t.Fatalf("Marshal of 64 such elements: %v", err)
	}
}

// An empty slice decodes as an empty, not nil, slice without an
// allocation of its own (it took one for the slice header).
func TestEmptySlicesAllocateNothing(t *testing.T) {
	type empties struct {
		S []int32
		B []byte
		P []*int
	}
	enc, err := codec.Marshal(empties{S: []int32{}, B: []byte{}, P: []*int{}})
	if err != nil {
		t.Fatal(err)
	}
	var v empties
	allocs, _ := tAllocs(func() {
		v = empties{}
		if err := codec.Unmarshal(enc, &v); err != nil {
			t.Fatal(err)
		}
	})
	if v.S == nil || v.B == nil || v.P == nil || len(v.S)+len(v.B)+len(v.P) != 0 {
		t.Fatalf("decoded %#v, want three empty slices", v)
	}
	if allocs != 0 {
		t.Fatalf("%v allocations per decode, want 0", allocs)
	}
	v.S = append(v.S, 1) // an empty slice from the decoder grows as any other
	v.B = append(v.B, 'x')
	if v.S[0] != 1 || string(v.B) != "x" {
		t.Fatalf("after append: %#v", v)
	}
}
