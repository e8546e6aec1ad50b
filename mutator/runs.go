package mutator

import (
	"reflect"

	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/undo"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// Insertions and deletions work on runs of elements: a sequence of five
// steps should not need five lucky single insertions, nor a bloated one
// five deletions. A run is mostly one element, often two to four, now and
// then many (runLen).

// maxRun is the longest run runLen gives.
const maxRun = 32

// runLen returns the length of a run, at most most (and at least 1):
// one half the time, 2 a quarter, 3 or 4 an eighth, 5 to 8 a sixteenth,
// and otherwise 9 to maxRun.
func (m *Mutator) runLen(most int) int {
	if most <= 1 {
		return 1
	}
	var n int
	switch x := m.r.IntN(16); {
	case x < 8:
		n = 1
	case x < 12:
		n = 2
	case x < 14:
		n = 3 + m.r.IntN(2)
	case x < 15:
		n = 5 + m.r.IntN(4)
	default:
		n = 9 + m.r.IntN(maxRun-8)
	}
	return min(n, most)
}

// insertRun puts a run of new elements into the slice v at a random
// place: fresh ones, or, now and then, copies of a run of its own
// elements. canInsert said one element fits; the run stops growing where
// the next would break the length limit, the memory budget or the size
// budget.
func (m *Mutator) insertRun(p *plan.Plan, v reflect.Value, depth int) {
	n := v.Len()
	most := min(p.Limits.MaxLen, plan.MaxLength) - n
	if p.ElemMinSize() == 0 {
		most = min(most, p.MaxZeroSizeCount()-n)
	}
	k := m.runLen(most)
	for k > 1 && !m.memFits(p.Cost(n+k)-p.Cost(n), k*p.ElemMinSize()) {
		k /= 2
	}
	s := reflect.MakeSlice(p.Type, n+k, n+k)
	at := m.r.IntN(n + 1)
	reflect.Copy(s, v.Slice(0, at))
	if n > 0 && m.r.IntN(4) == 0 {
		from := m.r.IntN(n)
		k = min(k, n-from)
		for i := range k {
			if c, err := walk.Clone(m.codec, p.Elem, v.Index(from+i)); err == nil {
				s.Index(at + i).Set(c)
			}
		}
	} else {
		d := walk.Below(p.DepthElem, depth)
		budget := m.budget
		for i := range k {
			if i > 0 && !m.fitsIn(p.Elem, p.DepthElem, depth, budget) {
				k = i
				break
			}
			m.path.Index(at + i)
			budget -= m.fresh(p.Elem, s.Index(at+i), d, budget)
			m.path.Pop()
		}
	}
	reflect.Copy(s.Slice(at+k, n+k), v.Slice(at, n))
	v.Set(s.Slice(0, n+k))
}

// deleteRun removes a run of consecutive elements from the slice v,
// leaving at least its minimum length.
func (m *Mutator) deleteRun(p *plan.Plan, v reflect.Value) {
	n := v.Len()
	k := m.runLen(n - p.Limits.MinLen)
	at := m.r.IntN(n - k + 1)
	s := reflect.MakeSlice(p.Type, n-k, n-k)
	reflect.Copy(s, v.Slice(0, at))
	reflect.Copy(s.Slice(at, n-k), v.Slice(at+k, n))
	v.Set(s)
}

// deleteEntries removes a run of entries, chosen at random, from the map
// v, leaving at least its minimum length. A map with a key that is not
// equal to itself (a NaN) loses one entry: removing one rebuilds the map
// from the entries (undo.Log.ReplaceEntry), which a second removal from
// the same list would undo.
func (m *Mutator) deleteEntries(p *plan.Plan, v reflect.Value) {
	entries := walk.Entries(m.codec, p, v)
	n := len(entries)
	k := m.runLen(n - p.Limits.MinLen)
	for i := range k {
		// A partial Fisher-Yates shuffle picks k distinct entries.
		j := i + m.r.IntN(n-i)
		entries[i], entries[j] = entries[j], entries[i]
		if !undo.SelfEqual(entries[i].K) {
			entries[0], entries[i] = entries[i], entries[0]
			k = 1
			break
		}
	}
	for i := range k {
		m.replaceEntry(v, entries, i, reflect.Value{}, reflect.Value{})
	}
}

// shrinkShare is the share of attempts that only take away (shrinkOps)
// when the value's encoding is size bytes long and the result may be
// maxSize: none up to half the limit, then growing to a third of them
// at the limit. libFuzzer raises the limit slowly (-len_control) and keeps
// a shorter input that reaches the same coverage; an input near the
// limit has little room to change by growing, and inputs that bloat to
// the limit run slower and dilute every later mutation.
func shrinkShare(size, maxSize int) float64 {
	if maxSize <= 0 || 2*size <= maxSize {
		return 0
	}
	x := min(float64(2*size-maxSize)/float64(maxSize), 1)
	return x * x / 3
}

// shrinkOps appends the operations on a node of shape s that make it smaller: deleting a
// run of elements or entries, clearing a pointer or a union.
func (m *Mutator) shrinkOps(p *plan.Plan, s shape, ops []op) []op {
	switch p.Kind {
	case plan.Slice, plan.Map:
		if s.n > p.Limits.MinLen {
			ops = append(ops, opDelete)
		}
	case plan.Pointer:
		if !s.isNil {
			ops = append(ops, opPtrToggle)
		}
	case plan.Union:
		if !s.isNil {
			ops = append(ops, opUnionNil)
		}
	}
	return ops
}
