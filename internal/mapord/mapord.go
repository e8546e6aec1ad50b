// Package mapord is the one place that puts the entries of a Go map in the
// codec's order: by the bytes of their encoded keys. The codec writes maps
// in that order so equal maps encode equally, and every walk that must be
// deterministic over a map (mutation, crossover, post-processing, checks)
// visits entries in it.
//
// The entries' keys and values are copied into addressable temporaries
// that a Scratch keeps and reuses, as a stack: a walk that sorts a map
// nested inside the value of another sorts it on the same Scratch, and
// gives it back (Release) before the outer map's entries are released. In
// the steady state sorting a map allocates nothing.
package mapord

import (
	"bytes"
	"reflect"
	"slices"
)

// KeyEncoder appends the encoding of key k, the i-th key in iteration
// order, to buf. An error it returns ends the sort and is returned as is.
type KeyEncoder func(buf []byte, i int, k reflect.Value) ([]byte, error)

// Entry is one entry of a sorted map.
type Entry struct {
	// Key is the encoding of the key, in the Scratch's buffer.
	Key []byte
	// K and V are addressable copies of the key and the value. Changing
	// them does not change the map.
	K, V reflect.Value
}

// Scratch holds the temporaries of sorted maps. The zero value is ready to
// use. A Scratch is not safe for concurrent use.
type Scratch struct {
	keys    []byte
	entries []Entry
	temps   map[reflect.Type]*stack
	peak    int // the largest run of temporaries, in bytes (see Trim)
}

// entrySize is the size of an Entry in memory.
var entrySize = int(reflect.TypeFor[Entry]().Size())

// Mark records what one Sorted call took from a Scratch, for Release.
type Mark struct {
	keys, entries int
	k, v          *stack
	kFrom, vFrom  int
}

// Sorted returns the entries of map m, whose key and value types are
// m.Type().Key() and m.Type().Elem(), in the order of their encoded keys
// (enc encodes them). Entries with equal key encodings are adjacent; see
// Duplicate. With a nil enc the entries are copied in iteration order,
// with nil Keys, for a walk whose result does not depend on the order.
// The result and its temporaries are valid until Release(mark), which the
// caller must call (also after an error), last in, first out with other
// calls on the same Scratch.
func (s *Scratch) Sorted(m reflect.Value, enc KeyEncoder) (entries []Entry, mark Mark, err error) {
	n := m.Len()
	t := m.Type()
	mark = Mark{keys: len(s.keys), entries: len(s.entries)}
	mark.k, mark.kFrom = s.stack(t.Key())
	mark.v, mark.vFrom = s.stack(t.Elem())
	if n == 0 {
		return nil, mark, nil
	}
	ks, kOff := mark.k.take(n)
	vs, vOff := mark.v.take(n)
	s.peak = max(s.peak, mark.k.bytes, mark.v.bytes)
	keys := s.keys
	all := slices.Grow(s.entries, n)
	i := 0
	for it := m.MapRange(); it.Next(); i++ {
		k, v := ks.Index(kOff+i), vs.Index(vOff+i)
		k.SetIterKey(it)
		v.SetIterValue(it)
		start := len(keys)
		if enc == nil {
			all = append(all, Entry{K: k, V: v})
			continue
		}
		if keys, err = enc(keys, i, k); err != nil {
			s.keys, s.entries = keys, all
			return nil, mark, err
		}
		all = append(all, Entry{Key: keys[start:len(keys):len(keys)], K: k, V: v})
	}
	s.keys, s.entries = keys, all
	entries = all[mark.entries:]
	if enc == nil {
		return entries, mark, nil
	}
	// keys may have moved while it grew: point every entry into its final
	// array. Each Key's length and its offset from the start of this
	// call's region are unchanged by a move.
	off := mark.keys
	for j := range entries {
		l := len(entries[j].Key)
		entries[j].Key = keys[off : off+l : off+l]
		off += l
	}
	slices.SortFunc(entries, func(a, b Entry) int { return bytes.Compare(a.Key, b.Key) })
	return entries, mark, nil
}

// Temp returns an addressable zero temporary of type t from the Scratch,
// valid until Release(mark), for a walk that needs a copy of a value it
// cannot change in place (the content of an interface) only while it
// looks inside.
func (s *Scratch) Temp(t reflect.Type) (reflect.Value, Mark) {
	mark := Mark{keys: len(s.keys), entries: len(s.entries)}
	mark.k, mark.kFrom = s.stack(t)
	run, off := mark.k.take(1)
	s.peak = max(s.peak, mark.k.bytes)
	return run.Index(off), mark
}

// Duplicate returns the index of the first of sorted entries whose key
// encodes like the one before it, or -1. Two keys of one map encode alike
// only when they hold NaNs (a NaN is unequal to itself as a Go key).
func Duplicate(entries []Entry) int {
	for i := 1; i < len(entries); i++ {
		if bytes.Equal(entries[i-1].Key, entries[i].Key) {
			return i
		}
	}
	return -1
}

// Release gives back what the Sorted or Temp call that returned mark
// took, and everything taken after it. The temporaries are zeroed, so the
// Scratch keeps no reference to the map's contents. Releasing marks out of
// order releases down to the lowest of them.
func (s *Scratch) Release(mark Mark) {
	if mark.entries < len(s.entries) {
		clear(s.entries[mark.entries:])
		s.entries = s.entries[:mark.entries]
	}
	s.keys = s.keys[:min(len(s.keys), mark.keys)]
	mark.k.release(mark.kFrom)
	if mark.v != nil {
		mark.v.release(mark.vFrom)
	}
}

// Trim drops the Scratch's buffers when they have grown past bound bytes
// (about), so that a Scratch kept in a pool does not hold a huge map's
// room for ever. Nothing may be taken from it.
func (s *Scratch) Trim(bound int) {
	if cap(s.keys) > bound || cap(s.entries)*entrySize > bound {
		s.keys, s.entries = nil, nil
	}
	if s.peak <= bound {
		return // no run of temporaries is that large
	}
	s.peak = 0
	for t, st := range s.temps {
		if st.bytes > bound {
			delete(s.temps, t)
		} else {
			s.peak = max(s.peak, st.bytes)
		}
	}
}

// stack returns the stack of temporaries of type t and its height.
func (s *Scratch) stack(t reflect.Type) (*stack, int) {
	st := s.temps[t]
	if st == nil {
		if s.temps == nil {
			s.temps = map[reflect.Type]*stack{}
		}
		st = &stack{t: t}
		s.temps[t] = st
	}
	return st, st.used
}

// stack is a growable run of addressable temporaries of one type, taken
// and given back last in, first out.
type stack struct {
	t     reflect.Type
	all   reflect.Value // a slice of t; its elements past used are zero
	used  int
	bytes int // the size of all in memory
}

// take returns a run holding n zero temporaries from index off on. When
// the run is full, a larger one replaces it; the temporaries handed out
// before stay valid in the old one, which they keep alive. (Value.Slice
// would allocate a slice header: the caller indexes the run instead.)
func (st *stack) take(n int) (run reflect.Value, off int) {
	if !st.all.IsValid() || st.used+n > st.all.Len() {
		size := max(2*st.used+n, 8)
		if st.all.IsValid() {
			size = max(size, 2*st.all.Len())
		}
		st.all = reflect.MakeSlice(reflect.SliceOf(st.t), size, size)
		st.bytes = size * int(st.t.Size())
	}
	off = st.used
	st.used += n
	return st.all, off
}

// release gives back the temporaries above height from, zeroing them. A
// height above the current one changes nothing, so marks may be released
// out of order: the lowest wins.
func (st *stack) release(from int) {
	for i := from; i < st.used; i++ {
		st.all.Index(i).SetZero()
	}
	st.used = min(st.used, from)
}
