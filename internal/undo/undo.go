// Package undo is the log that lets mutation and crossover reject an
// attempt without decoding the original encoding again. A built-in
// operation changes one node of the value; the log holds what that node
// held before, and undoing the log in reverse restores the value exactly,
// in the same memory.
//
// What an operation changes in place:
//   - a scalar, string, slice header, pointer, interface or map header
//     stored in its slot: the slot and its old content (Set, or one of the
//     scalar kinds, which allocate nothing);
//   - the backing array of a slice, by a swap or a move: the inverse
//     operation (Swap, Move);
//   - a map's entries, by an insertion, a deletion or a replaced entry:
//     the key added and the entry removed (Entry).
//
// A walk reaches some nodes through copies: the content of an interface,
// and map keys and values. It logs the store of the copy back into the
// union or map as well, so undoing restores the container; the entries
// made inside the copy are then undone in the copy, which is harmless, or
// through the pointers and backing arrays the copy shares with the
// original, which is needed. The copies are temporaries of the log's
// Scratch (Temps) that the walk holds (Hold) until the log is forgotten.
//
// A user's hook can change anything below its value: an attempt that ran
// one is restored by decoding, and its log is only forgotten.
package undo

import (
	"math"
	"reflect"

	"github.com/structfuzz/structfuzz/internal/mapord"
)

// Kind is the kind of a log record.
type Kind uint8

// The kinds of record.
const (
	Set     Kind = iota // slot.Set(old)
	Swap                // swap elements i and j of slice slot again
	Move                // move element j of slice slot back to i
	Entry               // in map slot: delete key added, then set key old to val
	Bool                // slot.SetBool(bits != 0)
	Int                 // slot.SetInt(int64(bits))
	Uint                // slot.SetUint(bits)
	Float               // slot.SetFloat(math.Float64frombits(bits))
	Complex             // slot.SetComplex(c)
	String              // slot.SetString(str)
)

type record struct {
	kind     Kind
	i, j     int
	bits     uint64
	c        complex128
	str      string
	slot     reflect.Value
	old, val reflect.Value
	added    reflect.Value // Entry: the key the change added, or invalid
}

// Log records the changes of one attempt. The zero value is ready to use.
// The recording methods do nothing on a nil *Log, so a walk can hand them
// nil while changes are not to be logged (inside a hook).
type Log struct {
	// Temps holds the temporaries of the walk that makes the changes:
	// copies of map entries and union contents, and the old contents the
	// log keeps.
	Temps mapord.Scratch
	recs  []record
	held  []mapord.Mark
}

// Len returns the number of records.
func (l *Log) Len() int { return len(l.recs) }

// Kinds calls f with the kind of every record, oldest first.
func (l *Log) Kinds(f func(Kind)) {
	for i := range l.recs {
		f(l.recs[i].kind)
	}
}

// Hold keeps temporaries taken from Temps until the log is forgotten: the
// records may point into them.
func (l *Log) Hold(marks ...mapord.Mark) { l.held = append(l.held, marks...) }

// Slot records the current content of slot, which is about to be replaced
// (a Set, SetInt, SetString, ... on the slot itself).
func (l *Log) Slot(slot reflect.Value) {
	if l == nil {
		return
	}
	// Scalars are kept as scalars, and pointer-shaped values in an
	// interface, which costs no allocation. A float32 is copied as it
	// is: through float64, a signalling NaN would come back quiet.
	u := record{kind: Set, slot: slot}
	switch slot.Kind() {
	case reflect.Bool:
		u.kind = Bool
		if slot.Bool() {
			u.bits = 1
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		u.kind, u.bits = Int, uint64(slot.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u.kind, u.bits = Uint, slot.Uint()
	case reflect.Float64:
		u.kind, u.bits = Float, math.Float64bits(slot.Float())
	case reflect.Complex128:
		u.kind, u.c = Complex, slot.Complex()
	case reflect.String:
		u.kind, u.str = String, slot.String()
	case reflect.Pointer, reflect.Map:
		if slot.CanInterface() {
			u.old = reflect.ValueOf(slot.Interface())
			break
		}
		fallthrough
	default:
		old, mark := l.Temps.Temp(slot.Type())
		old.Set(slot)
		l.Hold(mark)
		u.old = old
	}
	l.recs = append(l.recs, u)
}

// SwapElems records that elements i and j of slice s were swapped (or,
// with moved, that element i was moved to j, see MoveElem).
func (l *Log) SwapElems(s reflect.Value, i, j int, moved bool) {
	if l == nil {
		return
	}
	k := Swap
	if moved {
		k = Move
	}
	l.recs = append(l.recs, record{kind: k, slot: s, i: i, j: j})
}

// Entry records a change of map mv that adds key added (invalid for none)
// and removes the entry old: val (old invalid for none). The caller
// ensures both keys are equal to themselves, so lookups find them.
func (l *Log) Entry(mv, added, old, val reflect.Value) {
	if l == nil {
		return
	}
	l.recs = append(l.recs, record{kind: Entry, slot: mv, added: added, old: old, val: val})
}

// Rollback undoes the records, last first, and forgets the log.
func (l *Log) Rollback() {
	for i := len(l.recs) - 1; i >= 0; i-- {
		u := &l.recs[i]
		switch u.kind {
		case Set:
			u.slot.Set(u.old)
		case Bool:
			u.slot.SetBool(u.bits != 0)
		case Int:
			u.slot.SetInt(int64(u.bits))
		case Uint:
			u.slot.SetUint(u.bits)
		case Float:
			u.slot.SetFloat(math.Float64frombits(u.bits))
		case Complex:
			u.slot.SetComplex(u.c)
		case String:
			u.slot.SetString(u.str)
		case Swap:
			reflect.Swapper(u.slot.Interface())(u.i, u.j)
		case Move:
			MoveElem(u.slot, u.j, u.i)
		case Entry:
			if u.added.IsValid() {
				u.slot.SetMapIndex(u.added, reflect.Value{})
			}
			if u.old.IsValid() {
				u.slot.SetMapIndex(u.old, u.val)
			}
		}
	}
	l.Forget()
}

// Forget empties the log and gives back the temporaries held for it,
// dropping every reference to the value.
func (l *Log) Forget() {
	clear(l.recs)
	l.recs = l.recs[:0]
	for _, mark := range l.held {
		l.Temps.Release(mark)
	}
	clear(l.held)
	l.held = l.held[:0]
}

// MoveElem moves element i of slice v to position j, shifting the others.
func MoveElem(v reflect.Value, i, j int) {
	tmp := reflect.New(v.Type().Elem()).Elem()
	tmp.Set(v.Index(i))
	if i < j {
		reflect.Copy(v.Slice(i, j), v.Slice(i+1, j+1))
	} else {
		reflect.Copy(v.Slice(j+1, i+1), v.Slice(j, i))
	}
	v.Index(j).Set(tmp)
}

// SelfEqual reports whether k == k, so that a map lookup can find it (a
// key holding a NaN cannot be found, replaced or deleted).
func SelfEqual(k reflect.Value) bool {
	return k.Comparable() && k.Equal(k)
}

// ReplaceEntry replaces entries[i] of map v (sorted by mapord) by key k
// and value val, or removes it when k is invalid, and records it in l
// (nil for no record). A key lookups cannot find (a NaN) cannot be
// replaced in place: the map is then rebuilt as a new one, and the old
// one is left as it was for the undo.
func (l *Log) ReplaceEntry(v reflect.Value, entries []mapord.Entry, i int, k, val reflect.Value) {
	old := entries[i].K
	if SelfEqual(old) && (!k.IsValid() || SelfEqual(k)) && v.MapIndex(old).IsValid() {
		l.Entry(v, k, old, entries[i].V)
		v.SetMapIndex(old, reflect.Value{})
		if k.IsValid() {
			v.SetMapIndex(k, val)
		}
		return
	}
	l.Slot(v)
	nm := reflect.MakeMapWithSize(v.Type(), len(entries))
	for j, e := range entries {
		switch {
		case j != i:
			nm.SetMapIndex(e.K, e.V)
		case k.IsValid():
			nm.SetMapIndex(k, val)
		}
	}
	v.Set(nm)
}

// SetEntry sets the entry k: val in map v and records it in l (nil for no
// record). When v holds a key equal to k, the undo puts back that key as
// the map stored it (-0 and +0 are equal keys, and the map keeps the last
// one written) with its old value.
func (l *Log) SetEntry(v, k, val reflect.Value) {
	if SelfEqual(k) {
		if old := v.MapIndex(k); old.IsValid() {
			l.Entry(v, k, storedKey(v, k), old)
		} else {
			l.Entry(v, k, reflect.Value{}, reflect.Value{})
		}
	} else if l != nil {
		// A NaN key cannot be deleted again: add it to a copy.
		l.Slot(v)
		v.Set(copyMap(v))
	}
	v.SetMapIndex(k, val)
}

// storedKey returns the key of map v that equals k, as the map holds it.
func storedKey(v, k reflect.Value) reflect.Value {
	for it := v.MapRange(); it.Next(); {
		if sk := it.Key(); sk.Equal(k) {
			return sk
		}
	}
	return k
}

// copyMap returns a new map with the entries of map v.
func copyMap(v reflect.Value) reflect.Value {
	nm := reflect.MakeMapWithSize(v.Type(), v.Len())
	for it := v.MapRange(); it.Next(); {
		nm.SetMapIndex(it.Key(), it.Value())
	}
	return nm
}
