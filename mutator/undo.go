package mutator

import (
	"math"
	"reflect"

	"github.com/structfuzz/structfuzz/internal/walk"
)

// An attempt of Mutate that is rejected (its result does not encode, does
// not fit or does not change the encoding) is undone from a log of the
// slots it changed, not by decoding the original encoding again: a
// built-in operation changes one node, and the log holds what that node
// held before. Undoing the log in reverse restores the value exactly, in
// the same memory.
//
// What a node's operation changes in place:
//   - a scalar, string, slice header, pointer, interface or map header
//     stored in its slot: the slot and its old content (undoSet, or one
//     of the scalar kinds, which allocate nothing);
//   - the backing array of a slice, by a swap or a move: the inverse
//     operation (undoSwap, undoMove);
//   - a map's entries, by an insertion, a deletion or a replaced entry:
//     the key added and the entry removed (undoEntry).
//
// The walker reaches some nodes through copies: the content of an
// interface, and map keys and values. It logs the store of the copy back
// into the union or map as well, so undoing restores the container; the
// log entries made inside the copy are then undone in the copy, which is
// harmless, or through the pointers and backing arrays the copy shares
// with the original, which is needed.
//
// A Mutate hook can change anything below its value, so an attempt that
// ran a hook is undone by decoding the original encoding (restoreAll).
type undoKind uint8

const (
	undoSet     undoKind = iota // slot.Set(old)
	undoSwap                    // swap elements i and j of slice slot again
	undoMove                    // move element j of slice slot back to i
	undoEntry                   // in map slot: delete key added, then set key old to val
	undoBool                    // slot.SetBool(bits != 0)
	undoInt                     // slot.SetInt(int64(bits))
	undoUint                    // slot.SetUint(bits)
	undoFloat                   // slot.SetFloat(math.Float64frombits(bits))
	undoComplex                 // slot.SetComplex(c)
	undoString                  // slot.SetString(str)
)

type undoRec struct {
	kind     undoKind
	i, j     int
	bits     uint64
	c        complex128
	str      string
	slot     reflect.Value
	old, val reflect.Value
	added    reflect.Value // undoEntry: the key the change added, or invalid
}

// logging reports whether changes are logged: during an attempt of
// MutateFrom, outside hooks (whose attempts are restored in full).
func (m *Mutator) logging() bool { return m.root != nil && m.inHook == 0 }

// saveSlot logs the current content of slot, which is about to be
// replaced (a Set, SetInt, SetString, ... on the slot itself).
func (m *Mutator) saveSlot(slot reflect.Value) {
	if !m.logging() {
		return
	}
	// Scalars are kept as scalars, and pointer-shaped values in an
	// interface, which costs no allocation. A float32 is copied as it
	// is: through float64, a signalling NaN would come back quiet.
	u := undoRec{kind: undoSet, slot: slot}
	switch slot.Kind() {
	case reflect.Bool:
		u.kind = undoBool
		if slot.Bool() {
			u.bits = 1
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		u.kind, u.bits = undoInt, uint64(slot.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u.kind, u.bits = undoUint, slot.Uint()
	case reflect.Float64:
		u.kind, u.bits = undoFloat, math.Float64bits(slot.Float())
	case reflect.Complex128:
		u.kind, u.c = undoComplex, slot.Complex()
	case reflect.String:
		u.kind, u.str = undoString, slot.String()
	case reflect.Pointer, reflect.Map:
		if slot.CanInterface() {
			u.old = reflect.ValueOf(slot.Interface())
			break
		}
		fallthrough
	default:
		u.old = reflect.New(slot.Type()).Elem()
		u.old.Set(slot)
	}
	m.undo = append(m.undo, u)
}

// saveSwap logs that elements i and j of slice s were swapped (or, with
// moved, that element i was moved to j).
func (m *Mutator) saveSwap(s reflect.Value, i, j int, moved bool) {
	if !m.logging() {
		return
	}
	k := undoSwap
	if moved {
		k = undoMove
	}
	m.undo = append(m.undo, undoRec{kind: k, slot: s, i: i, j: j})
}

// saveEntry logs a change of map mv that adds key added (invalid for
// none) and removes the entry old: val (old invalid for none). The
// caller ensures both keys are equal to themselves, so lookups find them.
func (m *Mutator) saveEntry(mv, added, old, val reflect.Value) {
	if !m.logging() {
		return
	}
	m.undo = append(m.undo, undoRec{kind: undoEntry, slot: mv, added: added, old: old, val: val})
}

// rollback undoes the logged changes, last first, and empties the log.
func (m *Mutator) rollback() {
	for i := len(m.undo) - 1; i >= 0; i-- {
		u := &m.undo[i]
		switch u.kind {
		case undoSet:
			u.slot.Set(u.old)
		case undoBool:
			u.slot.SetBool(u.bits != 0)
		case undoInt:
			u.slot.SetInt(int64(u.bits))
		case undoUint:
			u.slot.SetUint(u.bits)
		case undoFloat:
			u.slot.SetFloat(math.Float64frombits(u.bits))
		case undoComplex:
			u.slot.SetComplex(u.c)
		case undoString:
			u.slot.SetString(u.str)
		case undoSwap:
			reflect.Swapper(u.slot.Interface())(u.i, u.j)
		case undoMove:
			moveElem(u.slot, u.j, u.i)
		case undoEntry:
			if u.added.IsValid() {
				u.slot.SetMapIndex(u.added, reflect.Value{})
			}
			if u.old.IsValid() {
				u.slot.SetMapIndex(u.old, u.val)
			}
		}
	}
	m.forget()
}

// forget empties the log, dropping its references to the value.
func (m *Mutator) forget() {
	clear(m.undo)
	m.undo = m.undo[:0]
	for _, mark := range m.held {
		m.maps.Release(mark)
	}
	m.held = m.held[:0]
}

// selfEqual reports whether k == k, so that a map lookup can find it (a
// key holding a NaN cannot be found, replaced or deleted).
func selfEqual(k reflect.Value) bool {
	return k.Comparable() && k.Equal(k)
}

// replaceEntry is walk.ReplaceEntry, logged: entries[i] of map v becomes
// k: val, or goes when k is invalid.
func (m *Mutator) replaceEntry(v reflect.Value, entries []walk.Entry, i int, k, val reflect.Value) {
	old := entries[i].K
	if selfEqual(old) && (!k.IsValid() || selfEqual(k)) && v.MapIndex(old).IsValid() {
		// In place: the old entry goes, the new one comes.
		m.saveEntry(v, k, old, entries[i].V)
		walk.ReplaceEntry(v, entries, i, k, val)
		return
	}
	// A key that lookups cannot find: change a copy of the map, so the
	// original stays as it was for the undo.
	m.saveSlot(v)
	v.Set(copyMap(v))
	walk.ReplaceEntry(v, entries, i, k, val)
}

// setEntry adds the entry k: val, whose key the map v does not hold.
func (m *Mutator) setEntry(v reflect.Value, k, val reflect.Value) {
	if selfEqual(k) {
		m.saveEntry(v, k, reflect.Value{}, reflect.Value{})
	} else {
		m.saveSlot(v)
		v.Set(copyMap(v))
	}
	v.SetMapIndex(k, val)
}

// copyMap returns a new map with the entries of map v.
func copyMap(v reflect.Value) reflect.Value {
	nm := reflect.MakeMapWithSize(v.Type(), v.Len())
	for it := v.MapRange(); it.Next(); {
		nm.SetMapIndex(it.Key(), it.Value())
	}
	return nm
}
