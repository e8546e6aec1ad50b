package codec_test

// A random value generator for tests, and an equality that compares floats
// by their bits (so NaN equals the same NaN, and -0 differs from +0).

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
)

// tGen builds random values that the codec accepts: inside enums, ranges
// and length limits, valid UTF-8 where required, no deeper than the depth
// limit, with nil and empty collections, NaNs, infinities and signed zeros.
type tGen struct {
	r        *rand.Rand
	maxDepth int

	// Shape of the value being generated, chosen afresh by value.
	budget   int     // values left before optional parts stay empty
	pMore    float64 // chance of taking an optional step
	maxExtra int     // elements beyond a collection's minimum length

	deepest int // the deepest depth reached so far

	// spine makes the next value reach the depth limit: every optional
	// step is taken, one element per recursive collection, until a value
	// reaches the limit, and none after (see spineValue).
	spine bool
}

func tNewGen(seed uint64) *tGen {
	return &tGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), maxDepth: codec.DefaultMaxDepth}
}

// value returns a random, addressable value of t.
func (g *tGen) value(tb testing.TB, t reflect.Type) reflect.Value {
	tb.Helper()
	p, err := plan.For(t)
	if err != nil {
		tb.Fatalf("plan for %v: %v", t, err)
	}
	return g.valueOf(p)
}

// valueOf returns a random, addressable value of p's type.
func (g *tGen) valueOf(p *plan.Plan) reflect.Value {
	g.budget = g.r.IntN(300)
	g.pMore = []float64{0.1, 0.5, 0.8, 0.97}[g.r.IntN(4)]
	g.maxExtra = []int{0, 1, 3, 6}[g.r.IntN(4)]
	v := reflect.New(p.Type).Elem()
	g.fill(p, v, 0)
	return v
}

// spineValue returns a value of t whose deepest branch reaches the depth
// limit exactly, deterministically: a random value reaches it only by
// chance (tTree once reached 60 of 64 in 200 values). The rest of the
// value is random, with every optional step taken while the limit is not
// reached, and none once it is.
func (g *tGen) spineValue(tb testing.TB, t reflect.Type) reflect.Value {
	tb.Helper()
	p, err := plan.For(t)
	if err != nil {
		tb.Fatalf("plan for %v: %v", t, err)
	}
	g.spine = true
	defer func() { g.spine = false }()
	g.budget = math.MaxInt32
	g.pMore = 1
	g.maxExtra = 0
	v := reflect.New(p.Type).Elem()
	g.fill(p, v, 0)
	return v
}

func (g *tGen) chance(p float64) bool { return g.r.Float64() < p }

// optional reports whether to take an optional step (a non-nil pointer, a
// non-empty collection, a non-nil union).
func (g *tGen) optional() bool {
	if g.spine {
		return g.deepest < g.maxDepth
	}
	return g.budget > 0 && g.chance(g.pMore)
}

// spineStep reports that the spine must go on through collection p.
func (g *tGen) spineStep(p *plan.Plan) bool {
	return g.spine && p.Elem.Recursive && g.optional()
}

// recursiveCount returns the length of a collection of recursive elements
// for which count chose n: its minimum, plus one element in spine mode
// when an optional step is due, or n when a random optional step is taken.
func (g *tGen) recursiveCount(p *plan.Plan, n int) int {
	lo := p.Limits.MinLen
	if g.spine {
		if g.optional() && lo < p.Limits.MaxLen {
			return lo + 1
		}
		return lo
	}
	if n > lo && !g.optional() {
		return lo
	}
	return n
}

// step returns the depth below a step that counts toward the limit when
// counts, and whether the step may be taken at all.
func (g *tGen) step(counts bool, depth int) (int, bool) {
	if !counts {
		return depth, true
	}
	if depth+1 > g.maxDepth {
		return depth, false
	}
	if depth+1 > g.deepest {
		g.deepest = depth + 1
	}
	return depth + 1, true
}

// count picks a length for a String, Bytes, Slice or Map plan.
func (g *tGen) count(p *plan.Plan, leaf bool) int {
	lo, hi := p.Limits.MinLen, p.Limits.MaxLen
	extra := 0
	if g.budget > 0 {
		extra = g.r.IntN(g.maxExtra + 1)
		if leaf && g.chance(0.3) {
			extra = g.r.IntN(40)
		}
	}
	if hi-lo < extra {
		extra = hi - lo
	}
	return lo + extra
}

func (g *tGen) fill(p *plan.Plan, v reflect.Value, depth int) {
	g.budget--
	switch p.Kind {
	case plan.Bool:
		v.SetBool(g.r.IntN(2) == 1)
	case plan.Int:
		v.SetInt(g.int(p))
	case plan.Uint:
		v.SetUint(g.uint(p))
	case plan.Float:
		if p.Width == 4 {
			tSetFloat32Bits(v, g.float32Bits(p))
		} else {
			v.SetFloat(math.Float64frombits(g.float64Bits(p)))
		}
	case plan.Complex:
		if p.Width == 8 {
			// Through memory: a float64 round trip would quiet a
			// signalling NaN.
			w := (*[2]uint32)(unsafe.Pointer(v.UnsafeAddr()))
			w[0], w[1] = g.float32Bits(p), g.float32Bits(p)
		} else {
			v.SetComplex(complex(math.Float64frombits(g.float64Bits(p)), math.Float64frombits(g.float64Bits(p))))
		}
	case plan.String:
		v.SetString(string(g.bytes(g.count(p, true), p.Limits.UTF8)))
	case plan.Bytes:
		if p.Limits.MinLen == 0 && g.chance(0.15) {
			return // nil
		}
		b := g.bytes(g.count(p, true), p.Limits.UTF8)
		s := reflect.MakeSlice(p.Type, len(b), len(b))
		reflect.Copy(s, reflect.ValueOf(string(b))) // the element may be a named byte
		v.Set(s)
	case plan.Slice:
		if p.Limits.MinLen == 0 && !g.spineStep(p) && g.chance(0.15) {
			return // nil
		}
		n := g.count(p, false)
		d := depth
		if p.Elem.Recursive {
			n = g.recursiveCount(p, n)
		}
		if n > 0 {
			var ok bool
			if d, ok = g.step(p.DepthElem, depth); !ok {
				n = 0 // DepthElem: MinLen is zero
			}
		}
		s := reflect.MakeSlice(p.Type, n, n)
		for i := 0; i < n; i++ {
			g.fill(p.Elem, s.Index(i), d)
		}
		v.Set(s)
	case plan.Array:
		for i := 0; i < p.Len; i++ {
			g.fill(p.Elem, v.Index(i), depth)
		}
	case plan.Map:
		if !g.spineStep(p) && g.chance(0.15) {
			return // nil
		}
		n := g.count(p, false)
		if p.Elem.Recursive {
			n = g.recursiveCount(p, n) // no minlen on maps: 0 or n
		}
		d := depth
		if n > 0 {
			var ok bool
			if d, ok = g.step(p.DepthElem, depth); !ok {
				n = 0
			}
		}
		m := reflect.MakeMap(p.Type)
		seen := map[string]bool{}
		for tries := 0; m.Len() < n && tries < 4*n; tries++ {
			k := reflect.New(p.Key.Type).Elem()
			g.fill(p.Key, k, d)
			id := tBits(k)
			if seen[id] || m.MapIndex(k).IsValid() {
				continue // equal keys: as bits (NaN) or as Go values (±0)
			}
			seen[id] = true
			e := reflect.New(p.Elem.Type).Elem()
			g.fill(p.Elem, e, d)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case plan.Pointer:
		if !g.optional() {
			return
		}
		d, ok := g.step(p.DepthElem, depth)
		if !ok {
			return
		}
		e := reflect.New(p.Elem.Type)
		g.fill(p.Elem, e.Elem(), d)
		v.Set(e)
	case plan.Struct:
		for _, f := range p.Fields {
			g.fill(f.Plan, v.Field(f.Index), depth)
		}
	case plan.Union:
		if !g.optional() {
			return // nil
		}
		var allowed []int
		for i, vr := range p.Variants {
			if _, ok := g.step(vr.Depth, depth); ok {
				allowed = append(allowed, i)
			}
		}
		if len(allowed) == 0 {
			return
		}
		vr := p.Variants[allowed[g.r.IntN(len(allowed))]]
		d, _ := g.step(vr.Depth, depth)
		e := reflect.New(vr.Type).Elem()
		g.fill(vr.Plan, e, d)
		v.Set(e)
	case plan.Opaque:
		// Left zero: the opaque tests own these.
	default:
		panic(fmt.Sprintf("tGen: plan kind %v", p.Kind))
	}
}

func (g *tGen) int(p *plan.Plan) int64 {
	if p.Enum != nil {
		return int64(p.Enum.Values[g.r.IntN(len(p.Enum.Values))])
	}
	bits := uint(p.Width * 8)
	lo, hi := int64(-1)<<(bits-1), int64(1)<<(bits-1)-1
	if p.Limits.HasRange {
		lo, hi = p.Limits.IntMin, p.Limits.IntMax
	}
	var x int64
	if span := uint64(hi-lo) + 1; span == 0 { // a full 64-bit range
		x = int64(g.r.Uint64())
	} else {
		x = lo + int64(g.r.Uint64N(span))
	}
	switch g.r.IntN(8) {
	case 0:
		return lo
	case 1:
		return hi
	case 2:
		if c := int64(g.r.IntN(7) - 3); c >= lo && c <= hi {
			return c
		}
	case 3:
		if x > lo {
			return lo + 1
		}
	}
	return x
}

func (g *tGen) uint(p *plan.Plan) uint64 {
	if p.Enum != nil {
		return p.Enum.Values[g.r.IntN(len(p.Enum.Values))]
	}
	lo, hi := uint64(0), uint64(math.MaxUint64)>>(64-uint(p.Width*8))
	if p.Limits.HasRange {
		lo, hi = p.Limits.UintMin, p.Limits.UintMax
	}
	switch g.r.IntN(6) {
	case 0:
		return lo
	case 1:
		return hi
	case 2:
		if c := uint64(g.r.IntN(4)); c >= lo && c <= hi {
			return c
		}
	}
	if hi-lo == math.MaxUint64 {
		return g.r.Uint64()
	}
	return lo + g.r.Uint64N(hi-lo+1)
}

// Interesting float64 bit patterns: zeros, ones, infinities, quiet and
// signalling NaNs with payloads, extremes, subnormals.
var tFloat64Specials = []uint64{
	0, 1 << 63, math.Float64bits(1), math.Float64bits(-1),
	math.Float64bits(math.Inf(1)), math.Float64bits(math.Inf(-1)),
	0x7ff8000000000000, 0xfff8000000000000, 0x7ff8000000000123, 0x7ff0000000000001,
	math.Float64bits(math.MaxFloat64), math.Float64bits(-math.MaxFloat64),
	1, math.Float64bits(math.SmallestNonzeroFloat64), 0x000fffffffffffff,
}

var tFloat32Specials = []uint32{
	0, 1 << 31, math.Float32bits(1), math.Float32bits(-1),
	math.Float32bits(float32(math.Inf(1))), math.Float32bits(float32(math.Inf(-1))),
	0x7fc00000, 0xffc00000, 0x7fc00123, 0x7f800001, 0xff800005,
	math.Float32bits(math.MaxFloat32), 1, 0x007fffff,
}

func (g *tGen) float64Bits(p *plan.Plan) uint64 {
	if p.Limits.HasRange {
		return math.Float64bits(g.ranged(p))
	}
	if g.chance(0.3) {
		return tFloat64Specials[g.r.IntN(len(tFloat64Specials))]
	}
	if g.chance(0.5) {
		return math.Float64bits(g.r.NormFloat64() * 1000)
	}
	return g.r.Uint64()
}

func (g *tGen) float32Bits(p *plan.Plan) uint32 {
	if p.Limits.HasRange {
		return math.Float32bits(float32(g.ranged(p)))
	}
	if g.chance(0.3) {
		return tFloat32Specials[g.r.IntN(len(tFloat32Specials))]
	}
	if g.chance(0.5) {
		return math.Float32bits(float32(g.r.NormFloat64() * 1000))
	}
	return g.r.Uint32()
}

// ranged returns a float inside the plan's range. Both bounds are
// representable at the plan's width, so rounding a value between them to
// float32 stays between them.
func (g *tGen) ranged(p *plan.Plan) float64 {
	lo, hi := p.Limits.FloatMin, p.Limits.FloatMax
	switch g.r.IntN(6) {
	case 0:
		return lo
	case 1:
		return hi
	case 2:
		if lo <= 0 && hi >= 0 {
			return math.Copysign(0, -1)
		}
	}
	f := g.r.Float64()
	x := lo*(1-f) + hi*f // no overflow even for the widest range
	if !(x >= lo && x <= hi) {
		return lo
	}
	return x
}

// bytes returns n random bytes; when utf8 is set, exactly n bytes of valid
// UTF-8 with multi-byte runes.
func (g *tGen) bytes(n int, valid bool) []byte {
	b := make([]byte, 0, n)
	if !valid {
		for len(b) < n {
			if g.chance(0.5) {
				b = append(b, byte('a'+g.r.IntN(26)))
			} else {
				b = append(b, byte(g.r.IntN(256)))
			}
		}
		return b
	}
	for len(b) < n {
		var r rune
		switch g.r.IntN(4) {
		case 0:
			r = rune(g.r.IntN(0x80))
		case 1:
			r = rune(0x80 + g.r.IntN(0x780))
		case 2:
			r = rune(0x800 + g.r.IntN(0xD000))
		default:
			r = rune(0x10000 + g.r.IntN(0x100000))
		}
		if !utf8.ValidRune(r) || len(b)+utf8.RuneLen(r) > n {
			r = 'x'
		}
		b = utf8.AppendRune(b, r)
	}
	return b
}

// tSetFloat32Bits stores the bits of a float32 without a float64 round
// trip, which would quiet a signalling NaN.
func tSetFloat32Bits(v reflect.Value, bits uint32) {
	*(*uint32)(unsafe.Pointer(v.UnsafeAddr())) = bits
}

// tFloat32Bits reads the bits of a float32 value, through memory when it
// can.
func tFloat32Bits(v reflect.Value) uint32 {
	if v.CanAddr() {
		return *(*uint32)(unsafe.Pointer(v.UnsafeAddr()))
	}
	if v.CanInterface() {
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		return tFloat32Bits(c)
	}
	return math.Float32bits(float32(v.Float()))
}

// tBits returns a string that identifies a comparable value by its bits:
// floats by their bit patterns, everything else by its Go value.
func tBits(v reflect.Value) string {
	if !v.CanAddr() && v.CanInterface() {
		c := reflect.New(v.Type()).Elem()
		c.Set(v) // addressable, so float32 bits are read from memory
		v = c
	}
	var b []byte
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Float32:
			b = append(b, 'f')
			b = strconv.AppendUint(b, uint64(tFloat32Bits(v)), 16)
		case reflect.Float64:
			b = append(b, 'd')
			b = strconv.AppendUint(b, math.Float64bits(v.Float()), 16)
		case reflect.Complex64:
			b = append(b, 'c')
			if v.CanAddr() {
				w := (*[2]uint32)(unsafe.Pointer(v.UnsafeAddr()))
				b = strconv.AppendUint(append(strconv.AppendUint(b, uint64(w[0]), 16), ':'), uint64(w[1]), 16)
			} else {
				c := v.Complex()
				b = strconv.AppendUint(append(strconv.AppendUint(b, uint64(math.Float32bits(float32(real(c)))), 16), ':'), uint64(math.Float32bits(float32(imag(c)))), 16)
			}
		case reflect.Complex128:
			c := v.Complex()
			b = append(b, 'C')
			b = strconv.AppendUint(append(strconv.AppendUint(b, math.Float64bits(real(c)), 16), ':'), math.Float64bits(imag(c)), 16)
		case reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i))
			}
		case reflect.String:
			b = strconv.AppendQuote(b, v.String())
		case reflect.Bool:
			b = strconv.AppendBool(b, v.Bool())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			b = strconv.AppendInt(b, v.Int(), 10)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			b = strconv.AppendUint(b, v.Uint(), 10)
		default:
			panic(fmt.Sprintf("tBits: %v", v.Type()))
		}
		b = append(b, ',')
	}
	walk(v)
	return string(b)
}

// tDiff returns "" when a and b are equal, else the path of a difference
// and what differs there. It is reflect.DeepEqual with floats compared by
// their bits: NaN equals the same NaN, -0 differs from +0. Map entries are
// matched by the bits of their keys. Unexported fields are compared too.
func tDiff(a, b reflect.Value) string {
	return tDiffAt(a, b)
}

// tDiffAt returns "" or the path below a and b, then ": " and the
// difference. Paths are built only on the way back from a difference.
func tDiffAt(a, b reflect.Value) string {
	if a.IsValid() != b.IsValid() {
		return ": one side is invalid"
	}
	if !a.IsValid() {
		return ""
	}
	if a.Type() != b.Type() {
		return fmt.Sprintf(": type %v vs %v", a.Type(), b.Type())
	}
	differ := func(x, y any) string { return fmt.Sprintf(": %v vs %v", x, y) }
	nilness := func() string {
		return fmt.Sprintf(": nil=%v vs nil=%v", a.IsNil(), b.IsNil())
	}
	switch a.Kind() {
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return differ(a.Bool(), b.Bool())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return differ(a.Int(), b.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			return differ(a.Uint(), b.Uint())
		}
	case reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		if x, y := tBits(a), tBits(b); x != y {
			return differ(x, y)
		}
	case reflect.String:
		if a.String() != b.String() {
			return differ(strconv.Quote(a.String()), strconv.Quote(b.String()))
		}
	case reflect.Array:
		for i := 0; i < a.Len(); i++ {
			if d := tDiffAt(a.Index(i), b.Index(i)); d != "" {
				return "[" + strconv.Itoa(i) + "]" + d
			}
		}
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return nilness()
		}
		if a.Len() != b.Len() {
			return differ(fmt.Sprintf("len %d", a.Len()), fmt.Sprintf("len %d", b.Len()))
		}
		for i := 0; i < a.Len(); i++ {
			if d := tDiffAt(a.Index(i), b.Index(i)); d != "" {
				return "[" + strconv.Itoa(i) + "]" + d
			}
		}
	case reflect.Map:
		if a.IsNil() != b.IsNil() {
			return nilness()
		}
		if a.Len() != b.Len() {
			return differ(fmt.Sprintf("len %d", a.Len()), fmt.Sprintf("len %d", b.Len()))
		}
		// Entries are matched by the bits of their keys, through iteration:
		// MapIndex cannot find a NaN key.
		bvals := make(map[string][]reflect.Value, b.Len())
		for it := b.MapRange(); it.Next(); {
			id := tBits(it.Key())
			bvals[id] = append(bvals[id], it.Value())
		}
		for it := a.MapRange(); it.Next(); {
			id := tBits(it.Key())
			if len(bvals[id]) == 0 {
				return "[" + id + "]: key missing"
			}
			bv := bvals[id][0]
			bvals[id] = bvals[id][1:]
			if d := tDiffAt(it.Value(), bv); d != "" {
				return "[" + id + "]" + d
			}
		}
	case reflect.Pointer:
		if a.IsNil() != b.IsNil() {
			return nilness()
		}
		if !a.IsNil() {
			if d := tDiffAt(a.Elem(), b.Elem()); d != "" {
				return "*" + d
			}
		}
	case reflect.Interface:
		if a.IsNil() != b.IsNil() {
			return nilness()
		}
		if !a.IsNil() {
			if d := tDiffAt(a.Elem(), b.Elem()); d != "" {
				return ".(" + a.Elem().Type().String() + ")" + d
			}
		}
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if d := tDiffAt(a.Field(i), b.Field(i)); d != "" {
				return "." + a.Type().Field(i).Name + d
			}
		}
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		if a.IsNil() != b.IsNil() || (!a.IsNil() && a.Pointer() != b.Pointer()) {
			return differ(a.Pointer(), b.Pointer())
		}
	default:
		return ": cannot compare " + a.Kind().String()
	}
	return ""
}

// tClone returns a deep copy of v in which every map is rebuilt with its
// entries inserted in a shuffled order, into a map sized differently.
func tClone(r *rand.Rand, v reflect.Value) reflect.Value {
	c := reflect.New(v.Type()).Elem()
	tCloneInto(r, c, v)
	return c
}

func tCloneInto(r *rand.Rand, dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := 0; i < src.Len(); i++ {
			tCloneInto(r, s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Array:
		for i := 0; i < src.Len(); i++ {
			tCloneInto(r, dst.Index(i), src.Index(i))
		}
	case reflect.Map:
		if src.IsNil() {
			return
		}
		type kv struct{ k, v reflect.Value }
		var entries []kv
		for it := src.MapRange(); it.Next(); {
			entries = append(entries, kv{it.Key(), it.Value()})
		}
		r.Shuffle(len(entries), func(i, j int) { entries[i], entries[j] = entries[j], entries[i] })
		m := reflect.MakeMapWithSize(src.Type(), r.IntN(64)+len(entries))
		for _, e := range entries {
			k := reflect.New(src.Type().Key()).Elem()
			tCloneInto(r, k, e.k)
			val := reflect.New(src.Type().Elem()).Elem()
			tCloneInto(r, val, e.v)
			m.SetMapIndex(k, val)
		}
		dst.Set(m)
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		tCloneInto(r, p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		e := reflect.New(src.Elem().Type()).Elem()
		tCloneInto(r, e, src.Elem())
		dst.Set(e)
	case reflect.Struct:
		for i := 0; i < src.NumField(); i++ {
			if f := src.Type().Field(i); !f.IsExported() && !(f.Anonymous && f.Type.Kind() == reflect.Struct) {
				continue // the generator leaves them zero
			}
			tCloneInto(r, dst.Field(i), src.Field(i))
		}
	default:
		dst.Set(src) // a scalar: bits are copied as they are
	}
}

// tHasKind reports whether a value of t can hold a value of kind k.
func tHasKind(t reflect.Type, k reflect.Kind) bool {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type) bool
	walk = func(t reflect.Type) bool {
		if seen[t] {
			return false
		}
		seen[t] = true
		if t.Kind() == k {
			return true
		}
		switch t.Kind() {
		case reflect.Slice, reflect.Array, reflect.Pointer:
			return walk(t.Elem())
		case reflect.Map:
			return walk(t.Key()) || walk(t.Elem())
		case reflect.Struct:
			for i := 0; i < t.NumField(); i++ {
				if walk(t.Field(i).Type) {
					return true
				}
			}
		case reflect.Interface:
			p, err := plan.For(t)
			if err != nil {
				return false
			}
			return slices.ContainsFunc(p.Variants, func(v plan.Variant) bool { return walk(v.Type) })
		}
		return false
	}
	return walk(t)
}

// The helpers the properties rest on must themselves tell values apart.
func TestDiffHelper(t *testing.T) {
	nan1, nan2 := math.Float64frombits(0x7ff8000000000001), math.Float64frombits(0x7ff8000000000002)
	negZero := math.Copysign(0, -1)
	tests := []struct {
		name  string
		a, b  any
		equal bool
	}{
		{"same NaN", nan1, nan1, true},
		{"different NaNs", nan1, nan2, false},
		{"+0 and -0", 0.0, negZero, false},
		{"float32 signalling NaN bits", [1]float32{math.Float32frombits(0x7f800001)}, [1]float32{math.Float32frombits(0x7fc00001)}, false},
		{"nil and empty slice", []int(nil), []int{}, false},
		{"nil and empty map", map[int]int(nil), map[int]int{}, false},
		{"NaN keys", map[float64]int{nan1: 1, nan2: 2}, map[float64]int{nan2: 2, nan1: 1}, true},
		{"NaN keys, values swapped", map[float64]int{nan1: 1, nan2: 2}, map[float64]int{nan1: 2, nan2: 1}, false},
		{"-0 key", map[float64]int{negZero: 1}, map[float64]int{0: 1}, false},
		{"unexported field", tHidden{b: 1}, tHidden{b: 2}, false},
		{"typed nil in an interface", [1]tShape{(*tPoly)(nil)}, [1]tShape{nil}, false},
		{"variant types", [1]tShape{tNum(1)}, [1]tShape{tLabel("\x01")}, false},
		{"deep equal trees", tChain(5), tChain(5), true},
		{"trees", tChain(5), tChain(6), false},
	}
	for _, tt := range tests {
		d := tDiff(reflect.ValueOf(tt.a), reflect.ValueOf(tt.b))
		if (d == "") != tt.equal {
			t.Errorf("%s: tDiff = %q, want equal=%v", tt.name, d, tt.equal)
		}
	}
	// A clone is equal, has its own maps, and encodes the same.
	r := rand.New(rand.NewPCG(1, 1))
	v := map[string][]int{"a": {1}, "b": nil}
	c := tClone(r, reflect.ValueOf(v)).Interface().(map[string][]int)
	if d := tDiff(reflect.ValueOf(v), reflect.ValueOf(c)); d != "" {
		t.Fatalf("clone differs: %s", d)
	}
	c["a"][0] = 2
	if v["a"][0] != 1 {
		t.Fatal("the clone shares a slice with the original")
	}
}

// The generator reaches the corners the properties are about.
func TestGeneratorCoverage(t *testing.T) {
	g := tNewGen(99)
	seen := map[string]bool{}
	for range 2000 {
		c := g.value(t, reflect.TypeFor[tCollections]()).Interface().(tCollections)
		seen["nil slice"] = seen["nil slice"] || c.Pts == nil
		seen["empty slice"] = seen["empty slice"] || (c.Pts != nil && len(c.Pts) == 0)
		seen["nil map"] = seen["nil map"] || c.MS == nil
		seen["empty map"] = seen["empty map"] || (c.MS != nil && len(c.MS) == 0)
		for k := range c.MF {
			seen["NaN key"] = seen["NaN key"] || math.IsNaN(k)
			seen["-0 key"] = seen["-0 key"] || (k == 0 && math.Signbit(k))
		}
		seen["two NaN keys"] = seen["two NaN keys"] || func() bool {
			n := 0
			for k := range c.MF {
				if math.IsNaN(k) {
					n++
				}
			}
			return n >= 2
		}()
		s := g.value(t, reflect.TypeFor[tScalars]()).Interface().(tScalars)
		seen["NaN"] = seen["NaN"] || math.IsNaN(s.F64)
		seen["signalling NaN32"] = seen["signalling NaN32"] || math.Float32bits(s.F32)&0x7fc00000 == 0x7f800000 && math.Float32bits(s.F32)&0x3fffff != 0
		seen["-0"] = seen["-0"] || (s.F64 == 0 && math.Signbit(s.F64))
		seen["invalid UTF-8"] = seen["invalid UTF-8"] || !utf8.ValidString(s.S)
		seen["min int8"] = seen["min int8"] || s.I8 == math.MinInt8
		seen["max uint64"] = seen["max uint64"] || s.U64 == math.MaxUint64
		u := g.value(t, reflect.TypeFor[tUnions]()).Interface().(tUnions)
		switch x := u.S.(type) {
		case nil:
			seen["nil union"] = true
		case *tPoly:
			seen["pointer variant"] = true
			seen["typed nil variant"] = seen["typed nil variant"] || x == nil
		default:
			seen[reflect.TypeOf(x).Name()] = true
		}
		tg := g.value(t, reflect.TypeFor[tTags]()).Interface().(tTags)
		seen["range bound"] = seen["range bound"] || tg.Small == -5 || tg.Small == 5
		seen["multi-byte UTF-8"] = seen["multi-byte UTF-8"] || utf8.RuneCountInString(tg.UTF) < len(tg.UTF)
	}
	for _, want := range []string{"nil slice", "empty slice", "nil map", "empty map", "NaN key", "-0 key", "two NaN keys",
		"NaN", "signalling NaN32", "-0", "invalid UTF-8", "min int8", "max uint64", "nil union", "pointer variant",
		"typed nil variant", "tCircle", "tRect", "tNum", "tLabel", "range bound", "multi-byte UTF-8"} {
		if !seen[want] {
			t.Errorf("2000 generated values never had: %s", want)
		}
	}
}
