package plan

import (
	"math"
	"math/bits"
	"reflect"
)

// The memory cost model: how many bytes decoding a value of a plan
// allocates, as the codec's memory budget counts them. The decoder charges
// these costs before it allocates, the encoder sums the same costs to
// refuse a value whose encoding would not decode within the budget, and the
// mutator asks them before it grows a value. Every cost is computed once,
// when the plan is compiled (see Plan.Mem and Variant.Mem).
//
// The costs bound what the Go runtime really allocates: an allocation of s
// bytes is charged AllocCost(s), which covers the rounding up to Go's size
// classes and pages, and a map entry is charged for the slack of the hash
// table around it. Only what the codec allocates is counted; the root
// value is the caller's, and an opaque type's own methods are charged a
// fixed estimate per byte (see opaqueEach).

// Memory is what a value of a plan costs in memory when it is decoded.
type Memory struct {
	// Each is charged per element of a Slice, entry of a Map, and byte of
	// a String, Bytes or Opaque value.
	Each int
	// First is charged once more for a String, Bytes, Slice or Map with at
	// least one element: the rounding up of the allocation, or a map's
	// first group of slots and the decoder's temporaries.
	First int
	// Once is charged for every non-nil Map (its header) and Opaque value,
	// and for the target of a present Pointer (for a Pointer, Once is all
	// it costs).
	Once int
}

// Cost returns what a value of n elements (entries, bytes) costs, or, for
// a Pointer, what its target costs (n is ignored). It saturates at
// math.MaxInt.
func (p *Plan) Cost(n int) int {
	if p.Kind == Pointer || n == 0 {
		return p.Mem.Once
	}
	if p.Mem.Each == 0 && p.Kind == Slice {
		return 0 // zero-size elements take no memory
	}
	return satAdd(satAdd(p.Mem.Once, p.Mem.First), satMul(n, p.Mem.Each))
}

// Account keeps the memory budget along one encoding, in the order its
// bytes come: the codec's decoder and encoder charge the same costs at the
// same positions, so they agree on every value.
//
// A charge of cost bytes at position pos (the offset in the encoding right
// after the value's length prefix, presence byte or tag) that promises
// promise more bytes (a String, Bytes or Slice of n elements promises n
// times the smallest element encoding) is within the budget when
//
//	Spent + cost <= Base + PerByte*Horizon
//
// where Horizon is the furthest pos+promise of every charge so far, this
// one included. Every charge is justified by bytes that the encoding is
// sure to hold, so a value whose charges all pass costs at most
// Base + PerByte*len(encoding), and a lenient decoder that cuts where a
// charge would fail builds a value that encodes.
type Account struct {
	Base, PerByte  int
	Spent, Horizon int
}

// Allowed returns the budget up to the horizon h: Base + PerByte*h.
func (a *Account) Allowed(h int) int { return Budget(a.Base, a.PerByte, h) }

// Charge charges cost at pos with promise and reports whether the budget
// holds. It charges even when it does not (a lenient decoder may go over
// for a value's required minimum).
func (a *Account) Charge(cost, pos, promise int) bool {
	a.Horizon = max(a.Horizon, satAdd(pos, promise))
	a.Spent = satAdd(a.Spent, cost)
	return a.Spent <= a.Allowed(a.Horizon)
}

// Fits reports whether Charge(cost, pos, promise) would hold.
func (a *Account) Fits(cost, pos, promise int) bool {
	return satAdd(a.Spent, cost) <= a.Allowed(max(a.Horizon, satAdd(pos, promise)))
}

// Affordable returns the largest count n <= want of elements of p (a
// String, Bytes or Slice) at pos whose Cost(n), with its promise of n times
// the smallest element encoding, fits: all of want when they fit, and
// possibly 0.
func (a *Account) Affordable(p *Plan, want, pos int) int {
	per := p.ElemMinSize()
	if a.Fits(p.Cost(want), pos, satMul(want, per)) {
		return want
	}
	each, fixed := p.Mem.Each, satAdd(p.Mem.Once, p.Mem.First)
	best := 0
	// Within the current horizon: fixed + n*each <= Allowed(Horizon) - Spent.
	if room := a.Allowed(a.Horizon) - a.Spent - fixed; room >= 0 && each > 0 {
		best = room / each
	}
	// Beyond it: fixed + n*each <= Base + PerByte*(pos + n*per) - Spent.
	if gain := satMul(a.PerByte, per); each > gain {
		if room := a.Allowed(pos) - a.Spent - fixed; room >= 0 {
			best = max(best, room/(each-gain))
		}
	}
	return min(want, best)
}

// MapHint charges what a map of n entries at pos costs up front: its
// header, and the table for as many entries h <= n as fit now (the
// decoder sizes the map for h). Entries past h are charged one by one with
// MapEntry, once each is read. It reports false, charging nothing, when
// not even the header fits.
func (a *Account) MapHint(p *Plan, n, pos int) (h int, ok bool) {
	if !a.Fits(p.Mem.Once, pos, 0) {
		return 0, false
	}
	if n > 0 {
		room := a.Allowed(max(a.Horizon, pos)) - a.Spent - p.Mem.Once - p.Mem.First
		if room >= 0 {
			h = n
			if p.Mem.Each > 0 {
				h = min(n, room/p.Mem.Each)
			}
		}
	}
	cost := p.Mem.Once
	if h > 0 {
		cost = satAdd(satAdd(cost, p.Mem.First), satMul(h, p.Mem.Each))
	}
	a.Charge(cost, pos, 0)
	return h, true
}

// MapEntry charges entry i (counting from 0) of a map sized for h entries
// by MapHint, at pos, the end of the entry's encoding, and reports whether
// the budget holds. Entries below h were paid for.
func (a *Account) MapEntry(p *Plan, i, h, pos int) bool {
	if i < h {
		return true
	}
	cost := p.Mem.Each
	if i == 0 {
		cost = satAdd(cost, p.Mem.First)
	}
	return a.Charge(cost, pos, 0)
}

// Budget returns base + perByte*n, saturating at math.MaxInt: the memory
// budget of an n-byte input.
func Budget(base, perByte, n int) int {
	return satAdd(base, satMul(perByte, n))
}

// AllocCost is what an allocation of size bytes is charged: an upper bound
// of what the Go runtime takes for it (size classes round up by less than
// a quarter plus 16 bytes, large objects to 8 KiB pages, by less than a
// quarter too). Zero bytes cost nothing.
func AllocCost(size int) int {
	if size <= 0 {
		return 0
	}
	return satAdd(satAdd(size, size/4), 16)
}

// Costs of one map entry beyond its key and value: the control byte and
// empty slots of the hash table (up to 7/8 full, and sized up to a power of
// two: fewer than three slots per entry, and a map that grows past its
// initial size has allocated its smaller tables too: five slots per entry
// bound both), and alignment and padding.
const (
	mapSlots     = 5
	mapSlotExtra = 8
	// mapGroup is the number of slots a map's first table has.
	mapGroup = 8
	// mapHeader covers a map's header.
	mapHeader = 64
	// mapIndirect is the key or value size from which a map stores a
	// pointer in the slot and allocates the key or value apart.
	mapIndirect = 128
)

// An opaque value is decoded by its own methods: the decoder copies its
// bytes, the method parses them, and strict decoding marshals the value
// again to check the bytes. opaqueEach and opaqueOnce estimate that: about
// 12 bytes per byte of input (measured on time.Time, netip.Addr and
// big.Int of up to a few KB) plus a constant. A method that allocates more
// (big.Int's decimal text conversion is quadratic) is not bounded by it.
const (
	opaqueEach = 12
	opaqueOnce = 64
)

// memory fills p.Mem and the variants' Mem.
func memory(p *Plan) {
	switch p.Kind {
	case String, Bytes:
		p.Mem = Memory{Each: 2, First: 16} // AllocCost(n) <= 2n + 16
	case Slice:
		size := int(p.Elem.Type.Size())
		p.Mem = Memory{Each: size + (size+3)/4, First: 16}
	case Map:
		k, e := int(p.Key.Type.Size()), int(p.Elem.Type.Size())
		slot := func(s int) (inSlot, apart int) {
			if s > mapIndirect {
				return 8, AllocCost(s)
			}
			return s, 0
		}
		ks, ka := slot(k)
		es, ea := slot(e)
		p.Mem = Memory{
			// Lenient decoding looks each key up before it inserts (the
			// first of repeated keys stays), and reflect copies the value
			// it finds: AllocCost(e) more per entry.
			Each: satAdd(satMul(mapSlots, ks+es+mapSlotExtra), satAdd(satAdd(ka, ea), AllocCost(e))),
			// The first group of slots, and the key and value the
			// decoder reads each entry into.
			First: satAdd(satMul(mapGroup, ks+es+mapSlotExtra), satAdd(AllocCost(k), AllocCost(e))),
			Once:  mapHeader,
		}
	case Pointer:
		p.Mem = Memory{Once: AllocCost(int(p.Elem.Type.Size()))}
	case Opaque:
		p.Mem = Memory{Each: opaqueEach, Once: opaqueOnce}
	case Union:
		for i := range p.Variants {
			p.Variants[i].Mem = variantCost(p.Variants[i].Type)
		}
	}
}

// variantCost is what decoding a union's variant of type t allocates
// before its content: a new variable, and the box the interface keeps
// (none for a pointer-shaped type).
func variantCost(t reflect.Type) int {
	s := int(t.Size())
	return satMul(2, AllocCost(s))
}

func satAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

func satMul(a, b int) int {
	if a >= 0 && b >= 0 {
		// The common case, without the division of the general one: the
		// budget charges a few of these per encoded value.
		hi, lo := bits.Mul64(uint64(a), uint64(b))
		if hi != 0 || lo > math.MaxInt {
			return math.MaxInt
		}
		return int(lo)
	}
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt/b {
		return math.MaxInt
	}
	return a * b
}
