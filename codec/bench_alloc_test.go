package codec_test

import (
	"testing"

	"github.com/structfuzz/structfuzz/codec"
)

// Decoding a fixed-size value into a reused value must not allocate: the
// fuzzer decodes every input, and a per-input allocation shows up directly
// in executions per second. (Timings live in bench_test.go; only the
// allocation count is asserted, as it does not depend on the machine.)
func TestDecodeFixedSizeAllocatesNothing(t *testing.T) {
	h := bHeader()
	hdata, err := codec.Marshal(&h)
	if err != nil {
		t.Fatal(err)
	}
	arr := bFloat64s()
	adata, err := codec.Marshal(arr)
	if err != nil {
		t.Fatal(err)
	}
	var (
		hgot bPacketHeader
		agot [256]float64
	)
	tests := []struct {
		name string
		run  func() error
	}{
		{"Unmarshal/FixedStruct", func() error { return codec.Unmarshal(hdata, &hgot) }},
		{"UnmarshalLenient/FixedStruct", func() error { return codec.UnmarshalLenient(hdata, &hgot) }},
		{"Unmarshal/Float64Array256", func() error { return codec.Unmarshal(adata, &agot) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(); err != nil { // also compiles and caches the plan
				t.Fatal(err)
			}
			var runErr error
			allocs := testing.AllocsPerRun(100, func() {
				if err := tt.run(); err != nil {
					runErr = err
				}
			})
			if runErr != nil {
				t.Fatal(runErr)
			}
			if allocs != 0 {
				t.Errorf("%v allocations per decode, want 0", allocs)
			}
		})
	}
	if hgot != h {
		t.Errorf("decoded %+v, want %+v", hgot, h)
	}
	if agot != *arr {
		t.Errorf("decoded array differs from the original")
	}
}

// Sizing and encoding a value with maps (into a buffer with room) allocate
// nothing once warm: the maps' sorted entries live in pooled scratch. The
// mutator sizes and encodes the whole value on every attempt, so a
// per-map allocation multiplied over a tree of maps. (sync.Pool may drop
// its contents at a garbage collection: the count is the average over
// many runs, which such a drop cannot lift to one.)
func TestEncodeMapsAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items")
	}
	v := bMedium() // a struct with a map of 8 entries
	nested := map[string]map[uint8][]string{
		"a": {1: {"x"}, 2: {"y", "z"}},
		"b": {3: nil},
	}
	for _, tc := range []struct {
		name string
		v    any
	}{{"Medium", v}, {"nested", &nested}} {
		t.Run(tc.name, func(t *testing.T) {
			buf, err := codec.Marshal(tc.v)
			if err != nil {
				t.Fatal(err)
			}
			room := make([]byte, 0, 2*len(buf))
			run := func() {
				if _, err := codec.Size(tc.v); err != nil {
					t.Fatal(err)
				}
				if _, err := (codec.Options{}).Append(room, tc.v); err != nil {
					t.Fatal(err)
				}
			}
			run()
			if n := testing.AllocsPerRun(1000, run); n >= 1 {
				t.Errorf("%v allocations per Size and Append, want 0", n)
			}
		})
	}
}
