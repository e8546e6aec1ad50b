package postprocess_test

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/hook"
	"github.com/structfuzz/structfuzz/postprocess"
)

// calls records hook calls in order. Tests that read it do not run in
// parallel.
var calls []string

func record(format string, args ...any) { calls = append(calls, fmt.Sprintf(format, args...)) }

// run resets the record, applies, and returns the calls made.
func run(t *testing.T, ptr any, seed uint64) []string {
	t.Helper()
	calls = nil
	if err := postprocess.Apply(ptr, seed); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	got := calls
	calls = nil
	return got
}

// Leaf has a pointer-receiver hook that records and marks itself.
type Leaf struct {
	N    int
	Done bool
}

func (l *Leaf) PostProcess(r *rand.Rand) {
	record("leaf%d", l.N)
	l.Done = true
}

// VLeaf has a value-receiver hook: it cannot change the value itself, but
// it can change what its reference fields point to.
type VLeaf struct {
	N   int
	Out []int
}

func (v VLeaf) PostProcess(r *rand.Rand) {
	record("vleaf%d", v.N)
	if len(v.Out) > 0 {
		v.Out[0] = v.N
	}
}

// Mid holds leaves in every kind of container, and has its own hook.
type Mid struct {
	A   Leaf
	Arr [2]Leaf
	S   []Leaf
	P   *Leaf
	M   map[string]Leaf
	U   Shape
	Pad string // no hook: skipped
}

func (m *Mid) PostProcess(r *rand.Rand) { record("mid") }

type Top struct {
	First Leaf
	Mid   Mid
	Last  Leaf
}

func (t Top) PostProcess(r *rand.Rand) { record("top") }

// Shape is a union of a value variant and a pointer variant.
type Shape interface{ isShape() }

// Circle is a value variant whose hook has a pointer receiver: the walk
// must copy it out of the interface and store it back.
type Circle struct{ R int }

func (Circle) isShape() {}
func (c *Circle) PostProcess(r *rand.Rand) {
	record("circle%d", c.R)
	c.R = -c.R
}

type Square struct{ Side Leaf }

func (*Square) isShape() {}
func (s *Square) PostProcess(r *rand.Rand) {
	record("square")
}

// Wrapped is a union whose interface type has a registered function: it
// runs after the content's hook.
type Wrapped interface{ isWrapped() }

type WInt struct{ N int }

func (WInt) isWrapped() {}
func (w *WInt) PostProcess(r *rand.Rand) {
	record("wint%d", w.N)
	w.N++
}

// Celsius stands for a type the user does not own: it has no method, a
// registered function clamps it.
type Celsius struct{ Deg int }

// Override has a method, but a registered function takes precedence.
type Override struct{ N int }

func (o *Override) PostProcess(r *rand.Rand) {
	record("override-method")
	o.N = 1
}

// PtrOnly gets a function registered for its pointer type, which fills
// in a nil pointer.
type PtrOnly struct{ N int }

func init() {
	postprocess.Register(func(p **PtrOnly, _ hook.Context) {
		record("ptronly")
		if *p == nil {
			*p = &PtrOnly{N: 7}
		}
	})
}

func init() {
	codec.RegisterUnion[Shape](Circle{}, &Square{})
	codec.RegisterUnion[Wrapped](WInt{})
	postprocess.Register(func(c *Celsius, _ hook.Context) {
		record("celsius%d", c.Deg)
		c.Deg = max(c.Deg, -273)
	})
	postprocess.Register(func(o *Override, _ hook.Context) {
		record("override-func")
		o.N = 2
	})
	postprocess.Register(func(w *Wrapped, _ hook.Context) {
		record("wrapped-func")
		if wi, ok := (*w).(WInt); ok {
			*w = WInt{N: wi.N * 10}
		}
	})
}

func TestOrderInnermostFirst(t *testing.T) {
	top := &Top{
		First: Leaf{N: 1},
		Mid: Mid{
			A:   Leaf{N: 2},
			Arr: [2]Leaf{{N: 3}, {N: 4}},
			S:   []Leaf{{N: 5}, {N: 6}},
			P:   &Leaf{N: 7},
			// String keys encode as a little-endian uint32 length, then
			// the bytes: "b" and "c" sort before "aa".
			M:   map[string]Leaf{"aa": {N: 10}, "c": {N: 9}, "b": {N: 8}},
			U:   &Square{Side: Leaf{N: 11}},
			Pad: "x",
		},
		Last: Leaf{N: 12},
	}
	want := []string{"leaf1", "leaf2", "leaf3", "leaf4", "leaf5", "leaf6", "leaf7",
		"leaf8", "leaf9", "leaf10", "leaf11", "square", "mid", "leaf12", "top"}
	for i := 0; i < 5; i++ { // map iteration order must not leak into the walk
		if got := run(t, top, 1); !slices.Equal(got, want) {
			t.Fatalf("run %d: calls\n got %v\nwant %v", i, got, want)
		}
	}
	for _, l := range []Leaf{top.First, top.Mid.A, top.Mid.Arr[0], top.Mid.Arr[1], top.Mid.S[0], top.Mid.S[1],
		*top.Mid.P, top.Mid.M["aa"], top.Mid.M["b"], top.Mid.M["c"], top.Mid.U.(*Square).Side, top.Last} {
		if !l.Done {
			t.Errorf("leaf%d: pointer-receiver hook did not change it", l.N)
		}
	}
}

func TestMapOrderIsKeyEncodingOrder(t *testing.T) {
	// int keys encode as 8 little-endian bytes: 256 (00 01 ..) sorts
	// before 1 (01 00 ..), and negative numbers (ff ..) last.
	m := map[int]*Leaf{1: {N: 1}, 256: {N: 256}, -1: {N: -1}, 2: {N: 2}}
	var want []string
	keys := []int{256, 1, 2, -1}
	for _, k := range keys {
		want = append(want, fmt.Sprintf("leaf%d", k))
	}
	// The codec writes the entries in the same order.
	enc, err := codec.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var at []int
	for _, k := range keys {
		kb, _ := codec.Marshal(k)
		at = append(at, bytes.Index(enc, kb))
	}
	if !slices.IsSorted(at) {
		t.Fatalf("test assumption: codec order of %v is not %v (offsets %v)", m, keys, at)
	}
	if got := run(t, &m, 0); !slices.Equal(got, want) {
		t.Fatalf("calls %v, want %v", got, want)
	}
}

// Holder places one hooked value in each kind of position the walk must
// write back or reach through.
type Holder struct {
	Val   VLeaf
	Slice []VLeaf
	Arr   [1]Circle
	Map   map[uint8]Circle
	Ptr   *Circle
	PPtr  **Leaf
	Union Shape
	Nil   Shape
	NilP  *Leaf
	Temp  Celsius
	Over  Override
	Wrap  Wrapped
}

func TestPositions(t *testing.T) {
	leaf := &Leaf{N: 4}
	tests := []struct {
		name  string
		value any
		want  []string
		check func(t *testing.T, v any)
	}{
		{
			name:  "value receiver",
			value: &VLeaf{N: 7, Out: []int{0}},
			want:  []string{"vleaf7"},
			check: func(t *testing.T, v any) {
				if got := v.(*VLeaf).Out[0]; got != 7 {
					t.Errorf("Out[0] = %d, want 7", got)
				}
			},
		},
		{
			name:  "pointer receiver",
			value: &Leaf{N: 1},
			want:  []string{"leaf1"},
			check: func(t *testing.T, v any) {
				if !v.(*Leaf).Done {
					t.Error("not marked")
				}
			},
		},
		{
			name:  "value receiver in slice",
			value: &[]VLeaf{{N: 1, Out: []int{0}}, {N: 2, Out: []int{0}}},
			want:  []string{"vleaf1", "vleaf2"},
			check: func(t *testing.T, v any) {
				s := *v.(*[]VLeaf)
				if s[0].Out[0] != 1 || s[1].Out[0] != 2 {
					t.Errorf("got %v", s)
				}
			},
		},
		{
			name:  "array",
			value: &[3]Circle{{R: 1}, {R: 2}, {R: 3}},
			want:  []string{"circle1", "circle2", "circle3"},
			check: func(t *testing.T, v any) {
				if *v.(*[3]Circle) != [3]Circle{{-1}, {-2}, {-3}} {
					t.Errorf("got %v", *v.(*[3]Circle))
				}
			},
		},
		{
			name:  "map values are written back",
			value: &map[uint8]Circle{2: {R: 20}, 1: {R: 10}},
			want:  []string{"circle10", "circle20"},
			check: func(t *testing.T, v any) {
				m := *v.(*map[uint8]Circle)
				if len(m) != 2 || m[1].R != -10 || m[2].R != -20 {
					t.Errorf("got %v", m)
				}
			},
		},
		{
			name:  "pointer to pointer",
			value: func() any { p := &Leaf{N: 3}; return &p }(),
			want:  []string{"leaf3"},
		},
		{
			name:  "value union variant is written back",
			value: func() any { var s Shape = Circle{R: 5}; return &s }(),
			want:  []string{"circle5"},
			check: func(t *testing.T, v any) {
				if got := *v.(*Shape); got != (Circle{R: -5}) {
					t.Errorf("got %#v", got)
				}
			},
		},
		{
			name:  "pointer union variant",
			value: func() any { var s Shape = &Square{Side: Leaf{N: 6}}; return &s }(),
			want:  []string{"leaf6", "square"},
		},
		{
			// Nil pointers, unions, slices and maps hold nothing to
			// process; plain fields do, and a function registered for an
			// interface type sees the nil interface.
			name:  "zero value",
			value: &Holder{},
			want:  []string{"vleaf0", "circle0", "celsius0", "override-func", "wrapped-func"},
		},
		{
			name:  "registered function for a foreign type",
			value: &[]Celsius{{Deg: -500}, {Deg: 20}},
			want:  []string{"celsius-500", "celsius20"},
			check: func(t *testing.T, v any) {
				if got := *v.(*[]Celsius); got[0].Deg != -273 || got[1].Deg != 20 {
					t.Errorf("got %v", got)
				}
			},
		},
		{
			name:  "registered function overrides the method",
			value: &Override{},
			want:  []string{"override-func"},
			check: func(t *testing.T, v any) {
				if got := v.(*Override).N; got != 2 {
					t.Errorf("N = %d, want 2", got)
				}
			},
		},
		{
			name:  "registered function for an interface runs after the content",
			value: func() any { var w Wrapped = WInt{N: 1}; return &w }(),
			want:  []string{"wint1", "wrapped-func"},
			check: func(t *testing.T, v any) {
				if got := *v.(*Wrapped); got != (WInt{N: 20}) {
					t.Errorf("got %#v", got)
				}
			},
		},
		{
			name:  "registered function for a pointer type sees nil",
			value: &struct{ A, B *PtrOnly }{B: &PtrOnly{N: 1}},
			want:  []string{"ptronly", "ptronly"},
			check: func(t *testing.T, v any) {
				s := v.(*struct{ A, B *PtrOnly })
				if s.A == nil || s.A.N != 7 || s.B.N != 1 {
					t.Errorf("got %+v %+v", s.A, s.B)
				}
			},
		},
		{
			name: "everything at once",
			value: &Holder{
				Val:   VLeaf{N: 1},
				Slice: []VLeaf{{N: 2}},
				Arr:   [1]Circle{{R: 3}},
				Map:   map[uint8]Circle{0: {R: 4}},
				Ptr:   &Circle{R: 5},
				PPtr:  &leaf,
				Union: Circle{R: 6},
				Temp:  Celsius{Deg: 7},
				Wrap:  WInt{N: 8},
			},
			want: []string{"vleaf1", "vleaf2", "circle3", "circle4", "circle5", "leaf4", "circle6",
				"celsius7", "override-func", "wint8", "wrapped-func"},
			check: func(t *testing.T, v any) {
				h := v.(*Holder)
				if h.Arr[0].R != -3 || h.Map[0].R != -4 || h.Ptr.R != -5 || !(*h.PPtr).Done ||
					h.Union != (Circle{R: -6}) || h.Over.N != 2 || h.Wrap != (WInt{N: 90}) {
					t.Errorf("got %+v", h)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := run(t, tc.value, 1)
			if !slices.Equal(got, tc.want) {
				t.Errorf("calls\n got %v\nwant %v", got, tc.want)
			}
			if tc.check != nil {
				tc.check(t, tc.value)
			}
		})
	}
}

// hidden is embedded unexported in Promoted: its hook is still called,
// once: a promoted method is not Promoted's own hook.
type hidden struct{ X int }

func (h *hidden) PostProcess(r *rand.Rand) {
	record("hidden%d", h.X)
	h.X = 99
}

type Promoted struct {
	hidden
	Y int
}

func TestEmbeddedHooks(t *testing.T) {
	v := &Promoted{hidden: hidden{X: 1}}
	got := run(t, v, 1)
	// The embedded field's hook runs for the field only; the method
	// Promoted gets from it by promotion is not a hook of Promoted.
	want := []string{"hidden1"}
	if !slices.Equal(got, want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	if v.X != 99 {
		t.Errorf("X = %d", v.X)
	}
}

// MapKey has a hook, but map keys are not post-processed.
type MapKey struct{ ID int }

func (k *MapKey) PostProcess(r *rand.Rand) {
	record("key%d", k.ID)
	k.ID = 0
}

func TestMapKeysNotProcessed(t *testing.T) {
	m := map[MapKey]Leaf{{ID: 1}: {N: 1}, {ID: 2}: {N: 2}}
	got := run(t, &m, 1)
	if want := []string{"leaf1", "leaf2"}; !slices.Equal(got, want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	if len(m) != 2 || !m[MapKey{1}].Done || !m[MapKey{2}].Done {
		t.Errorf("map %v", m)
	}
}

func TestNaNMapKey(t *testing.T) {
	m := map[float64]Circle{math.NaN(): {R: 1}, 2: {R: 2}}
	run(t, &m, 1)
	if len(m) != 2 || m[2].R != -2 {
		t.Fatalf("map %v", m)
	}
	for k, v := range m {
		if k != k && v.R != -1 {
			t.Errorf("NaN entry not processed: %v", v)
		}
	}

	// Two NaNs with the same bits encode identically: no order exists.
	dup := map[float64]Circle{math.NaN(): {R: 1}, math.NaN(): {R: 2}}
	err := postprocess.Apply(&dup, 1)
	if !errors.Is(err, codec.ErrMapKeys) {
		t.Errorf("got %v, want ErrMapKeys", err)
	}
	if _, err := codec.Marshal(dup); !errors.Is(err, codec.ErrMapKeys) {
		t.Errorf("codec: got %v, want ErrMapKeys as well", err)
	}
}

// Checked is a checksum fixer, the canonical hook.
type Checked struct {
	Data []byte
	Sum  uint32
}

func (c *Checked) PostProcess(r *rand.Rand) { c.Sum = crc32.ChecksumIEEE(c.Data) }

// Noisy fills an unset field from r: it uses the randomness, so the seed
// matters, but leaves a set field alone.
type Noisy struct {
	ID   uint64
	Kids []Noisy `fuzz:"maxlen=4"`
}

func (n *Noisy) PostProcess(r *rand.Rand) {
	if n.ID == 0 {
		n.ID = r.Uint64() | 1
	}
}

func noisy() *Noisy {
	return &Noisy{Kids: []Noisy{{}, {ID: 5}, {Kids: []Noisy{{}, {}}}}}
}

func TestDeterminism(t *testing.T) {
	enc := func(seed uint64) []byte {
		v := noisy()
		if err := postprocess.Apply(v, seed); err != nil {
			t.Fatal(err)
		}
		b, err := codec.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	base := enc(42)
	for i := 0; i < 3; i++ {
		if !bytes.Equal(enc(42), base) {
			t.Fatal("same seed and value gave different results")
		}
	}
	differ := false
	for seed := uint64(0); seed < 8; seed++ {
		if seed != 42 && !bytes.Equal(enc(seed), base) {
			differ = true
		}
	}
	if !differ {
		t.Error("eight other seeds all gave the result of seed 42: the hooks' rand ignores the seed")
	}
}

func TestIdempotent(t *testing.T) {
	values := []any{
		&Checked{Data: []byte("hello"), Sum: 7},
		&[]Checked{{}, {Data: []byte{1, 2, 3}}},
		&map[string]*Checked{"a": {Data: []byte("x")}, "b": {Sum: 3}},
		noisy(),
	}
	for i, v := range values {
		if err := postprocess.Apply(v, 1); err != nil {
			t.Fatal(err)
		}
		once, err := codec.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		for seed := uint64(0); seed < 4; seed++ {
			if err := postprocess.Apply(v, seed); err != nil {
				t.Fatal(err)
			}
			again, _ := codec.Marshal(v)
			if !bytes.Equal(once, again) {
				t.Errorf("value %d: Apply changed a post-processed value (seed %d)", i, seed)
			}
		}
	}
	c := values[0].(*Checked)
	if c.Sum != crc32.ChecksumIEEE([]byte("hello")) {
		t.Errorf("Sum = %#x", c.Sum)
	}
}

// Node is a recursive type with a hook; Plain is one without.
type Node struct {
	Next *Node
	Sum  Checked
}

type Plain struct {
	Next *Plain
	Kids []Plain
}

// Expr recurses through a union.
type Expr interface{ isExpr() }

type Neg struct{ X Expr }

func (*Neg) isExpr()                    {}
func (n *Neg) PostProcess(r *rand.Rand) {}

func init() { codec.RegisterUnion[Expr](&Neg{}) }

func chain(n int) *Node {
	var head *Node
	for i := 0; i < n; i++ {
		head = &Node{Next: head}
	}
	return head
}

func TestDepthLimit(t *testing.T) {
	cyc := &Node{}
	cyc.Next = cyc
	neg := &Neg{}
	neg.X = neg
	m := map[int]*Node{1: cyc}

	for _, v := range []any{cyc, &Node{Next: cyc}, neg, &m, &[]*Node{cyc}} {
		err := postprocess.Apply(v, 1)
		if !errors.Is(err, codec.ErrDepth) {
			t.Errorf("%T: got %v, want ErrDepth", v, err)
		}
		if err != nil && !strings.Contains(err.Error(), "more)") {
			t.Errorf("%T: error path not shortened: %v", v, err)
		}
	}

	// The limit is the codec's: a chain encodes iff it post-processes.
	for _, max := range []int{0, 3} {
		opts := postprocess.Options{Codec: codec.Options{MaxDepth: max}}
		copts := codec.Options{MaxDepth: max}
		limit := max
		if limit == 0 {
			limit = codec.DefaultMaxDepth
		}
		for n := limit - 1; n <= limit+2; n++ {
			v := chain(n)
			_, cerr := copts.Marshal(v)
			perr := opts.Apply(v, 1)
			if (cerr == nil) != (perr == nil) {
				t.Errorf("MaxDepth %d, chain of %d: codec %v, postprocess %v", max, n, cerr, perr)
			}
		}
	}

	// A cyclic subtree with no hook is never walked.
	type mixed struct {
		C Checked
		P *Plain
	}
	p := &Plain{}
	p.Next = p
	if err := postprocess.Apply(&mixed{P: p}, 1); err != nil {
		t.Errorf("hook-free cyclic subtree: %v", err)
	}
}

// Stray implements Shape but is not a registered variant.
type Stray struct{}

func (Stray) isShape() {}

// Color is an enum with the values 1 and 2.
type Color uint8

func (Color) EnumValues() []Color { return []Color{1, 2} }

// UKey is a map key with a variable-size encoding and a constraint.
type UKey struct {
	S string `fuzz:"utf8"`
}

func TestErrors(t *testing.T) {
	var nilLeaf *Leaf
	var s Shape = Stray{}
	tests := []struct {
		name string
		arg  any
		is   error
		text string
	}{
		{"nil", nil, nil, "non-nil pointer"},
		{"non-pointer", Leaf{}, nil, "non-nil pointer"},
		{"nil pointer", nilLeaf, nil, "non-nil pointer"},
		{"unsupported type", &struct{ C chan int }{}, codec.ErrUnsupportedType, "chan"},
		{"unregistered variant", &struct{ S Shape }{S: s}, codec.ErrUnionTag, ".S"},
		{"map key out of its enum", &map[Color]Leaf{1: {}, 7: {}}, codec.ErrRange, "map entries"},
		{"map key not UTF-8", &struct{ K map[UKey]Leaf }{K: map[UKey]Leaf{{"a"}: {}, {"\xff"}: {}}}, codec.ErrUTF8, ".K[key#"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := postprocess.Apply(tc.arg, 1)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("%v is not %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.text) {
				t.Errorf("%q does not mention %q", err, tc.text)
			}
		})
	}
}

type Panicky struct{}

func (*Panicky) PostProcess(r *rand.Rand) { panic("boom") }

func TestHookPanicPropagates(t *testing.T) {
	defer func() {
		err, ok := recover().(error)
		const want = "structfuzz: PostProcess of postprocess_test.Panicky panicked on {}: boom"
		if !ok || err.Error() != want {
			t.Errorf("recovered %v, want the error %q", err, want)
		}
	}()
	postprocess.Apply(&[]Panicky{{}}, 1)
	t.Error("Apply returned")
}

// Free has no hook anywhere, but every kind of container.
type Free struct {
	A int8
	B []string
	C map[string][]uint16
	D *Free
	E [2]float64
	F Shape2
	G []byte
}

type Shape2 interface{ isShape2() }
type Dot struct{ X, Y int32 }

func (Dot) isShape2() {}

func init() { codec.RegisterUnion[Shape2](Dot{}) }

func TestNoHooksLeavesValueAlone(t *testing.T) {
	v := &Free{A: -3, B: []string{"x", ""}, C: map[string][]uint16{"k": {1, 2}, "": nil},
		D: &Free{G: []byte{9}}, E: [2]float64{math.Inf(1), -0.0}, F: Dot{1, 2}}
	before, err := codec.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := postprocess.Apply(v, 1); err != nil {
		t.Fatal(err)
	}
	after, err := codec.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("changed:\n%x\n%x", before, after)
	}
	if n := testing.AllocsPerRun(100, func() { postprocess.Apply(v, 1) }); n != 0 {
		t.Errorf("Apply on a hook-free value allocates %v times: it walks", n)
	}
}

func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	results := make([][]byte, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := noisy()
			if err := postprocess.Apply(v, 3); err != nil {
				t.Error(err)
			}
			results[i], _ = codec.Marshal(v)
		}()
	}
	wg.Wait()
	for _, r := range results[1:] {
		if !bytes.Equal(r, results[0]) {
			t.Fatal("concurrent Applies with one seed disagree")
		}
	}
}

// Late gets a registered function only after values of it were processed.
type Late struct{ N int }

func TestRegisterAfterUse(t *testing.T) {
	v := &[]Late{{N: 1}}
	if got := run(t, v, 1); len(got) != 0 {
		t.Fatalf("calls %v before Register", got)
	}
	postprocess.Register(func(l *Late, _ hook.Context) { record("late%d", l.N) })
	if got, want := run(t, v, 1), []string{"late1"}; !slices.Equal(got, want) {
		t.Errorf("calls %v after Register, want %v", got, want)
	}
}

func TestRegisterNil(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	postprocess.Register[Leaf](nil)
}

// hooked is the benchmark value: 64 checksummed packets, or the same
// shape with no hook.
type hooked struct {
	Name    string
	Packets []Checked
	Index   map[uint16]Checked
}

type plainPacket struct {
	Data []byte
	Sum  uint32
}

type unhooked struct {
	Name    string
	Packets []plainPacket
	Index   map[uint16]plainPacket
}

func BenchmarkApply(b *testing.B) {
	h := &hooked{Name: "bench", Index: map[uint16]Checked{}}
	u := &unhooked{Name: "bench", Index: map[uint16]plainPacket{}}
	for i := 0; i < 64; i++ {
		data := bytes.Repeat([]byte{byte(i)}, 32)
		h.Packets = append(h.Packets, Checked{Data: data})
		u.Packets = append(u.Packets, plainPacket{Data: data})
		if i < 8 {
			h.Index[uint16(i)] = Checked{Data: data}
			u.Index[uint16(i)] = plainPacket{Data: data}
		}
	}
	single := &Checked{Data: make([]byte, 32)}
	for _, bc := range []struct {
		name string
		v    any
	}{{"hooks/single", single}, {"hooks/64+8map", h}, {"nohooks/64+8map", u}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := postprocess.Apply(bc.v, uint64(i)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDirect calls the hooks of BenchmarkApply's hooks/64+8map value by
// hand, without the walk: the floor Apply is measured against.
func BenchmarkDirect(b *testing.B) {
	h := &hooked{Name: "bench", Index: map[uint16]Checked{}}
	for i := 0; i < 64; i++ {
		data := bytes.Repeat([]byte{byte(i)}, 32)
		h.Packets = append(h.Packets, Checked{Data: data})
		if i < 8 {
			h.Index[uint16(i)] = Checked{Data: data}
		}
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r := rand.New(rand.NewPCG(uint64(i), 0))
		for j := range h.Packets {
			h.Packets[j].PostProcess(r)
		}
		for k, c := range h.Index {
			c.PostProcess(r)
			h.Index[k] = c
		}
	}
}

// cycNode reaches a hook around a cycle of its type.
type cycNode struct {
	Next *cycNode
	N    uint8
}

func (c *cycNode) PostProcess(*rand.Rand) { c.N = 1 }

// Regression: a MaxDepth above codec.MaxDepthCeiling was used as given,
// so a cyclic value with MaxDepth = MaxInt recursed until the stack
// overflowed (a fatal error, not a panic). The ceiling applies here as in
// the codec.
func TestCyclicValueWithHugeMaxDepth(t *testing.T) {
	n := &cycNode{}
	n.Next = n
	err := postprocess.Options{Codec: codec.Options{MaxDepth: math.MaxInt}}.Apply(n, 1)
	if !errors.Is(err, codec.ErrDepth) || !strings.Contains(err.Error(), "10000") {
		t.Fatalf("Apply on a cycle: %v, want codec.ErrDepth at the ceiling 10000", err)
	}
}
