package codec_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
)

// tValuesPerType is how many random values each round-trip property checks.
func tValuesPerType() int {
	if testing.Short() {
		return 200
	}
	return 1000
}

// tShow formats v for a failure message, cut to a readable length.
func tShow(v reflect.Value) string {
	s := fmt.Sprintf("%+v", v.Interface())
	if len(s) > 600 {
		s = s[:600] + "…"
	}
	return s
}

// tRoundTrip checks the properties every valid value must have:
//   - Marshal succeeds, Size equals the length, and the bytes are the same
//     for the value, a pointer to it, a second call, and a deep copy whose
//     maps were filled in another order;
//   - Options.Append appends exactly those bytes;
//   - strict and lenient Unmarshal give back a value equal to v (floats by
//     their bits), also into a target that held another value;
//   - the encoding is canonical: Marshal of the decoded value gives the
//     same bytes.
//
// dirty, if valid, is a pointer to a value of the same type that already
// holds something; it is decoded into too.
func tRoundTrip(t *testing.T, r *rand.Rand, v reflect.Value, dirty reflect.Value) []byte {
	t.Helper()
	typ := v.Type()
	ptr := v.Addr().Interface()
	b, err := codec.Marshal(ptr)
	if err != nil {
		t.Fatalf("Marshal(%s): %v", tShow(v), err)
	}
	n, err := codec.Size(ptr)
	if err != nil || n != len(b) {
		t.Fatalf("Size = %d, %v; Marshal gave %d bytes\nvalue: %s", n, err, len(b), tShow(v))
	}
	if again, err := codec.Marshal(ptr); err != nil || !bytes.Equal(again, b) {
		t.Fatalf("second Marshal differs (%v)\nfirst  %x\nsecond %x", err, b, again)
	}
	if typ.Kind() != reflect.Pointer && typ.Kind() != reflect.Interface {
		byValue, err := codec.Marshal(v.Interface())
		if err != nil || !bytes.Equal(byValue, b) {
			t.Fatalf("Marshal of the value (not a pointer) differs (%v)\npointer %x\nvalue   %x", err, b, byValue)
		}
	}
	clone := tClone(r, v)
	if d := tDiff(v, clone); d != "" {
		t.Fatalf("tClone is broken: %s", d)
	}
	if cb, err := codec.Marshal(clone.Addr().Interface()); err != nil || !bytes.Equal(cb, b) {
		t.Fatalf("Marshal of a copy with maps built in another order differs (%v)\noriginal %x\ncopy     %x", err, b, cb)
	}
	prefix := []byte("prefix")
	if ab, err := (codec.Options{}).Append(prefix[:len(prefix):len(prefix)], ptr); err != nil || !bytes.Equal(ab, append(prefix, b...)) {
		t.Fatalf("Append = %x, %v; want prefix then %x", ab, err, b)
	}

	out := reflect.New(typ)
	if err := codec.Unmarshal(b, out.Interface()); err != nil {
		t.Fatalf("Unmarshal(Marshal(v)): %v\nvalue: %s\nbytes: %x", err, tShow(v), b)
	}
	if d := tDiff(v, out.Elem()); d != "" {
		t.Fatalf("Unmarshal(Marshal(v)) != v at %s\nvalue: %s\nbytes: %x", d, tShow(v), b)
	}
	if re, err := codec.Marshal(out.Interface()); err != nil || !bytes.Equal(re, b) {
		t.Fatalf("not canonical: Marshal(Unmarshal(b)) = %x, %v\nb = %x", re, err, b)
	}
	lenient := reflect.New(typ)
	if err := codec.UnmarshalLenient(b, lenient.Interface()); err != nil {
		t.Fatalf("UnmarshalLenient of a valid encoding: %v", err)
	}
	if d := tDiff(out.Elem(), lenient.Elem()); d != "" {
		t.Fatalf("lenient and strict decoding of a valid encoding differ at %s\nbytes: %x", d, b)
	}
	if dirty.IsValid() {
		if err := codec.Unmarshal(b, dirty.Interface()); err != nil {
			t.Fatalf("Unmarshal into a used value: %v", err)
		}
		if d := tDiff(v, dirty.Elem()); d != "" {
			t.Fatalf("Unmarshal into a used value left something of it at %s", d)
		}
	}
	return b
}

func TestRoundTrip(t *testing.T) {
	// Recursive types with a value that reaches the depth limit exactly,
	// so the limit itself round-trips. The first value of each is built
	// to reach it (tGen.spineValue); random values reach it only by
	// chance, which under -short once left tTree at 60 of 64.
	mustReachLimit := map[reflect.Type]bool{
		reflect.TypeFor[tList]():     true,
		reflect.TypeFor[tTree]():     true,
		reflect.TypeFor[tPTree]():    true,
		reflect.TypeFor[tRecSlice](): true,
	}
	for i, typ := range tRoundTripTypes {
		t.Run(typ.String(), func(t *testing.T) {
			t.Parallel()
			g := tNewGen(uint64(i) + 1)
			var dirty reflect.Value
			for k := range tValuesPerType() {
				v := g.value(t, typ)
				if k == 0 && mustReachLimit[typ] {
					v = g.spineValue(t, typ)
				}
				tRoundTrip(t, g.r, v, dirty)
				dirty = reflect.New(typ)
				dirty.Elem().Set(tClone(g.r, v))
			}
			if mustReachLimit[typ] && g.deepest != codec.DefaultMaxDepth {
				t.Errorf("the deepest value reached depth %d, want the limit %d", g.deepest, codec.DefaultMaxDepth)
			}
		})
	}
}

// A few values written by hand, with what they must encode to.
func TestRoundTripKnownBytes(t *testing.T) {
	negZero := math.Copysign(0, -1)
	tests := []struct {
		name string
		v    any // a pointer
		want []byte
	}{
		{"int is 8 bytes", tPtr(int(-2)), []byte{0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
		{"uintptr is 8 bytes", tPtr(uintptr(1)), []byte{1, 0, 0, 0, 0, 0, 0, 0}},
		{"negative zero keeps its sign", tPtr(negZero), []byte{0, 0, 0, 0, 0, 0, 0, 0x80}},
		{"signalling NaN float32 keeps its bits", tPtr(math.Float32frombits(0x7f800001)), []byte{1, 0, 0x80, 0x7f}},
		{"complex64", tPtr(complex64(complex(1, -2))), []byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0}},
		{"nil slice", tPtr([]int16(nil)), []byte{0xff, 0xff, 0xff, 0xff}},
		{"empty slice", tPtr([]int16{}), []byte{0, 0, 0, 0}},
		{"nil map", tPtr(map[int8]int8(nil)), []byte{0xff, 0xff, 0xff, 0xff}},
		{"empty map", tPtr(map[int8]int8{}), []byte{0, 0, 0, 0}},
		{"empty string", tPtr(""), []byte{0, 0, 0, 0}},
		{"named bytes", tPtr(tBytesB{1, 2}), []byte{2, 0, 0, 0, 1, 2}},
		{"[0]T", tPtr([0]int64{}), []byte{}},
		{"[]struct{}", tPtr(make([]struct{}, 3)), []byte{3, 0, 0, 0}},
		{"pointers", tPtr(tPointers{P: tPtr(1)}), []byte{
			1, 1, 0, 0, 0, 0, 0, 0, 0, // P
			0, 0, 0, 0, 0, 0, 0, 0, // PP to PF
			0xff, 0xff, 0xff, 0xff, // SP
			0xff, 0xff, 0xff, 0xff, // MP
			0, 0, // AP
		}},
		{"nil union", tPtr(tShape(nil)), []byte{0, 0}},
		{"value variant", tPtr(tShape(tRect{W: 1, H: 2})), []byte{3, 0, 1, 0, 0, 0, 2, 0, 0, 0}},
		{"typed nil pointer variant", tPtr(tShape((*tPoly)(nil))), []byte{2, 0, 0}},
		{"pointer variant", tPtr(tShape(&tPoly{})), []byte{2, 0, 1, 0xff, 0xff, 0xff, 0xff}},
		{"named integer variant", tPtr(tShape(tNum(-1))), []byte{4, 0, 0xff, 0xff, 0xff, 0xff}},
		{"map keys sorted by their bytes, not their values", tPtr(map[uint16]bool{0x0001: true, 0x0100: false}),
			[]byte{2, 0, 0, 0, 0x00, 0x01, 0, 0x01, 0x00, 1}},
		{"float keys: -0 after +0 bytes", tPtr(map[float32]bool{tNegZero32(): true, 1: false}),
			[]byte{2, 0, 0, 0, 0, 0, 0, 0x80, 1, 0, 0, 0x80, 0x3f, 0}},
		{"embedded structs", tPtr(tEmbed{TExported: TExported{A: 1, B: "b"}, tinner: tinner{C: 2}, E: true}),
			[]byte{1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 'b', 2, 0, 0xff, 0xff, 0xff, 0xff, 0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := codec.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, tt.want) {
				t.Fatalf("Marshal = % x, want % x", b, tt.want)
			}
			v := reflect.ValueOf(tt.v).Elem()
			tRoundTrip(t, rand.New(rand.NewPCG(1, 2)), v, reflect.Value{})
		})
	}
}

func tPtr[T any](v T) *T { return &v }

func tNegZero32() float32 { return float32(math.Copysign(0, -1)) }

// Unexported fields and fields tagged `fuzz:"-"` are never encoded, and
// decode as zero even when the target held something in them.
func TestRoundTripHiddenFieldsAreZero(t *testing.T) {
	ch := make(chan int)
	v := tHidden{A: 1, b: 2, C: "c", d: []int{4}, E: 5, F: ch, G: func() {}, h: ch,
		I: []tHiddenInner{{X: 6, y: 7}}}
	b, err := codec.Marshal(&v)
	if err != nil {
		t.Fatal(err)
	}
	want := tHidden{A: 1, C: "c", I: []tHiddenInner{{X: 6}}}
	wb, err := codec.Marshal(&want)
	if err != nil || !bytes.Equal(b, wb) {
		t.Fatalf("hidden fields changed the encoding: % x vs % x (%v)", b, wb, err)
	}
	got := v // a target whose hidden fields are all set
	if err := codec.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.b != 0 || got.d != nil || got.E != 0 || got.F != nil || got.G != nil || got.h != nil || got.I[0].y != 0 {
		t.Fatalf("hidden fields survived decoding: %+v", got)
	}
	if d := tDiff(reflect.ValueOf(want), reflect.ValueOf(got)); d != "" {
		t.Fatalf("decoded value differs at %s", d)
	}
	var lenient tHidden = v
	if err := codec.UnmarshalLenient(b, &lenient); err != nil {
		t.Fatal(err)
	}
	if d := tDiff(reflect.ValueOf(want), reflect.ValueOf(lenient)); d != "" {
		t.Fatalf("leniently decoded value differs at %s", d)
	}
}

// Regression: an unexported embedded struct that promotes no field, and a
// struct whose fields are all skipped, encode like unexported fields: not
// at all.
func TestRoundTripNothingToEncode(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want []byte
		zero any // what decoding gives
	}{
		{"embedded private state", &tEmbedsPrivate{tPrivState: tPrivState{n: 5}, A: -1}, []byte{0xff}, &tEmbedsPrivate{A: -1}},
		{"all fields skipped", &tAllSkipped{A: 3, C: make(chan int)}, []byte{}, &tAllSkipped{}},
		{"slice of them", &[]tAllSkipped{{A: 1}, {}}, []byte{2, 0, 0, 0}, &[]tAllSkipped{{}, {}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := codec.Marshal(tt.v)
			if err != nil || !bytes.Equal(b, tt.want) {
				t.Fatalf("Marshal = % x, %v; want % x", b, err, tt.want)
			}
			got := reflect.New(reflect.TypeOf(tt.v).Elem())
			got.Elem().Set(reflect.ValueOf(tt.v).Elem()) // decode over the original
			if err := codec.Unmarshal(b, got.Interface()); err != nil {
				t.Fatal(err)
			}
			if d := tDiffPtrs(tt.zero, got.Interface()); d != "" {
				t.Fatalf("decoded value differs at %s", d)
			}
		})
	}
}

// tChain returns a tList of n nodes.
func tChain(n int) *tList {
	var head *tList
	for i := n; i > 0; i-- {
		head = &tList{V: i, Next: head}
	}
	return head
}

// The depth limit counts optional steps: a list of DefaultMaxDepth+1 nodes
// (DefaultMaxDepth pointer steps below the root) is the deepest allowed.
func TestRoundTripDepthLimit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	deepest := tChain(codec.DefaultMaxDepth + 1)
	tRoundTrip(t, r, reflect.ValueOf(deepest).Elem(), reflect.Value{})

	tooDeep := tChain(codec.DefaultMaxDepth + 2)
	if _, err := codec.Marshal(tooDeep); !errors.Is(err, codec.ErrDepth) {
		t.Fatalf("Marshal of a list one node too deep: %v, want ErrDepth", err)
	}
	if _, err := codec.Size(tooDeep); !errors.Is(err, codec.ErrDepth) {
		t.Fatalf("Size of a list one node too deep: %v, want ErrDepth", err)
	}

	// Options.MaxDepth sets another limit, for encoding and decoding.
	opts := codec.Options{MaxDepth: 3}
	b, err := opts.Marshal(tChain(4))
	if err != nil {
		t.Fatal(err)
	}
	var back tList
	if err := opts.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if _, err := opts.Marshal(tChain(5)); !errors.Is(err, codec.ErrDepth) {
		t.Fatalf("MaxDepth 3, 5 nodes: %v, want ErrDepth", err)
	}
	b, _ = codec.Marshal(tChain(5))
	if err := opts.Unmarshal(b, &back); !errors.Is(err, codec.ErrDepth) {
		t.Fatalf("MaxDepth 3, decoding 5 nodes: %v, want ErrDepth", err)
	}
	lenient := codec.Options{MaxDepth: 3, Lenient: true}
	if err := lenient.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := tDiff(reflect.ValueOf(back), reflect.ValueOf(*tChain(4))); d != "" {
		t.Fatalf("lenient decoding past the limit should cut the list to 4 nodes: %s", d)
	}
}

// Maps encode in the same order however they were built: many entries,
// many insertion orders, many map sizes.
func TestMarshalMapDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	type keyed struct {
		S map[string]int32
		F map[float64]uint8
		K map[tKey]bool
	}
	v := keyed{S: map[string]int32{}, F: map[float64]uint8{}, K: map[tKey]bool{}}
	for i := range 1000 {
		v.S[fmt.Sprint(r.Uint64())] = int32(i)
		v.K[tKey{A: int16(i), B: fmt.Sprint(i % 7)}] = i%2 == 0
	}
	for i := range 300 {
		v.F[r.NormFloat64()] = uint8(i)
	}
	v.F[math.NaN()] = 1
	v.F[math.Float64frombits(0x7ff8000000000abc)] = 2
	v.F[math.Inf(-1)] = 3
	v.F[math.Copysign(0, -1)] = 4
	first, err := codec.Marshal(&v)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		c := tClone(r, reflect.ValueOf(v))
		b, err := codec.Marshal(c.Interface())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, first) {
			t.Fatalf("encoding %d of the same maps differs", i)
		}
	}
	var back keyed
	if err := codec.Unmarshal(first, &back); err != nil {
		t.Fatal(err)
	}
	if d := tDiff(reflect.ValueOf(v), reflect.ValueOf(back)); d != "" {
		t.Fatalf("round trip differs at %s", d)
	}
}

// Unions of the same type registered in two orders would be different
// formats; registration order is the tag order.
func TestUnionTagsFollowRegistrationOrder(t *testing.T) {
	tests := []struct {
		v   tExpr
		tag uint16
	}{
		{nil, 0}, {tLit{}, 1}, {tAdd{}, 2}, {&tNeg{}, 3}, {(*tNeg)(nil), 3}, {tCall{}, 4}, {tVar(""), 5},
	}
	for _, tt := range tests {
		b, err := codec.Marshal(&tt.v)
		if err != nil {
			t.Fatal(err)
		}
		if got := uint16(b[0]) | uint16(b[1])<<8; got != tt.tag {
			t.Errorf("%T: tag %d, want %d", tt.v, got, tt.tag)
		}
	}
}

// tRoundTripErr is the core of tRoundTrip for goroutines: it returns a
// description of the first failure, or "".
func tRoundTripErr(v reflect.Value) string {
	ptr := v.Addr().Interface()
	b, err := codec.Marshal(ptr)
	if err != nil {
		return fmt.Sprintf("Marshal(%s): %v", tShow(v), err)
	}
	if n, err := codec.Size(ptr); err != nil || n != len(b) {
		return fmt.Sprintf("Size = %d, %v; want %d", n, err, len(b))
	}
	out := reflect.New(v.Type())
	if err := codec.Unmarshal(b, out.Interface()); err != nil {
		return fmt.Sprintf("Unmarshal: %v", err)
	}
	if d := tDiff(v, out.Elem()); d != "" {
		return fmt.Sprintf("%v: round trip differs at %s", v.Type(), d)
	}
	if re, err := codec.Marshal(out.Interface()); err != nil || !bytes.Equal(re, b) {
		return fmt.Sprintf("%v: not canonical (%v)", v.Type(), err)
	}
	return ""
}

// tFieldPalette are the field types and tags fresh struct types are made
// of in the concurrency test.
var tFieldPalette = []struct {
	t   reflect.Type
	tag reflect.StructTag
}{
	{reflect.TypeFor[int8](), `fuzz:"min=-3,max=3"`},
	{reflect.TypeFor[uint16](), ""},
	{reflect.TypeFor[float64](), ""},
	{reflect.TypeFor[string](), `fuzz:"maxlen=5,utf8"`},
	{reflect.TypeFor[[]byte](), ""},
	{reflect.TypeFor[tPoint](), ""},
	{reflect.TypeFor[*tList](), ""},
	{reflect.TypeFor[tShape](), ""},
	{reflect.TypeFor[map[string]int](), `fuzz:"maxlen=3"`},
	{reflect.TypeFor[tColor](), ""},
	{reflect.TypeFor[[2]tLevel](), ""},
	{reflect.TypeFor[tConc](), ""},
	{reflect.TypeFor[[]tConcEnumA](), ""},
}

// tFreshType builds a struct type from random palette fields, possibly
// wrapped in an array, slice or map type: most are new to the plan cache,
// some repeat (reflect returns the same type for the same fields).
func tFreshType(r *rand.Rand) reflect.Type {
	var fields []reflect.StructField
	for i := range 1 + r.IntN(5) {
		f := tFieldPalette[r.IntN(len(tFieldPalette))]
		fields = append(fields, reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: f.t, Tag: f.tag})
	}
	t := reflect.StructOf(fields)
	switch r.IntN(4) {
	case 0:
		t = reflect.ArrayOf(1+r.IntN(40), t)
	case 1:
		t = reflect.SliceOf(t)
	case 2:
		t = reflect.MapOf(reflect.TypeFor[uint8](), t)
	}
	return t
}

// Plans are compiled from many goroutines at once, for fresh and shared
// types, while values are encoded and decoded and enums are registered
// again (which drops the plan cache). Run with -race.
func TestConcurrentPlansAndCodec(t *testing.T) {
	const workers = 16
	iterations := 60
	if testing.Short() {
		iterations = 15
	}
	shared := []reflect.Type{reflect.TypeFor[tFuzzRoot](), reflect.TypeFor[tConc](), reflect.TypeFor[tCollections]()}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	// Registrations: the same values each time, so every plan, old or
	// new, describes the same set.
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				switch (i + w) % 4 {
				case 0:
					codec.RegisterEnum[tConcEnumA](1, 2)
				case 1:
					codec.RegisterEnum[tConcEnumB](-7, 7)
				case 2:
					codec.RegisterEnum[tConcEnumC](0, math.MaxUint64)
				default:
					codec.RegisterEnum[tConcEnumD](3)
				}
				runtime.Gosched()
			}
		}()
	}
	var workersWG sync.WaitGroup
	for w := range workers {
		workersWG.Add(1)
		go func() {
			defer workersWG.Done()
			g := tNewGen(uint64(w) + 77)
			for i := range iterations {
				typ := shared[(w+i)%len(shared)]
				if i%2 == 0 {
					typ = tFreshType(g.r)
				}
				p, err := plan.For(typ)
				if err != nil {
					t.Errorf("plan.For(%v): %v", typ, err)
					return
				}
				if p.Type != typ {
					t.Errorf("plan.For(%v) returned a plan of %v", typ, p.Type)
					return
				}
				if msg := tRoundTripErr(g.valueOf(p)); msg != "" {
					t.Errorf("%v: %s", typ, msg)
					return
				}
			}
		}()
	}
	workersWG.Wait()
	close(stop)
	wg.Wait()
}

// The core packages are pure Go: they build with cgo disabled, and none
// has cgo files.
func TestBuildWithoutCgo(t *testing.T) {
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH")
	}
	run := func(cgo string, args ...string) string {
		t.Helper()
		cmd := exec.Command(gotool, args...)
		cmd.Dir = ".." // the module root
		cmd.Env = append(os.Environ(), "CGO_ENABLED="+cgo)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("CGO_ENABLED=%s go %s: %v\n%s", cgo, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("0", "build", "./codec/...", "./internal/...")
	out := run("1", "list", "-f", "{{.ImportPath}} {{.CgoFiles}}", "./codec/...", "./internal/...")
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasSuffix(line, " []") {
			t.Errorf("a core package uses cgo: %s", line)
		}
	}
}
