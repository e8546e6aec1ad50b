package mutator

import (
	"reflect"

	"github.com/structfuzz/structfuzz/internal/mapord"
	"github.com/structfuzz/structfuzz/internal/undo"
)

// A rejected attempt of Mutate (its result does not encode, does not fit
// or does not change the encoding) is undone from the log of the slots it
// changed (package undo), not by decoding the original encoding again.
// An attempt that ran a Mutate hook, which can change anything below its
// value, is restored by decoding (see MutateChecked).

// logging reports whether changes are logged: during an attempt of
// MutateFrom, outside hooks (whose attempts are restored in full).
func (m *Mutator) logging() bool { return m.root != nil && m.inHook == 0 }

// rec returns the log to record changes in, or nil while they are not
// logged.
func (m *Mutator) rec() *undo.Log {
	if m.logging() {
		return &m.log
	}
	return nil
}

// saveSlot logs the current content of slot, which is about to be
// replaced.
func (m *Mutator) saveSlot(slot reflect.Value) { m.rec().Slot(slot) }

// saveSwap logs that elements i and j of slice s were swapped (or, with
// moved, that element i was moved to j).
func (m *Mutator) saveSwap(s reflect.Value, i, j int, moved bool) { m.rec().SwapElems(s, i, j, moved) }

// rollback undoes the logged changes, last first, and empties the log.
func (m *Mutator) rollback() { m.log.Rollback() }

// forget empties the log, dropping its references to the value.
func (m *Mutator) forget() { m.log.Forget() }

// temps returns the scratch for the temporaries of a walk; hold keeps
// some until the log is forgotten.
func (m *Mutator) temps() *mapord.Scratch { return &m.log.Temps }

func (m *Mutator) hold(marks ...mapord.Mark) { m.log.Hold(marks...) }

// replaceEntry replaces entries[i] of map v by k: val, or removes it when
// k is invalid, logged.
func (m *Mutator) replaceEntry(v reflect.Value, entries []mapord.Entry, i int, k, val reflect.Value) {
	m.rec().ReplaceEntry(v, entries, i, k, val)
}

// setEntry adds the entry k: val, whose key the map v does not hold,
// logged.
func (m *Mutator) setEntry(v reflect.Value, k, val reflect.Value) { m.rec().SetEntry(v, k, val) }
