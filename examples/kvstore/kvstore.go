// Package kvstore is a small multi-version key-value store with snapshots,
// rollback and compaction, of the kind that sits under a cache or a
// configuration service. Every key keeps a short history of versions (values
// and tombstones); a snapshot remembers a sequence number, and a rollback
// throws away every version written after the newest snapshot. Compaction
// prunes history that no reader can see any more.
//
// The fuzz input is a sequence of operations (a tagged union: Put, Delete,
// Get, Snapshot, Rollback, Compact). Check applies it both to the Store and to
// a plain map-based model, and panics when the two disagree.
//
// The planted bug is in Compact: a key whose newest version is a tombstone is
// dropped with all its history, even when an open snapshot can still see an
// older value of it. Finding it takes a specific sequence on one key: Put,
// Snapshot, Delete, Compact, Rollback (other operations may come between).
// Byte-level mutation of an encoding rarely keeps five operations and one key
// aligned; structure-aware mutation inserts, deletes and switches whole
// operations.
package kvstore

import (
	"fmt"
	"sort"

	"github.com/structfuzz/structfuzz/codec"
)

// Key names an entry. The domain is kept small (0..15) so that operations in
// a sequence meet on the same key.
type Key uint8

// Op is one operation on a store: Put, Delete, Get, Snapshot, Rollback or
// Compact.
type Op interface {
	apply(s *Store, m *model, step int)
}

// Put sets Key to Val.
type Put struct {
	Key Key `fuzz:"max=15"`
	Val uint16
}

// Delete removes Key (it writes a tombstone).
type Delete struct {
	Key Key `fuzz:"max=15"`
}

// Get reads Key; Check compares the result with the model's.
type Get struct {
	Key Key `fuzz:"max=15"`
}

// Snapshot opens a snapshot of the current state.
type Snapshot struct{}

// Rollback returns to the newest open snapshot and closes it.
type Rollback struct{}

// Compact prunes history that no open snapshot can see.
type Compact struct{}

// Program is the fuzz input: a sequence of operations.
type Program struct {
	Ops []Op `fuzz:"maxlen=48"`
}

func init() {
	// The order fixes the union tags: append new operations at the end.
	codec.RegisterUnion[Op](Put{}, Delete{}, Get{}, Snapshot{}, Rollback{}, Compact{})
}

// version is one write of a key: a value or a tombstone, with the sequence
// number it was written at.
type version struct {
	seq     uint64
	val     uint16
	deleted bool
}

// Store is a multi-version key-value store. The zero value is not usable;
// call NewStore.
type Store struct {
	seq   uint64            // sequence number of the last write
	keys  map[Key][]version // versions of each key, oldest first
	snaps []uint64          // open snapshots (their sequence numbers), oldest first
	stats struct{ compacted int }
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{keys: make(map[Key][]version)}
}

// Put sets k to v.
func (s *Store) Put(k Key, v uint16) {
	s.seq++
	s.keys[k] = append(s.keys[k], version{seq: s.seq, val: v})
}

// Delete removes k. Deleting a key that is not there is a no-op.
func (s *Store) Delete(k Key) {
	if _, ok := s.Get(k); !ok {
		return
	}
	s.seq++
	s.keys[k] = append(s.keys[k], version{seq: s.seq, deleted: true})
}

// Get returns the current value of k.
func (s *Store) Get(k Key) (uint16, bool) {
	vs := s.keys[k]
	if len(vs) == 0 {
		return 0, false
	}
	last := vs[len(vs)-1]
	return last.val, !last.deleted
}

// Snapshot opens a snapshot of the current state and returns how many are
// open.
func (s *Store) Snapshot() int {
	s.snaps = append(s.snaps, s.seq)
	return len(s.snaps)
}

// Rollback discards every write made since the newest open snapshot and
// closes it. It reports false when no snapshot is open.
func (s *Store) Rollback() bool {
	if len(s.snaps) == 0 {
		return false
	}
	at := s.snaps[len(s.snaps)-1]
	s.snaps = s.snaps[:len(s.snaps)-1]
	for k, vs := range s.keys {
		n := len(vs)
		for n > 0 && vs[n-1].seq > at {
			n--
		}
		if n == 0 {
			delete(s.keys, k)
		} else {
			s.keys[k] = vs[:n]
		}
	}
	s.seq = at
	return true
}

// Compact prunes versions that neither the current state nor any open
// snapshot can see, and returns how many it removed.
func (s *Store) Compact() int {
	removed := 0
	for k, vs := range s.keys {
		last := vs[len(vs)-1]
		if last.deleted {
			// BUG: a deleted key is dropped with its whole history, but
			// an open snapshot older than the tombstone can still see
			// (and roll back to) an earlier value.
			removed += len(vs)
			delete(s.keys, k)
			continue
		}
		keep := vs[:0:0]
		for i, v := range vs {
			if i == len(vs)-1 || s.visibleAtSnapshot(vs, i) {
				keep = append(keep, v)
			}
		}
		removed += len(vs) - len(keep)
		s.keys[k] = keep
	}
	s.stats.compacted += removed
	return removed
}

// visibleAtSnapshot reports whether vs[i] is the version some open snapshot
// reads: the newest version written at or before the snapshot.
func (s *Store) visibleAtSnapshot(vs []version, i int) bool {
	for _, at := range s.snaps {
		if vs[i].seq <= at && (i+1 == len(vs) || vs[i+1].seq > at) {
			return true
		}
	}
	return false
}

// Keys returns the live keys in order.
func (s *Store) Keys() []Key {
	var ks []Key
	for k := range s.keys {
		if _, ok := s.Get(k); ok {
			ks = append(ks, k)
		}
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
	return ks
}

// model is the oracle: a plain map, and a stack of copies of it.
type model struct {
	m     map[Key]uint16
	snaps []map[Key]uint16
}

func (m *model) clone() map[Key]uint16 {
	c := make(map[Key]uint16, len(m.m))
	for k, v := range m.m {
		c[k] = v
	}
	return c
}

func (o Put) apply(s *Store, m *model, step int) {
	s.Put(o.Key, o.Val)
	m.m[o.Key] = o.Val
}

func (o Delete) apply(s *Store, m *model, step int) {
	s.Delete(o.Key)
	delete(m.m, o.Key)
}

func (o Get) apply(s *Store, m *model, step int) {
	got, ok := s.Get(o.Key)
	want, wok := m.m[o.Key]
	if got != want || ok != wok {
		panic(fmt.Sprintf("kvstore: step %d: Get(%d) = %d, %v; model has %d, %v", step, o.Key, got, ok, want, wok))
	}
}

func (Snapshot) apply(s *Store, m *model, step int) {
	s.Snapshot()
	m.snaps = append(m.snaps, m.clone())
}

func (Rollback) apply(s *Store, m *model, step int) {
	ok := s.Rollback()
	if ok != (len(m.snaps) > 0) {
		panic(fmt.Sprintf("kvstore: step %d: Rollback = %v with %d snapshots", step, ok, len(m.snaps)))
	}
	if ok {
		m.m = m.snaps[len(m.snaps)-1]
		m.snaps = m.snaps[:len(m.snaps)-1]
	}
}

func (Compact) apply(s *Store, m *model, step int) {
	s.Compact()
}

// Check runs the code under test on p; it is what the fuzz target calls.
// It applies p to a Store and to the model, and panics if they disagree on
// any Get or on the final contents.
func Check(p *Program) {
	s := NewStore()
	m := &model{m: make(map[Key]uint16)}
	for i, op := range p.Ops {
		if op != nil {
			op.apply(s, m, i)
		}
	}
	for k := Key(0); k <= 15; k++ {
		Get{Key: k}.apply(s, m, len(p.Ops))
	}
}
