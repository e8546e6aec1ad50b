package plan

// Internal tests of the type model: tag parsing, constraints, hooks,
// recursion analysis, sizes, variant names, registries and error paths.

import (
	"errors"
	"fmt"
	"math"
	randv1 "math/rand"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/structfuzz/structfuzz/hook"
)

// tFor compiles t or fails the test.
func tFor(tb testing.TB, t reflect.Type) *Plan {
	tb.Helper()
	p, err := For(t)
	if err != nil {
		tb.Fatalf("For(%v): %v", t, err)
	}
	return p
}

// tField returns the plan of the named field of a struct plan.
func tField(tb testing.TB, p *Plan, name string) *Plan {
	tb.Helper()
	for _, f := range p.Fields {
		if f.Name == name {
			return f.Plan
		}
	}
	tb.Fatalf("%v has no encoded field %s", p.Type, name)
	return nil
}

// tStruct returns a struct type with one field F of type t and tag tag.
func tStruct(t reflect.Type, tag string) reflect.Type {
	return reflect.StructOf([]reflect.StructField{{Name: "F", Type: t, Tag: reflect.StructTag(tag)}})
}

func TestParseTag(t *testing.T) {
	valid := []struct {
		in   string
		want tag
	}{
		{"", tag{maxLen: MaxLength}},
		{"-", tag{skip: true, maxLen: MaxLength}},
		{"min=1", tag{min: "1", maxLen: MaxLength}},
		{"max=-3", tag{max: "-3", maxLen: MaxLength}},
		{"min=0x10,max=1e3", tag{min: "0x10", max: "1e3", maxLen: MaxLength}},
		{"len=4", tag{minLen: 4, maxLen: 4, hasMinLen: true, hasMaxLen: true}},
		{"minlen=1,maxlen=3", tag{minLen: 1, maxLen: 3, hasMinLen: true, hasMaxLen: true}},
		{"maxlen=0", tag{maxLen: 0, hasMaxLen: true}},
		{"maxlen=4294967294", tag{maxLen: MaxLength, hasMaxLen: true}},
		{"utf8", tag{utf8: true, maxLen: MaxLength}},
		{" utf8 , maxlen=2 ", tag{utf8: true, maxLen: 2, hasMaxLen: true}},
		{"minlen=2,len=5", tag{minLen: 5, maxLen: 5, hasMinLen: true, hasMaxLen: true}},
		{"oneof=GET|POST", tag{oneof: []string{"GET", "POST"}, hasOneof: true, maxLen: MaxLength}},
		{"oneof=|x,maxlen=3", tag{oneof: []string{"", "x"}, hasOneof: true, maxLen: 3, hasMaxLen: true}},
	}
	for _, tt := range valid {
		got, err := parseTag(tt.in)
		if err != nil {
			t.Errorf("parseTag(%q): %v", tt.in, err)
			continue
		}
		tt.want.raw = tt.in
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("parseTag(%q) = %+v, want %+v", tt.in, *got, tt.want)
		}
	}
	invalid := []struct{ in, want string }{
		{"-,min=1", `"-" must be the whole tag`},
		{"- ", `"-" must be the whole tag`},
		{"-=1", `"-" must be the whole tag`},
		{"utf8=1", "utf8 takes no value"},
		{"min", "min needs a value"},
		{"max=", "max needs a value"},
		{"bogus", `unknown option "bogus"`},
		{"Min=1", `unknown option "Min"`},
		{"min=1,,max=2", "empty option"},
		{",", "empty option"},
		{"len=-1", "want a length"},
		{"len=4294967295", "want a length"},
		{"maxlen=1e3", "want a length"},
		{"minlen=x", "want a length"},
		{"minlen=5,maxlen=2", "minlen 5 is above maxlen 2"},
		{"len=5,maxlen=3", "minlen 5 is above maxlen 3"},
		{"oneof", "oneof needs values"},
		{"oneof=", "oneof needs values"},
		{"oneof=a|b|a", `oneof lists "a" twice`},
		{"oneof=a,oneof=b", "oneof given twice"},
		{"oneof=1|2,max=3", "do not combine"},
		{"utf8,oneof=a", "do not combine"},
	}
	for _, tt := range invalid {
		got, err := parseTag(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseTag(%q) = %+v, %v; want an error with %q", tt.in, got, err, tt.want)
		}
	}
}

type tEnumC uint8

// How a field's tag narrows its plan.
func TestTagConstraints(t *testing.T) {
	RegisterEnum(reflect.TypeFor[tEnumC](), []uint64{1, 2})
	tests := []struct {
		name  string
		typ   reflect.Type
		tag   string
		check func(p *Plan) string // "" when fine
	}{
		{"int range", reflect.TypeFor[int8](), "min=-5,max=5", func(p *Plan) string {
			return tWant(p.Limits.HasRange && p.Limits.IntMin == -5 && p.Limits.IntMax == 5, p.Limits)
		}},
		{"int min only: max is the type's", reflect.TypeFor[int16](), "min=-128", func(p *Plan) string {
			return tWant(p.Limits.IntMin == -128 && p.Limits.IntMax == math.MaxInt16, p.Limits)
		}},
		{"int64 extremes", reflect.TypeFor[int64](), "min=-9223372036854775808,max=9223372036854775807", func(p *Plan) string {
			return tWant(p.Limits.IntMin == math.MinInt64 && p.Limits.IntMax == math.MaxInt64, p.Limits)
		}},
		{"uint hex max", reflect.TypeFor[uint16](), "max=0x20", func(p *Plan) string {
			return tWant(p.Limits.UintMin == 0 && p.Limits.UintMax == 0x20, p.Limits)
		}},
		{"uint64 max only", reflect.TypeFor[uint](), "min=3", func(p *Plan) string {
			return tWant(p.Limits.UintMin == 3 && p.Limits.UintMax == math.MaxUint64, p.Limits)
		}},
		{"float32 min only", reflect.TypeFor[float32](), "min=0", func(p *Plan) string {
			return tWant(p.Limits.FloatMin == 0 && p.Limits.FloatMax == math.MaxFloat32, p.Limits)
		}},
		{"float64 range", reflect.TypeFor[float64](), "min=-1.5,max=2.5", func(p *Plan) string {
			return tWant(p.Limits.FloatMin == -1.5 && p.Limits.FloatMax == 2.5 && !p.MemCopy && !p.Unchecked, p.Limits)
		}},
		{"string lengths", reflect.TypeFor[string](), "minlen=1,maxlen=3", func(p *Plan) string {
			return tWant(p.Limits.MinLen == 1 && p.Limits.MaxLen == 3 && p.MinSize == 5, p.Limits)
		}},
		{"string utf8", reflect.TypeFor[string](), "utf8", func(p *Plan) string {
			return tWant(p.Limits.UTF8 && p.Limits.MaxLen == MaxLength, p.Limits)
		}},
		{"range on slice elements", reflect.TypeFor[[]int](), "max=9", func(p *Plan) string {
			return tWant(p.Kind == Slice && p.Limits.MaxLen == MaxLength && p.Elem.Limits.IntMax == 9, p.Elem.Limits)
		}},
		{"range makes []byte a slice", reflect.TypeFor[[]byte](), "max=9", func(p *Plan) string {
			return tWant(p.Kind == Slice && p.Elem.Limits.UintMax == 9, p.Kind)
		}},
		{"utf8 keeps []byte bytes", reflect.TypeFor[[]byte](), "utf8,maxlen=4", func(p *Plan) string {
			return tWant(p.Kind == Bytes && p.Limits.UTF8 && p.Limits.MaxLen == 4, p.Limits)
		}},
		{"through a pointer", reflect.TypeFor[*[]string](), "maxlen=2,utf8", func(p *Plan) string {
			return tWant(p.Kind == Pointer && p.Elem.Limits.MaxLen == 2 && !p.Elem.Limits.UTF8 && p.Elem.Elem.Limits.UTF8 && p.Elem.Elem.Limits.MaxLen == MaxLength, p.Elem.Limits)
		}},
		{"through an array", reflect.TypeFor[[2]string](), "maxlen=1", func(p *Plan) string {
			return tWant(p.Kind == Array && p.Elem.Limits.MaxLen == 1, p.Elem.Limits)
		}},
		{"map: length on the map, range on values", reflect.TypeFor[map[int8]int8](), "max=3,maxlen=2", func(p *Plan) string {
			return tWant(p.Limits.MaxLen == 2 && p.Elem.Limits.IntMax == 3 && !p.Key.Limits.HasRange, p.Elem.Limits)
		}},
		{"a narrowed plan keeps its base", reflect.TypeFor[[]int](), "maxlen=2", func(p *Plan) string {
			return tWant(p.Base != p && p.Base.Limits.MaxLen == MaxLength && p.Base == tFor(t, reflect.TypeFor[[]int]()), p.Base.Limits)
		}},
		{"string oneof", reflect.TypeFor[string](), "oneof=GET|POST|", func(p *Plan) string {
			return tWant(p.Choices != nil && reflect.DeepEqual(p.Choices.Texts, []string{"GET", "POST", ""}) &&
				p.Choices.Index("POST") == 1 && p.Choices.Index("PUT") < 0 && p.Constrained(), p.Choices)
		}},
		{"oneof on []string elements", reflect.TypeFor[[]string](), "oneof=a|b,maxlen=4", func(p *Plan) string {
			return tWant(p.Kind == Slice && p.Choices == nil && p.Limits.MaxLen == 4 && p.Elem.Choices != nil && p.Elem.Limits.MaxLen == MaxLength, p.Elem.Choices)
		}},
		{"int oneof is an enum", reflect.TypeFor[int8](), "oneof=-1|0x10|3", func(p *Plan) string {
			return tWant(p.Enum != nil && p.Enum.Contains(normalise(p, uint64(0xff))) && p.Enum.Contains(16) && !p.Enum.Contains(2) && !p.Unchecked, p.Enum)
		}},
		{"uint oneof through a pointer", reflect.TypeFor[*uint16](), "oneof=80|443", func(p *Plan) string {
			return tWant(p.Elem.Enum != nil && len(p.Elem.Enum.Values) == 2 && p.Elem.Enum.Contains(443), p.Elem.Enum)
		}},
		{"an untagged plan is its own base", reflect.TypeFor[[]int](), "", func(p *Plan) string {
			return tWant(p.Base == p, p.Base)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tField(t, tFor(t, tStruct(tt.typ, `fuzz:"`+tt.tag+`"`)), "F")
			if msg := tt.check(p); msg != "" {
				t.Fatal(msg)
			}
		})
	}

	bad := []struct {
		name string
		typ  reflect.Type
		tag  string
		want string
	}{
		{"int8 max past the width", reflect.TypeFor[int8](), "max=300", "not a 8-bit integer"},
		{"uint negative min", reflect.TypeFor[uint](), "min=-1", "not a 64-bit unsigned integer"},
		{"float NaN", reflect.TypeFor[float64](), "max=NaN", "not a finite 64-bit float"},
		{"float32 overflow", reflect.TypeFor[float32](), "max=1e39", "not a finite 32-bit float"},
		{"float Inf", reflect.TypeFor[float64](), "min=-Inf", "not a finite"},
		{"min above max", reflect.TypeFor[int](), "min=5,max=1", "min 5 is above max 1"},
		{"uint min above max", reflect.TypeFor[uint8](), "min=5,max=1", "min 5 is above max 1"},
		{"float min above max", reflect.TypeFor[float64](), "min=1,max=-1", "min 1 is above max -1"},
		{"range on a string", reflect.TypeFor[string](), "min=1", "min/max do not apply to strings"},
		{"range on []string", reflect.TypeFor[[]string](), "max=1", "min/max do not apply to strings"},
		{"range on an enum", reflect.TypeFor[tEnumC](), "max=1", "enum type"},
		{"minlen on a map", reflect.TypeFor[map[int]int](), "minlen=1", "minlen does not apply to maps"},
		{"utf8 on an int", reflect.TypeFor[int](), "utf8", "utf8 does not apply"},
		{"utf8 on []int", reflect.TypeFor[[]int](), "utf8", "utf8 does not apply"},
		{"length on an int", reflect.TypeFor[int](), "len=2", "len/minlen/maxlen does not apply"},
		{"range on a struct", reflect.TypeFor[struct{ A int }](), "min=1", "min/max does not apply"},
		{"range on a bool", reflect.TypeFor[bool](), "min=0", "min/max does not apply"},
		{"bad number", reflect.TypeFor[int](), "min=1;max=2", "not a 64-bit integer"},
		// Regression: a range turns a []byte into a slice of numbers, which
		// is never checked for UTF-8; utf8 was accepted and ignored.
		{"utf8 with a range on []byte", reflect.TypeFor[[]byte](), "utf8,max=200", "utf8 cannot be combined with min/max"},
		{"oneof on a float", reflect.TypeFor[float64](), "oneof=1|2", "oneof applies to strings and integers"},
		{"oneof on []byte", reflect.TypeFor[[]byte](), "oneof=a|b", "oneof applies to strings and integers"},
		{"oneof on an enum", reflect.TypeFor[tEnumC](), "oneof=1|2", "oneof does not apply to enum type"},
		{"oneof past an int's width", reflect.TypeFor[uint8](), "oneof=1|256", `oneof value "256": not a 8-bit unsigned integer`},
		{"oneof repeats a number", reflect.TypeFor[int](), "oneof=16|0x10", "lists a value twice"},
		{"oneof value too long", reflect.TypeFor[string](), "oneof=ab|abcd,maxlen=3", `oneof value "abcd" is outside the length bounds`},
		{"oneof on a struct", reflect.TypeFor[struct{ A int }](), "oneof=1", "oneof does not apply"},
		{"oneof on a bool", reflect.TypeFor[bool](), "oneof=1", "oneof does not apply"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			typ := tStruct(tt.typ, `fuzz:"`+tt.tag+`"`)
			_, err := For(typ)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("For(%v) = %v, want an error with %q", typ, err, tt.want)
			}
			var pe *Error
			if !errors.As(err, &pe) || !strings.Contains(pe.Path, ".F") || !errors.Is(err, ErrType) {
				t.Fatalf("error %v: want a *plan.Error at the field, matching ErrType", err)
			}
		})
	}
}

func tWant(ok bool, got any) string {
	if ok {
		return ""
	}
	return fmt.Sprintf("unexpected plan: %+v", got)
}

// Hook methods, by receiver and signature.
type (
	hValuePost   struct{ A []int } // a slice: the copy shares its elements
	hValueFlat   struct{ A int }   // nothing shared: a value receiver changes a copy
	hPtrPost     struct{ A int }
	hCross       struct{ A int }
	hCrossValue  struct{ A map[int]int }
	hCrossFlat   struct{ A int }
	hCrossWrong  struct{ A int }
	hPostV1      struct{ A int }
	hCrossV1     struct{ A int }
	hPostWrong   struct{ A int }
	hPostReturns struct{ A int }
	hMutateWrong struct{ A int }
	hAll         map[string]int
	hAllFlat     int
	hNone        struct{ A int }
	hCtxPost     struct{ A int }
	hCtxCross    struct{ A int }
	hCtxFlat     struct{ A int }
	hCtxBoth     struct{ A []int }
	hField       struct {
		P hPtrPost
		V []hValuePost
	}
	hBadField struct {
		Inner []hPostV1
	}
	hFrozenField struct {
		Name  string
		Temps []hValueFlat
	}
)

func (hValuePost) PostProcess(r *rand.Rand)                    {}
func (hValueFlat) PostProcess(r *rand.Rand)                    {}
func (*hPtrPost) PostProcess(r *rand.Rand)                     {}
func (*hCross) CrossOver(other *hCross, r *rand.Rand)          {}
func (hCrossValue) CrossOver(other *hCrossValue, r *rand.Rand) {}
func (hCrossFlat) CrossOver(other *hCrossFlat, r *rand.Rand)   {}
func (*hCrossWrong) CrossOver(other *int, r *rand.Rand)        {}
func (*hPostV1) PostProcess(r *randv1.Rand)                    {}
func (*hCrossV1) CrossOver(other *hCrossV1, r *randv1.Rand)    {}
func (*hPostWrong) PostProcess(n int)                          {}
func (hPostReturns) PostProcess(r *rand.Rand) error            { return nil }
func (*hMutateWrong) Mutate(r *rand.Rand)                      {}
func (hAll) PostProcess(r *rand.Rand)                          {}
func (*hAll) CrossOver(other *hAll, r *rand.Rand)              {}
func (hAllFlat) PostProcess(r *rand.Rand)                      {}
func (*hCtxPost) PostProcess(c hook.Context)                   {}
func (*hCtxCross) CrossOver(other *hCtxCross, c hook.Context)  {}
func (hCtxFlat) PostProcess(c hook.Context)                    {}
func (hCtxBoth) PostProcess(c hook.Context)                    {}
func (*hCtxBoth) CrossOver(other *hCtxBoth, r *rand.Rand)      {}
func (*hAllFlat) CrossOver(other *hAllFlat, r *rand.Rand)      {}

// A method named like a hook is a hook: with the wrong signature, or with
// a value receiver on a type whose copy shares nothing with the value (so
// every change the hook makes is lost), it fails compilation with the
// path, the method found and the signature expected. Before, such methods
// were silently ignored (or, with a value receiver, run without effect).
func TestHooks(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		want Hooks
		// errs are the parts of the expected error, if any.
		errs []string
	}{
		{reflect.TypeFor[hValuePost](), Hooks{PostProcess: ValueHook}, nil},
		{reflect.TypeFor[hPtrPost](), Hooks{PostProcess: PointerHook}, nil},
		{reflect.TypeFor[hCross](), Hooks{CrossOver: PointerHook}, nil},
		{reflect.TypeFor[hCrossValue](), Hooks{CrossOver: ValueHook}, nil},
		{reflect.TypeFor[hAll](), Hooks{PostProcess: ValueHook, CrossOver: PointerHook}, nil},
		{reflect.TypeFor[hNone](), Hooks{}, nil},
		{reflect.TypeFor[hCtxPost](), Hooks{PostProcess: PointerHook, ctx: [NumHookKinds]bool{PostProcessHook: true}}, nil},
		{reflect.TypeFor[hCtxCross](), Hooks{CrossOver: PointerHook, ctx: [NumHookKinds]bool{CrossOverHook: true}}, nil},
		{reflect.TypeFor[hCtxBoth](), Hooks{PostProcess: ValueHook, CrossOver: PointerHook, ctx: [NumHookKinds]bool{PostProcessHook: true}}, nil},
		{reflect.TypeFor[hCtxFlat](), Hooks{}, []string{"hCtxFlat: method func (plan.hCtxFlat) PostProcess has a value receiver", "declare it on the pointer: func (t *hCtxFlat) PostProcess(c hook.Context)"}},
		{reflect.TypeFor[hValueFlat](), Hooks{}, []string{"structfuzz: hValueFlat: method func (plan.hValueFlat) PostProcess has a value receiver", "declare it on the pointer: func (t *hValueFlat) PostProcess(r *rand.Rand)"}},
		{reflect.TypeFor[hCrossFlat](), Hooks{}, []string{"hCrossFlat: method func (plan.hCrossFlat) CrossOver has a value receiver", "func (t *hCrossFlat) CrossOver(other *hCrossFlat, r *rand.Rand)"}},
		{reflect.TypeFor[hAllFlat](), Hooks{}, []string{"hAllFlat: method func (plan.hAllFlat) PostProcess has a value receiver"}},
		{reflect.TypeFor[hCrossWrong](), Hooks{}, []string{"hCrossWrong: method func (*plan.hCrossWrong) CrossOver(*int, *rand.Rand) of plan.hCrossWrong is named like a hook but has the wrong signature", "must be func (t *hCrossWrong) CrossOver(other *hCrossWrong, c hook.Context) (or the older form func (t *hCrossWrong) CrossOver(other *hCrossWrong, r *rand.Rand) with math/rand/v2)"}},
		{reflect.TypeFor[hPostWrong](), Hooks{}, []string{"method func (*plan.hPostWrong) PostProcess(int) of plan.hPostWrong", "must be func (t *hPostWrong) PostProcess(c hook.Context) (or the older form func (t *hPostWrong) PostProcess(r *rand.Rand) with math/rand/v2)"}},
		{reflect.TypeFor[hPostReturns](), Hooks{}, []string{"method func (plan.hPostReturns) PostProcess(*rand.Rand) error", "wrong signature"}},
		{reflect.TypeFor[hMutateWrong](), Hooks{}, []string{"method func (*plan.hMutateWrong) Mutate(*rand.Rand)", "must be func (t *hMutateWrong) Mutate(m *mutator.Mutator)"}},
		{reflect.TypeFor[hPostV1](), Hooks{}, []string{"PostProcess(*rand.Rand)", "math/rand's *Rand; hooks use math/rand/v2"}},
		{reflect.TypeFor[hCrossV1](), Hooks{}, []string{"math/rand/v2"}},
	}
	for _, tt := range tests {
		t.Run(tt.typ.Name(), func(t *testing.T) {
			p, err := For(tt.typ)
			if tt.errs != nil {
				var pe *Error
				if !errors.As(err, &pe) || pe.Path != tt.typ.Name() || !errors.Is(err, ErrType) {
					t.Fatalf("For = %v; want a *plan.Error at %s", err, tt.typ.Name())
				}
				for _, want := range tt.errs {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q\nlacks %q", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Hooks.Mutate != tt.want.Mutate || p.Hooks.CrossOver != tt.want.CrossOver || p.Hooks.PostProcess != tt.want.PostProcess {
				t.Fatalf("plan hooks %+v, want %+v", p.Hooks, tt.want)
			}
			for k := HookKind(0); k < NumHookKinds; k++ {
				if p.Hooks.TakesContext(k) != tt.want.ctx[k] {
					t.Fatalf("TakesContext(%s) = %v, want %v", HookName(k), p.Hooks.TakesContext(k), tt.want.ctx[k])
				}
			}
			if p.Hooks.Has(PostProcessHook) != (tt.want.PostProcess != NoHook) {
				t.Fatalf("Hooks.Has(PostProcessHook) disagrees with %+v", p.Hooks)
			}
			for k := HookKind(0); k < NumHookKinds; k++ {
				fn := p.Hooks.MethodFunc(k)
				if fn.IsValid() != (p.Hooks.Method(k) != NoHook) {
					t.Fatalf("MethodFunc(%s) valid %v, but Method says %v", HookName(k), fn.IsValid(), p.Hooks.Method(k))
				}
				// The function takes the receiver the plan records.
				want := tt.typ
				if p.Hooks.Method(k) == PointerHook {
					want = reflect.PointerTo(tt.typ)
				}
				if fn.IsValid() && fn.Type().In(0) != want {
					t.Fatalf("MethodFunc(%s) takes %v first, want %v", HookName(k), fn.Type().In(0), want)
				}
			}
		})
	}

	// Hooks are found on field and element types, and a bad hook fails
	// compilation with the path to it.
	p := tFor(t, reflect.TypeFor[hField]())
	if tField(t, p, "P").Hooks.PostProcess != PointerHook || tField(t, p, "V").Elem.Hooks.PostProcess != ValueHook {
		t.Errorf("hooks of fields not found: %+v", p.Fields)
	}
	for typ, path := range map[reflect.Type]string{
		reflect.TypeFor[hBadField]():    "hBadField.Inner[]",
		reflect.TypeFor[hFrozenField](): "hFrozenField.Temps[]",
	} {
		_, err := For(typ)
		var pe *Error
		if !errors.As(err, &pe) || pe.Path != path {
			t.Errorf("For(%v) = %v, want an error at %s", typ, err, path)
		}
	}
}

// Recursive shapes.
type (
	rList struct {
		V    int
		Next *rList
	}
	rTree struct {
		Kids []rTree
	}
	rMin struct {
		Kids []*rMin `fuzz:"minlen=1"`
	}
	rMap struct {
		M map[string]rMap
	}
	rExpr interface{ isRExpr() }
	rLit  struct{ V int }
	rNeg  struct{ X rExpr }
	rHold struct {
		L rList
		P *int
	}
	rMutA struct{ B []rMutB }
	rMutB struct{ A *rMutA }
	rBad  struct {
		Self [1]rBadInner
	}
	rBadInner struct {
		Back []rBad `fuzz:"minlen=1"`
	}
)

func (rLit) isRExpr()  {}
func (*rNeg) isRExpr() {}

func init() {
	for _, r := range []struct {
		iface    reflect.Type
		variants []reflect.Type
	}{
		{reflect.TypeFor[rExpr](), []reflect.Type{reflect.TypeFor[rLit](), reflect.TypeFor[*rNeg]()}},
		{reflect.TypeFor[uShape](), []reflect.Type{reflect.TypeFor[uCircle](), reflect.TypeFor[*uPoly]()}},
		{reflect.TypeFor[uShape](), []reflect.Type{reflect.TypeFor[uNum]()}}, // appended
	} {
		if err := RegisterUnion(r.iface, r.variants); err != nil {
			panic(err)
		}
	}
}

func TestRecursion(t *testing.T) {
	list := tFor(t, reflect.TypeFor[rList]())
	next := tField(t, list, "Next")
	if !list.Recursive || !next.Recursive || !next.DepthElem || tField(t, list, "V").Recursive {
		t.Errorf("rList: Recursive %v, Next %+v", list.Recursive, next)
	}

	tree := tFor(t, reflect.TypeFor[rTree]())
	if kids := tField(t, tree, "Kids"); !kids.DepthElem || !kids.Recursive || kids.Elem != tree {
		t.Errorf("rTree.Kids: %+v", kids)
	}

	min := tFor(t, reflect.TypeFor[rMin]())
	kids := tField(t, min, "Kids")
	if kids.DepthElem || !kids.Recursive || !kids.Elem.DepthElem {
		t.Errorf("rMin.Kids: DepthElem %v (want false: required), element pointer DepthElem %v (want true)", kids.DepthElem, kids.Elem.DepthElem)
	}
	if kids.MinSize != 5 || min.MinSize != 5 {
		t.Errorf("rMin MinSize %d, Kids MinSize %d; want 5 (a length and one nil pointer)", min.MinSize, kids.MinSize)
	}

	m := tFor(t, reflect.TypeFor[rMap]())
	if mp := tField(t, m, "M"); !mp.DepthElem || mp.Key.Recursive {
		t.Errorf("rMap.M: %+v", mp)
	}

	expr := tFor(t, reflect.TypeFor[rExpr]())
	if len(expr.Variants) != 2 || expr.Variants[0].Depth || !expr.Variants[1].Depth || !expr.Recursive {
		t.Errorf("rExpr variants: %+v", expr.Variants)
	}
	if neg := expr.Variants[1].Plan; neg.Kind != Pointer || !neg.DepthElem {
		t.Errorf("*rNeg plan: %+v", neg)
	}

	// Entering a recursive type from outside is not a step around its
	// cycle.
	hold := tFor(t, reflect.TypeFor[rHold]())
	if hold.Recursive || !tField(t, hold, "L").Recursive || tField(t, hold, "P").DepthElem {
		t.Errorf("rHold: Recursive %v, fields %+v", hold.Recursive, hold.Fields)
	}

	a := tFor(t, reflect.TypeFor[rMutA]())
	b := tField(t, a, "B")
	if !b.DepthElem || !b.Elem.Recursive || !tField(t, b.Elem, "A").DepthElem {
		t.Errorf("mutual recursion: %+v", b)
	}

	_, err := For(reflect.TypeFor[rBad]())
	if err == nil || !strings.Contains(err.Error(), "can only recurse without end") || !errors.Is(err, ErrType) {
		t.Errorf("For(rBad) = %v, want a required cycle error", err)
	}
}

type pState struct{ n int }

func TestSizes(t *testing.T) {
	intIs8 := unsafe.Sizeof(int(0)) == 8
	tests := []struct {
		typ       reflect.Type
		fixed     int
		minSize   int
		memCopy   bool
		unchecked bool
	}{
		{reflect.TypeFor[struct{ A, B int32 }](), 8, 8, true, true},
		{reflect.TypeFor[struct {
			A uint8
			B uint64
		}](), 9, 9, false, true}, // padding after A
		{reflect.TypeFor[struct {
			A uint64
			B uint8
		}](), 9, 9, false, true}, // padding at the end
		{reflect.TypeFor[struct {
			A uint8
			B [3]uint8
			C uint32
		}](), 8, 8, true, true},
		{reflect.TypeFor[struct{ A bool }](), 1, 1, false, true},
		{reflect.TypeFor[struct {
			A int8 `fuzz:"min=1"`
		}](), 1, 1, false, false},
		{reflect.TypeFor[struct {
			A int32
			b int32
		}](), 4, 4, false, true}, // the unexported field is not encoded
		{reflect.TypeFor[struct {
			A int32
			B int32 `fuzz:"-"`
		}](), 4, 4, false, true},
		{reflect.TypeFor[struct{ S string }](), -1, 4, false, false},
		{reflect.TypeFor[struct {
			S string `fuzz:"minlen=3"`
		}](), -1, 7, false, false},
		{reflect.TypeFor[struct {
			S []int32 `fuzz:"minlen=2"`
		}](), -1, 12, false, false},
		{reflect.TypeFor[struct {
			S []int32 `fuzz:"len=2"`
		}](), -1, 12, false, false}, // a slice always has a length prefix
		{reflect.TypeFor[[0]int](), 0, 0, true, true},
		{reflect.TypeFor[[0]string](), 0, 0, true, true},
		{reflect.TypeFor[[3]int16](), 6, 6, true, true},
		{reflect.TypeFor[[2]bool](), 2, 2, false, true},
		{reflect.TypeFor[[2]string](), -1, 8, false, false},
		{reflect.TypeFor[int](), 8, 8, intIs8, true},
		{reflect.TypeFor[uintptr](), 8, 8, intIs8, true},
		{reflect.TypeFor[complex64](), 8, 8, true, true},
		{reflect.TypeFor[float32](), 4, 4, true, true},
		{reflect.TypeFor[struct{}](), 0, 0, true, true},
		{reflect.TypeFor[*int](), -1, 1, false, false},
		{reflect.TypeFor[map[int]int](), -1, 4, false, false},
		{reflect.TypeFor[[]byte](), -1, 4, false, false},
		{reflect.TypeFor[tEnumC](), 1, 1, false, false},
		// Regression: all fields skipped is a struct of nothing, not an
		// opaque one.
		{reflect.TypeFor[struct {
			A int `fuzz:"-"`
		}](), 0, 0, false, true},
		// Regression: embedded private state promotes nothing: skipped.
		{reflect.TypeFor[struct {
			pState
			A uint16
		}](), 2, 2, false, true},
		{reflect.TypeFor[[4]tEnumC](), 4, 4, false, false},
	}
	RegisterEnum(reflect.TypeFor[tEnumC](), []uint64{1, 2})
	for _, tt := range tests {
		p := tFor(t, tt.typ)
		if p.Fixed != tt.fixed || p.MinSize != tt.minSize || p.MemCopy != (tt.memCopy && littleEndian) || p.Unchecked != tt.unchecked {
			t.Errorf("%v: Fixed %d, MinSize %d, MemCopy %v, Unchecked %v; want %d, %d, %v, %v",
				tt.typ, p.Fixed, p.MinSize, p.MemCopy, p.Unchecked, tt.fixed, tt.minSize, tt.memCopy, tt.unchecked)
		}
	}
}

// Regression: MinSize of a plan reached again, while its own size was
// still being computed, through a slice that may be empty. sA's slice
// is optional, so the size walk must not enter it: it reached sD, whose
// field sA had no size yet, and recorded sD (and everything above it) too
// small. An element MinSize of zero then also made the codec cap the
// slice at MaxZeroSizeLen elements.
type (
	sA struct{ Kids []sB }
	sB struct{ C sC }
	sC struct {
		S []sD `fuzz:"minlen=1"`
	}
	sD struct{ X sA }
)

func TestMinSizeThroughOptionalCycle(t *testing.T) {
	for _, root := range []reflect.Type{reflect.TypeFor[sA](), reflect.TypeFor[sD]()} {
		invalidateForTest()
		p := tFor(t, root)
		var a, d *Plan
		if root == reflect.TypeFor[sA]() {
			a = p
			d = tField(t, tField(t, tField(t, a, "Kids").Elem, "C"), "S").Elem
		} else {
			d = p
			a = tField(t, d, "X")
		}
		b := tField(t, a, "Kids").Elem
		s := tField(t, tField(t, b, "C"), "S")
		if a.MinSize != 4 || d.MinSize != 4 || s.MinSize != 8 || b.MinSize != 8 {
			t.Errorf("root %v: MinSize sA %d, sD %d, sC.S %d, sB %d; want 4, 4, 8, 8", root, a.MinSize, d.MinSize, s.MinSize, b.MinSize)
		}
	}
}

// invalidateForTest drops the plan cache, so a test compiles from scratch.
func invalidateForTest() {
	mu.Lock()
	defer mu.Unlock()
	invalidate()
}

// Variant names: the shortest that tells the variants apart.
type (
	vA struct{}
	vB struct{}
	vC int
)

func TestVariantNames(t *testing.T) {
	tests := []struct {
		types []reflect.Type
		want  []string
	}{
		{[]reflect.Type{reflect.TypeFor[vA](), reflect.TypeFor[*vB](), reflect.TypeFor[vC]()}, []string{"vA", "vB", "vC"}},
		{[]reflect.Type{reflect.TypeFor[vA](), reflect.TypeFor[*vA]()}, []string{"plan.vA", "*plan.vA"}},
		{[]reflect.Type{reflect.TypeFor[*randv1.Rand](), reflect.TypeFor[*rand.Rand](), reflect.TypeFor[vA]()},
			[]string{"*math/rand.Rand", "*math/rand/v2.Rand", "vA"}},
		{[]reflect.Type{reflect.TypeFor[randv1.Rand](), reflect.TypeFor[rand.Rand]()},
			[]string{"math/rand.Rand", "math/rand/v2.Rand"}},
		{[]reflect.Type{reflect.TypeFor[[]int](), reflect.TypeFor[map[string]int]()}, []string{"[]int", "map[string]int"}},
	}
	for _, tt := range tests {
		got := variantNames(tt.types)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("variantNames(%v) = %q, want %q", tt.types, got, tt.want)
		}
	}
}

type (
	uShape  interface{ isUShape() }
	uCircle struct{ R float64 }
	uPoly   struct{ N []int }
	uNum    int16
)

func (uCircle) isUShape() {}
func (*uPoly) isUShape()  {}
func (uNum) isUShape()    {}

func TestUnionPlan(t *testing.T) {
	// init registered two variants, then appended a third: tags follow
	// the order of registration.
	p := tFor(t, reflect.TypeFor[uShape]())
	names := []string{"uCircle", "uPoly", "uNum"}
	for i, vt := range []reflect.Type{reflect.TypeFor[uCircle](), reflect.TypeFor[*uPoly](), reflect.TypeFor[uNum]()} {
		if p.VariantIndex(vt) != i || p.Variants[i].Name != names[i] || p.Variants[i].Type != vt {
			t.Errorf("variant %d: index %d, %+v", i, p.VariantIndex(vt), p.Variants[i])
		}
	}
	if p.VariantIndex(reflect.TypeFor[uPoly]()) != -1 || p.VariantIndex(reflect.TypeFor[int]()) != -1 {
		t.Error("VariantIndex found a type that is not a variant")
	}
	if p.Kind != Union || p.MinSize != 2 || p.Fixed != -1 {
		t.Errorf("union plan: %+v", p)
	}
}

func TestRegisterErrors(t *testing.T) {
	iface := reflect.TypeFor[uShape]()
	unionErrs := []struct {
		iface    reflect.Type
		variants []reflect.Type
		want     string
	}{
		{nil, nil, "not an interface"},
		{reflect.TypeFor[int](), nil, "not an interface"},
		{iface, []reflect.Type{nil}, "nil interface"},
		{iface, []reflect.Type{reflect.TypeFor[fmt.Stringer]()}, "is an interface type"},
		{iface, []reflect.Type{reflect.TypeFor[uPoly]()}, "does not implement"},
		{iface, []reflect.Type{reflect.TypeFor[int]()}, "does not implement"},
		{iface, []reflect.Type{reflect.TypeFor[uCircle]()}, "registered twice"},
	}
	for _, tt := range unionErrs {
		if err := RegisterUnion(tt.iface, tt.variants); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("RegisterUnion(%v, %v) = %v, want an error with %q", tt.iface, tt.variants, err, tt.want)
		}
	}
	enumErrs := []struct {
		t      reflect.Type
		values []uint64
		want   string
	}{
		{nil, []uint64{1}, "not an integer type"},
		{reflect.TypeFor[string](), []uint64{1}, "not an integer type"},
		{reflect.TypeFor[float64](), []uint64{1}, "not an integer type"},
		{reflect.TypeFor[tEnumC](), nil, "no values"},
		// Regression: int, uint8 and the other predeclared types have a
		// name; declaring their values would constrain every integer of
		// that kind in the program.
		{reflect.TypeFor[int](), []uint64{1}, "not a named type"},
		{reflect.TypeFor[uint8](), []uint64{1}, "not a named type"},
	}
	for _, tt := range enumErrs {
		err := RegisterEnum(tt.t, tt.values)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("RegisterEnum(%v, %v) = %v, want an error with %q", tt.t, tt.values, err, tt.want)
		}
		if err == nil && tt.t != nil {
			mu.Lock() // undo, so other tests see plain integers again
			delete(enums, tt.t)
			invalidate()
			mu.Unlock()
		}
	}
}

// Enums: registered values and EnumValues methods.
type (
	eSigned   int8
	eMethod   uint16
	eBoth     int32
	eEmpty    int
	ePanic    int
	eStringer uint8
	eSameName uint8
	ePtrOnly  int
)

func (eMethod) EnumValues() []eMethod    { return []eMethod{10, 0, 10, 7} }
func (eBoth) EnumValues() []eBoth        { return []eBoth{1} }
func (eEmpty) EnumValues() []eEmpty      { return nil }
func (ePanic) EnumValues() []ePanic      { panic("no") }
func (*ePtrOnly) EnumValues() []ePtrOnly { return []ePtrOnly{1} }
func (e eStringer) String() string       { return fmt.Sprintf("S%d", uint8(e)) }
func (eSameName) String() string         { return "same" }

func TestEnums(t *testing.T) {
	RegisterEnum(reflect.TypeFor[eSigned](), []uint64{uint64(math.MaxUint64), 5, 0xff, 5}) // -1, 5, -1 as int8, 5 again
	RegisterEnum(reflect.TypeFor[eBoth](), []uint64{2, 3})
	RegisterEnum(reflect.TypeFor[eStringer](), []uint64{1, 2})
	RegisterEnum(reflect.TypeFor[eSameName](), []uint64{1, 2})
	tests := []struct {
		typ    reflect.Type
		values []uint64
		names  []string
	}{
		{reflect.TypeFor[eSigned](), []uint64{math.MaxUint64, 5}, nil},
		{reflect.TypeFor[eMethod](), []uint64{10, 0, 7}, nil},
		{reflect.TypeFor[eBoth](), []uint64{2, 3}, nil}, // registration wins over the method
		{reflect.TypeFor[eStringer](), []uint64{1, 2}, []string{"S1", "S2"}},
		{reflect.TypeFor[eSameName](), []uint64{1, 2}, nil}, // names that collide are not names
	}
	for _, tt := range tests {
		p := tFor(t, tt.typ)
		if p.Enum == nil || !reflect.DeepEqual(p.Enum.Values, tt.values) || !reflect.DeepEqual(p.Enum.Names, tt.names) {
			t.Errorf("%v: enum %+v, want values %v names %q", tt.typ, p.Enum, tt.values, tt.names)
			continue
		}
		for i, v := range tt.values {
			if !p.Enum.Contains(v) || p.Enum.Index(v) != i {
				t.Errorf("%v: Contains/Index(%d) = %v, %d", tt.typ, v, p.Enum.Contains(v), p.Enum.Index(v))
			}
		}
		if p.Enum.Contains(4) || p.Enum.Index(4) != -1 {
			t.Errorf("%v: 4 is not declared", tt.typ)
		}
		if !p.Constrained() || p.MemCopy {
			t.Errorf("%v: an enum must be constrained and not copied in bulk", tt.typ)
		}
	}
	if p := tFor(t, reflect.TypeFor[ePtrOnly]()); p.Enum != nil {
		t.Errorf("an EnumValues method on the pointer is not an enum declaration: %+v", p.Enum)
	}
	for _, bad := range []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[eEmpty](), "returned no values"},
		{reflect.TypeFor[ePanic](), "panicked"},
	} {
		if _, err := For(tStruct(bad.typ, "")); err == nil || !strings.Contains(err.Error(), bad.want) || !strings.Contains(err.Error(), ".F") {
			t.Errorf("%v: %v, want an error at .F with %q", bad.typ, err, bad.want)
		}
	}
}

// Error paths name the part of the type at fault.
type (
	pChan struct {
		Parts []struct {
			M map[string][2]*chan int
		}
	}
	pIface struct {
		Req struct{ Body fmt.Stringer }
	}
	pKey    struct{ M map[[2]*int]bool }
	pFunc   struct{ F []func() }
	pUnsafe struct{ P **unsafe.Pointer }
)

func TestErrorPaths(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		path string
		msg  string
	}{
		{reflect.TypeFor[pChan](), "pChan.Parts[].M[value][]", "unsupported type chan int"},
		{reflect.TypeFor[pIface](), "pIface.Req.Body", "interface fmt.Stringer has no registered variants"},
		{reflect.TypeFor[pKey](), "pKey.M[key][]", "map key type *int holds a pointer"},
		{reflect.TypeFor[pFunc](), "pFunc.F[]", "unsupported type func()"},
		{reflect.TypeFor[pUnsafe](), "pUnsafe.P", "unsafe.Pointer"},
		{reflect.TypeFor[[]chan int](), "[]chan int[]", "chan"},
		{reflect.TypeFor[map[string]chan int](), "map[string]chan int[value]", "chan"},
	}
	for _, tt := range tests {
		_, err := For(tt.typ)
		var pe *Error
		if !errors.As(err, &pe) || pe.Path != tt.path || !strings.Contains(pe.Msg, tt.msg) || !errors.Is(err, ErrType) {
			t.Errorf("For(%v) = %v; want a *plan.Error at %q with %q", tt.typ, err, tt.path, tt.msg)
			continue
		}
		if want := "structfuzz: " + tt.path + ": "; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("message %q does not start with %q", err, want)
		}
		// The failure is cached and stays the same.
		if _, again := For(tt.typ); again == nil || again.Error() != err.Error() {
			t.Errorf("second For(%v) = %v", tt.typ, again)
		}
	}
}

// Regression: a tag on a field whose type is a container still being
// compiled (it contains the field) copied the container before its element
// was known, and value options that follow a cycle of containers never
// stopped. Both must compile (or fail) with an error, not crash.
type (
	cSlice []struct {
		X cSlice `fuzz:"maxlen=2"`
	}
	cMap map[string]struct {
		X cMap `fuzz:"maxlen=1"`
	}
	cRecSlice []cRecSlice
	cRecMap   map[string]cRecMap
	cRecPtr   []*[1]cRecPtr
	cHolder   struct {
		S cRecSlice `fuzz:"maxlen=3"`
	}
	cUTF8 struct {
		S cRecSlice `fuzz:"utf8"`
	}
	cRange struct {
		M cRecMap `fuzz:"max=3"`
	}
	cRangePtr struct {
		P cRecPtr `fuzz:"min=1"`
	}
	cRangeInner []struct {
		X cRangeInner `fuzz:"min=1"`
	}
	cKey [1]struct {
		P *map[cKey]int
	}
)

func TestRecursiveContainerTags(t *testing.T) {
	ok := []reflect.Type{reflect.TypeFor[cSlice](), reflect.TypeFor[cMap](), reflect.TypeFor[cHolder]()}
	for _, typ := range ok {
		p, err := tForNoPanic(typ)
		if err != nil {
			t.Errorf("For(%v): %v", typ, err)
			continue
		}
		// The narrowed field plan is complete: it has its element, and the
		// tag's length limit.
		var x *Plan
		switch p.Kind {
		case Slice:
			x = tField(t, p.Elem, "X")
		case Map:
			x = tField(t, p.Elem, "X")
		default:
			x = tField(t, p, "S")
		}
		if x.Elem == nil || x.Elem.Type != x.Type.Elem() || x.Limits.MaxLen > 3 || x.Base.Limits.MaxLen != MaxLength {
			t.Errorf("%v: narrowed field plan %+v", typ, x)
		}
		if x.Kind == Map && x.Key == nil {
			t.Errorf("%v: narrowed map has no key plan", typ)
		}
		if p.Kind != Struct && (!x.DepthElem || !x.Recursive) {
			t.Errorf("%v: the narrowed field is a step around the cycle: %+v", typ, x)
		}
	}
	bad := []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[cUTF8](), "utf8 does not apply"},
		{reflect.TypeFor[cRange](), "min/max does not apply"},
		{reflect.TypeFor[cRangePtr](), "min/max does not apply"},
		{reflect.TypeFor[cRangeInner](), "min/max does not apply"},
		{reflect.TypeFor[cKey](), "holds a pointer"},
	}
	for _, tt := range bad {
		_, err := tForNoPanic(tt.typ)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("For(%v) = %v, want an error with %q", tt.typ, err, tt.want)
		}
	}
}

// tForNoPanic is For with a panic turned into an error. (An endless
// recursion cannot be recovered: it still kills the test binary.)
func tForNoPanic(typ reflect.Type) (p *Plan, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return For(typ)
}

// Plans of the same type are shared while no registration intervenes,
// also when many goroutines compile at once. Run with -race.
func TestForConcurrent(t *testing.T) {
	types := []reflect.Type{reflect.TypeFor[rList](), reflect.TypeFor[rTree](), reflect.TypeFor[rMap](), reflect.TypeFor[hField]()}
	for i := range 40 {
		fields := []reflect.StructField{
			{Name: "A", Type: reflect.ArrayOf(i+1, reflect.TypeFor[rList]())},
			{Name: "B", Type: reflect.TypeFor[[]rTree](), Tag: reflect.StructTag(fmt.Sprintf(`fuzz:"maxlen=%d"`, i))},
		}
		types = append(types, reflect.StructOf(fields))
	}
	invalidateForTest()
	const workers = 16
	got := make([][]*Plan, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range types {
				typ := types[(i+w)%len(types)]
				p, err := For(typ)
				if err != nil {
					t.Errorf("For(%v): %v", typ, err)
					return
				}
				got[w] = append(got[w], p)
			}
		}()
	}
	wg.Wait()
	for w := range workers {
		for i, p := range got[w] {
			typ := types[(i+w)%len(types)]
			if want := tFor(t, typ); p != want || p.Type != typ {
				t.Fatalf("worker %d: plan of %v is not the shared one", w, typ)
			}
		}
	}
}

type (
	uMany interface{ isUMany() }
	uM0   int8
	uM1   int16
	uM2   int32
	uM3   int64
	uM4   uint8
	uM5   uint16
	uM6   uint32
	uM7   uint64
	uM8   float32
	uM9   float64
)

func (uM0) isUMany() {}
func (uM1) isUMany() {}
func (uM2) isUMany() {}
func (uM3) isUMany() {}
func (uM4) isUMany() {}
func (uM5) isUMany() {}
func (uM6) isUMany() {}
func (uM7) isUMany() {}
func (uM8) isUMany() {}
func (uM9) isUMany() {}

// VariantIndex finds every variant of a union with many of them too (it
// searches a few by comparison, more through a map).
func TestVariantIndexMany(t *testing.T) {
	vts := []reflect.Type{reflect.TypeFor[uM0](), reflect.TypeFor[uM1](), reflect.TypeFor[uM2](), reflect.TypeFor[uM3](),
		reflect.TypeFor[uM4](), reflect.TypeFor[uM5](), reflect.TypeFor[uM6](), reflect.TypeFor[uM7](),
		reflect.TypeFor[uM8](), reflect.TypeFor[uM9]()}
	if err := RegisterUnion(reflect.TypeFor[uMany](), vts); err != nil {
		t.Fatal(err)
	}
	p := tFor(t, reflect.TypeFor[uMany]())
	for i, vt := range vts {
		if got := p.VariantIndex(vt); got != i {
			t.Errorf("VariantIndex(%v) = %d, want %d", vt, got, i)
		}
	}
	if got := p.VariantIndex(reflect.TypeFor[int]()); got != -1 {
		t.Errorf("VariantIndex(int) = %d, want -1", got)
	}
}

type (
	flatPlain  struct{ A, B [2]uint16 }
	flatString struct {
		A int8
		S string
	}
	flatHidden struct {
		A int
		b int
	}
)

// Flat and Plain: a copy of a flat value is deep, and of a plain one its
// bytes are (no strings, nothing hidden from the codec).
func TestFlatAndPlain(t *testing.T) {
	for _, tc := range []struct {
		typ         reflect.Type
		flat, plain bool
	}{
		{reflect.TypeFor[int32](), true, true},
		{reflect.TypeFor[string](), true, false},
		{reflect.TypeFor[flatPlain](), true, true},
		{reflect.TypeFor[flatString](), true, false},
		{reflect.TypeFor[flatHidden](), false, false},
		{reflect.TypeFor[[0]string](), true, true},
		{reflect.TypeFor[[3]string](), true, false},
		{reflect.TypeFor[[3]flatPlain](), true, true},
		{reflect.TypeFor[[]int8](), false, false},
		{reflect.TypeFor[*int](), false, false},
	} {
		p := tFor(t, tc.typ)
		if p.Flat != tc.flat || p.Plain != tc.plain {
			t.Errorf("%v: Flat %v, Plain %v; want %v, %v", tc.typ, p.Flat, p.Plain, tc.flat, tc.plain)
		}
	}
}
