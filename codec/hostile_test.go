package codec_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/codec"
)

// Shapes whose values are much larger in memory than in their encoding:
// fields that encode to nothing (skipped or unexported) next to one that
// encodes, behind slices, arrays, maps, pointers, unions and recursion.

type hPad64K struct {
	Pad [1 << 16]byte `fuzz:"-"`
	B   uint8
}

type hPad1M struct {
	B   uint8
	pad [1 << 20]byte
}

type hPad1K struct {
	B   uint8
	pad [1 << 10]byte
}

type hBigList struct {
	Next *hBigList
	B    uint8
	pad  [1 << 16]byte
}

type hShape interface{ hShape() }

type hBigVariant struct {
	B   uint8
	pad [1 << 16]byte
}

type hNeg struct {
	X   hExpr
	pad [1 << 12]byte
}

type hLit uint8

type hExpr interface{ hExpr() }

func (hBigVariant) hShape() {}
func (hNeg) hExpr()         {}
func (hLit) hExpr()         {}

func init() {
	codec.RegisterUnion[hShape](hBigVariant{})
	codec.RegisterUnion[hExpr](hLit(0), hNeg{})
}

type hRequest struct {
	ID    uint32
	Items []hPad64K
	Tags  map[uint16]hPad1K
	Addr  netip.Addr
	When  time.Time
	Next  *hRequest
}

// hShapeCase is one hostile input of one shape family.
type hShapeCase struct {
	name string
	new  func() any
	opts codec.Options // Lenient is set by the test
	in   []byte
	// strictOK reports that strict decoding must succeed (the value fits
	// the budget); otherwise it must fail with ErrMemory.
	strictOK bool
}

// hLen encodes a length prefix.
func hLen(n int) []byte { return tLE(uint32(n)) }

// hSorted16 encodes n map entries with uint16 keys in increasing byte
// order (the order of the format), each followed by val.
func hSorted16(n int, val []byte) []byte {
	var b []byte
	for i := range n {
		b = append(b, byte(i>>8), byte(i))
		b = append(b, val...)
	}
	return b
}

func hShapes() []hShapeCase {
	deep := func(levels int, step, end []byte) []byte {
		return append(tRepeat(step, levels), end...)
	}
	// hBigList: a presence byte per level, then B of every level, the
	// innermost first.
	list := func(levels int) []byte {
		return append(append(tRepeat([]byte{1}, levels), 0), tRepeat([]byte{5}, levels+1)...)
	}
	return []hShapeCase{
		// The case: 4 KB into 4092 elements of 64 KiB.
		{"[]skipped64K/4KB", tNew[[]hPad64K](), codec.Options{}, append(hLen(4092), make([]byte, 4092)...), false},
		{"[]skipped64K/fits", tNew[[]hPad64K](), codec.Options{}, append(hLen(50), make([]byte, 50)...), true},
		{"[]unexported1M", tNew[[]hPad1M](), codec.Options{}, append(hLen(200), make([]byte, 200)...), false},
		{"[][64]unexported1K (huge arrays)", tNew[[][64]hPad1K](), codec.Options{}, append(hLen(128), make([]byte, 128*64)...), false},
		{"[][]skipped64K (nested)", tNew[[][]hPad64K](), codec.Options{}, append(hLen(100), tRepeat(append(hLen(10), make([]byte, 10)...), 100)...), false},
		{"map[uint16]unexported64K", tNew[map[uint16]hBigVariant](), codec.Options{}, append(hLen(1000), hSorted16(1000, []byte{7})...), false},
		{"map[uint16]unexported1K", tNew[map[uint16]hPad1K](), codec.Options{}, append(hLen(5000), hSorted16(5000, []byte{7})...), false},
		{"[]*unexported64K", tNew[[]*hBigVariant](), codec.Options{}, append(hLen(1000), tRepeat([]byte{1, 9}, 1000)...), false},
		{"[]union of unexported64K", tNew[[]hShape](), codec.Options{}, append(hLen(1000), tRepeat([]byte{1, 0, 9}, 1000)...), false},
		{"recursive list of 64K, depth 2000", tNew[hBigList](), codec.Options{MaxDepth: 2000}, list(2000), false},
		{"recursive list of 64K, default depth", tNew[hBigList](), codec.Options{}, list(40), true},
		{"recursive union of 4K, depth 3000", tNew[hExpr](), codec.Options{MaxDepth: 3000}, deep(3000, []byte{2, 0}, []byte{1, 0, 3}), false},
		{"[]netip.Addr", tNew[[]netip.Addr](), codec.Options{}, append(hLen(500), tRepeat(append(hLen(4), 10, 0, 0, 1), 500)...), true},
		{"[]time.Time", tNew[[]time.Time](), codec.Options{}, append(hLen(300), tRepeat(tOpaqueTime(), 300)...), true},
		{"[]string, all empty", tNew[[]string](), codec.Options{}, append(hLen(2000), make([]byte, 4*2000)...), true},
		{"[]map, all empty", tNew[[]map[uint8]uint8](), codec.Options{}, append(hLen(2000), make([]byte, 4*2000)...), true},
		{"small budget: []skipped64K", tNew[[]hPad64K](), codec.Options{MaxMemory: 1 << 16}, append(hLen(8), make([]byte, 8)...), false},
		{"request: Items", tNew[hRequest](), codec.Options{}, hRequestInput(300, 0), false},
		{"request: Tags", tNew[hRequest](), codec.Options{}, hRequestInput(0, 5000), false},
	}
}

// tOpaqueTime is the encoding of a time.Time with a zone offset.
func tOpaqueTime() []byte {
	b, err := codec.Marshal(time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("", 3600)))
	if err != nil {
		panic(err)
	}
	return b
}

// hRequestInput encodes an hRequest with items Items and tags Tags.
func hRequestInput(items, tags int) []byte {
	b := tLE(uint32(1))
	b = append(append(b, hLen(items)...), make([]byte, items)...)
	b = append(append(b, hLen(tags)...), hSorted16(tags, []byte{1})...)
	b = append(b, hLen(0)...)                // Addr: the zero Addr
	b = append(b, tOpaqueZeroTimeBytes()...) // When
	return append(b, 0)                      // Next
}

func tOpaqueZeroTimeBytes() []byte {
	b, err := codec.Marshal(time.Time{})
	if err != nil {
		panic(err)
	}
	return b
}

// hAllocated returns the bytes one call of f allocates (TotalAlloc counts
// every allocation, collected or not; no GC is needed).
func hAllocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Decoding allocates at most the memory budget, Options.MemoryBudget(n)
// = MaxMemory + MemoryPerByte*n for an n-byte input, whatever the shape:
// strictly, an input whose value would need more is ErrMemory naming the
// path; leniently it is cut, and the result still encodes and decodes
// strictly. Before the budget, the case (4 KB into a slice of
// structs with a skipped 64 KiB field) allocated 256 MiB.
func TestHostileShapesAllocateWithinBudget(t *testing.T) {
	var worst float64
	for _, tc := range hShapes() {
		for _, lenient := range []bool{false, true} {
			opts := tc.opts
			opts.Lenient = lenient
			name := tc.name + "/strict"
			if lenient {
				name = tc.name + "/lenient"
			}
			t.Run(name, func(t *testing.T) {
				ptr := tc.new()
				opts.Unmarshal(tc.in, ptr) // compile the plan first
				var err error
				got := hAllocated(func() { err = opts.Unmarshal(tc.in, ptr) })
				budget := opts.MemoryBudget(len(tc.in))
				ratio := float64(got) / float64(budget)
				worst = max(worst, ratio)
				t.Logf("%d-byte input: %d bytes allocated, budget %d (%.2f of it)", len(tc.in), got, budget, ratio)
				if got > uint64(budget) {
					t.Errorf("decoding a %d-byte input allocated %d bytes, more than the budget %d", len(tc.in), got, budget)
				}
				switch {
				case lenient && err != nil:
					t.Fatalf("lenient: %v", err)
				case !lenient && tc.strictOK && err != nil:
					t.Fatalf("strict: %v", err)
				case !lenient && !tc.strictOK:
					var ce *codec.Error
					if !errors.Is(err, codec.ErrMemory) || !errors.As(err, &ce) {
						t.Fatalf("strict: err = %v, want ErrMemory", err)
					}
					if !strings.Contains(err.Error(), "budget") || ce.Path == "" {
						t.Fatalf("strict: the error names no path or budget: %v", err)
					}
					t.Logf("strict: %v", err)
				}
				if err != nil {
					return
				}
				b, err := opts.Marshal(ptr)
				if err != nil {
					t.Fatalf("the decoded value does not encode: %v", err)
				}
				if !lenient && !bytes.Equal(b, tc.in) {
					t.Fatalf("strict decoding is not canonical")
				}
				strict := opts
				strict.Lenient = false
				if err := strict.Unmarshal(b, tc.new()); err != nil {
					t.Fatalf("the re-encoded value does not decode strictly: %v", err)
				}
			})
		}
	}
	t.Logf("worst allocation: %.2f of the budget", worst)
}

// The error of the case names the path of the slice and the
// numbers, inside a struct too.
func TestMemoryErrorNamesPath(t *testing.T) {
	err := codec.Unmarshal(hRequestInput(300, 0), new(hRequest))
	var ce *codec.Error
	if !errors.As(err, &ce) || !errors.Is(err, codec.ErrMemory) || ce.Path != "hRequest.Items" || ce.Offset != 4 {
		t.Fatalf("err = %v, want ErrMemory at hRequest.Items, offset 4", err)
	}
	for _, want := range []string{"300 elements of codec_test.hPad64K (65537 bytes each)", "MaxMemory 4194304 + 16 per byte"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("err = %q, want it to mention %q", err, want)
		}
	}
}

// Marshal and Size refuse a value whose encoding strict decoding would
// refuse for memory, so every encoding decodes; within the budget they
// accept it.
func TestMarshalRefusesWhatDecodingWould(t *testing.T) {
	over := make([]hPad64K, 100) // 6.5 MB for a 104-byte encoding
	for _, f := range []func() error{
		func() error { _, err := codec.Marshal(over); return err },
		func() error { _, err := codec.Size(over); return err },
		func() error { _, err := codec.Options{}.Append(nil, &over); return err },
		func() error { _, err := codec.MarshalReadable(over); return err },
	} {
		if err := f(); !errors.Is(err, codec.ErrMemory) {
			t.Errorf("err = %v, want ErrMemory", err)
		}
	}
	under := make([]hPad64K, 50)
	b, err := codec.Marshal(under)
	if err != nil {
		t.Fatal(err)
	}
	if err := codec.Unmarshal(b, new([]hPad64K)); err != nil {
		t.Fatal(err)
	}
	big := codec.Options{MaxMemory: 64 << 20}
	if _, err := big.Marshal(over); err != nil {
		t.Fatalf("with MaxMemory 64 MiB: %v", err)
	}
}

var writeSeeds = flag.Bool("write-hostile-seeds", false, "rewrite testdata/fuzz/FuzzHostileDecode from hShapes")

// TestHostileSeeds checks that every shape has its seed file under
// testdata/fuzz/FuzzHostileDecode, as -write-hostile-seeds writes them.
func TestHostileSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzHostileDecode")
	for i, tc := range hShapes() {
		name := fmt.Sprintf("shape%02d", i)
		content := fmt.Sprintf("go test fuzz v1\nbyte(%q)\n[]byte(%q)\n", byte(i), tc.in)
		path := filepath.Join(dir, name)
		if *writeSeeds {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Errorf("seed %s for %q is missing or stale (%v): run go test -run TestHostileSeeds -write-hostile-seeds", path, tc.name, err)
		}
	}
}

// FuzzHostileDecode decodes arbitrary bytes as one of the hostile shapes
// (chosen by the first argument), with that shape's options:
//
//   - neither decoder panics, and they allocate at most the memory budget;
//   - strict decoding fails with a *codec.Error wrapping a sentinel, or
//     succeeds, and then the value re-encodes to exactly the input;
//   - lenient decoding never fails, and its result encodes and decodes
//     strictly.
//
// The seeds in testdata/fuzz/FuzzHostileDecode are the inputs of
// TestHostileShapesAllocateWithinBudget. Their inputs are large (up to
// 40 KB), and minimising every interesting input slows the fuzzer to a
// few executions a second: run it with -fuzzminimizetime=0 (about a
// thousand a second on two cores).
func FuzzHostileDecode(f *testing.F) {
	shapes := hShapes()
	sentinels := []error{codec.ErrShortInput, codec.ErrTrailingBytes, codec.ErrLength, codec.ErrBool,
		codec.ErrUnionTag, codec.ErrRange, codec.ErrUTF8, codec.ErrDepth, codec.ErrMapKeys, codec.ErrOpaque, codec.ErrMemory}
	for _, tc := range shapes {
		tc.opts.Unmarshal(nil, tc.new()) // compile the plans
	}
	f.Fuzz(func(t *testing.T, which byte, data []byte) {
		tc := shapes[int(which)%len(shapes)]
		strict := tc.opts
		ptr := tc.new()
		var err error
		got := hAllocated(func() { err = strict.Unmarshal(data, ptr) })
		if budget := strict.MemoryBudget(len(data)); got > uint64(budget) {
			t.Fatalf("%s: strict decoding of %d bytes allocated %d, budget %d", tc.name, len(data), got, budget)
		}
		if err != nil {
			var ce *codec.Error
			if !errors.As(err, &ce) || ce.Offset < 0 || ce.Offset > len(data) {
				t.Fatalf("%s: strict error %v is not a *codec.Error inside the input", tc.name, err)
			}
			known := false
			for _, s := range sentinels {
				known = known || errors.Is(err, s)
			}
			if !known {
				t.Fatalf("%s: strict error wraps no sentinel: %v", tc.name, err)
			}
			if !reflect.ValueOf(ptr).Elem().IsZero() {
				t.Fatalf("%s: the target is not zero after an error", tc.name)
			}
		} else {
			b, err := strict.Marshal(ptr)
			if err != nil || !bytes.Equal(b, data) {
				t.Fatalf("%s: strict decoding does not round-trip: %v\ninput    % x\nre-coded % x", tc.name, err, data, b)
			}
		}
		lenient := tc.opts
		lenient.Lenient = true
		lptr := tc.new()
		got = hAllocated(func() { err = lenient.Unmarshal(data, lptr) })
		if err != nil {
			t.Fatalf("%s: lenient: %v", tc.name, err)
		}
		if budget := lenient.MemoryBudget(len(data)); got > uint64(budget) {
			t.Fatalf("%s: lenient decoding of %d bytes allocated %d, budget %d", tc.name, len(data), got, budget)
		}
		b, err := strict.Marshal(lptr)
		if err != nil {
			t.Fatalf("%s: the lenient result does not encode: %v", tc.name, err)
		}
		if err := strict.Unmarshal(b, tc.new()); err != nil {
			t.Fatalf("%s: the lenient result's encoding does not decode strictly: %v", tc.name, err)
		}
	})
}

// The readable form is bounded too: a short JSON array of elements that
// are large in memory is ErrMemory before it is allocated, where it once
// allocated 64 KiB per three bytes of JSON.
func TestHostileJSONAllocatesWithinBudget(t *testing.T) {
	js := []byte("[" + strings.Repeat(`{"B":1},`, 2000) + `{"B":1}]`)
	var v []hPad64K
	var err error
	got := hAllocated(func() { err = codec.UnmarshalReadable(js, &v) })
	if !errors.Is(err, codec.ErrMemory) {
		t.Fatalf("err = %v, want ErrMemory", err)
	}
	// Reading JSON allocates for tokens too: a margin of 64 bytes per
	// byte of JSON.
	if budget := (codec.Options{}).MemoryBudget(len(js)) + 64*len(js); got > uint64(budget) {
		t.Fatalf("%d bytes of JSON allocated %d, more than %d", len(js), got, budget)
	}
	small := []byte("[" + strings.Repeat(`{"B":1},`, 20) + `{"B":1}]`)
	if err := codec.UnmarshalReadable(small, &v); err != nil || len(v) != 21 {
		t.Fatalf("21 elements: %v, %d", err, len(v))
	}
}
